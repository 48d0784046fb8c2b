/**
 * The head of a turn: its status, why it failed, the totals, what it ran with (seed, provider,
 * participants) and the actions on it — cancel while it runs, replay and compare once it has ended.
 */
import type { TurnDetail, TurnSummary } from '../../../../../src-shared/domain/turn';
import { useBridge } from '../../../bridge-context';
import { useTurnDetailStore } from '../../../stores/turn-detail-store';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { Badge, Card, InlineError, KeyValueList, Stat } from '../../../ui/Card';
import { formatCost, formatCount, formatDateTime, formatElapsedMs, formatPercent } from '../../../ui/format-units';
import { TurnTraceLink } from '../../traces/TurnTraceLink';
import type { LiveTurnState } from '../live/phase-steps';
import { OVERALL_STATUS_TONE, PHASE_LABEL, statusLabel } from '../turn-labels';
import { turnsHref } from '../turns-route';
import { CompareWith } from './CompareWith';
import { joinNames, type NameOf } from './participant-names';
import { ReplayButtons } from './ReplayButtons';
import { TurnReportButtons } from './TurnReportButtons';

interface TurnSummaryCardProps {
  turnId: string;
  detail: TurnDetail | null;
  live: LiveTurnState;
  nameOf: NameOf;
}

export function TurnSummaryCard({ turnId, detail, live, nameOf }: TurnSummaryCardProps) {
  const turn = detail?.turn;
  const campaigns = useTurnRunStore((store) => store.campaigns.data);
  const campaignName = campaigns?.find((campaign) => campaign.id === turn?.campaignId)?.name ?? turn?.campaignId;
  const status = live.status;
  const running = status === 'running' || status === null;
  const title = turn ? `Turn ${turn.number}` : 'Turn';
  const cancelError = useTurnDetailStore((store) => store.cancels[turnId]?.error);

  const actions = (
    <>
      {status && (
        <Badge tone={OVERALL_STATUS_TONE[status]} testId="turn-status" value={status} title={`overall status: ${status}`}>
          {statusLabel(status)}
        </Badge>
      )}
      {running && <CancelButton turnId={turnId} />}
    </>
  );

  return (
    <Card id="turn-summary" title={campaignName ? `${title} · ${campaignName}` : title} actions={actions} className="turn-summary">
      {cancelError && <InlineError error={cancelError} testId="turn-cancel-error" stale={false} />}
      {turn?.failureReason && <FailureCallout turn={turn} />}
      <div className="stats">
        <Stat label="Completion" value={formatPercent(live.completion)} detail="of 5 phases succeeded" testId="turn-completion" />
        <Stat
          label="AI cost"
          value={formatCost(live.totalAiCost)}
          detail={turn ? `${detail?.providerCalls ?? 0} provider calls` : undefined}
          testId="turn-cost"
        />
        <Stat
          label="Tokens"
          value={turn ? formatCount(turn.tokensIn + turn.tokensOut) : '—'}
          detail={turn ? `${formatCount(turn.tokensIn)} in · ${formatCount(turn.tokensOut)} out` : 'after the turn'}
          testId="turn-tokens"
        />
        <Stat
          label="Duration"
          value={
            turn?.durationMs !== null && turn?.durationMs !== undefined ? formatElapsedMs(turn.durationMs) : running ? 'running…' : '—'
          }
          detail={turn && !running ? `provider time ${formatElapsedMs(turn.providerMs)}` : undefined}
          testId="turn-duration"
        />
      </div>
      {turn && (
        <KeyValueList
          rows={[
            { key: 'seed', label: 'Seed', value: turn.seed, testId: 'turn-seed', mono: true },
            { key: 'provider', label: 'Provider', value: turn.provider, testId: 'turn-provider' },
            ...(typeof detail?.configuration.storyDirective === 'string'
              ? [{ key: 'directive', label: 'Story directive', value: detail.configuration.storyDirective, testId: 'turn-directive' }]
              : []),
            {
              key: 'participants',
              label: 'Participants',
              value: (
                <span title={turn.participants.join(', ')}>
                  {turn.participants.length} · {joinNames(turn.participants, nameOf, 6)}
                </span>
              ),
              testId: 'turn-participants',
            },
            {
              key: 'started',
              label: 'Started',
              value: (
                <>
                  <time dateTime={turn.startedAt} title={turn.startedAt}>
                    {formatDateTime(turn.startedAt)}
                  </time>{' '}
                  <span className="muted">
                    by {turn.startedBy} from {turn.origin}
                  </span>
                </>
              ),
            },
            ...(turn.replayOf
              ? [
                  {
                    key: 'replay-of',
                    label: 'Replay of',
                    value: (
                      <a href={turnsHref.turn(turn.replayOf)} data-testid="turn-replay-of">
                        the original turn
                      </a>
                    ),
                  },
                ]
              : []),
            { key: 'id', label: 'Turn id', value: turn.id, mono: true, testId: 'turn-id' },
          ]}
        />
      )}
      {turn && !running && (
        <div className="turn-actions">
          <ReplayButtons turnId={turnId} />
          <CompareWith turn={turn} />
          <TurnTraceLink turnId={turnId} />
          <TurnReportButtons turnId={turnId} />
        </div>
      )}
      {live.message && running && (
        <p className="live-message muted" aria-live="polite" data-testid="turn-live-message">
          {live.message}
        </p>
      )}
    </Card>
  );
}

/** Why the turn ended early. A cancellation is the user's choice, not an error, and reads as such. */
function FailureCallout({ turn }: { turn: TurnSummary }) {
  const phase = turn.failedPhase ? PHASE_LABEL[turn.failedPhase] : null;
  const ended = turn.failureReason === 'cancelled' || turn.failureReason === 'interrupted';
  const headline = ended
    ? `${turn.failureReason === 'cancelled' ? 'Cancelled' : 'Interrupted'}${phase ? ` during ${phase}` : ''}`
    : `${phase ? `${phase} failed` : 'The turn failed'} (${statusLabel(turn.failureReason ?? 'internal')})`;
  return (
    <div className={`failure-callout${ended ? ' is-neutral' : ''}`} role="note" data-testid="turn-failure" data-reason={turn.failureReason}>
      <strong>{headline}</strong>
      {turn.failureMessage && <span className="failure-message">{turn.failureMessage}</span>}
    </div>
  );
}

function CancelButton({ turnId }: { turnId: string }) {
  const bridge = useBridge();
  const cancel = useTurnDetailStore((store) => store.cancels[turnId]);
  return (
    <button
      type="button"
      className="button danger small"
      onClick={() => void useTurnDetailStore.getState().cancel(bridge, turnId)}
      disabled={cancel?.pending || cancel?.cancelled === true}
      data-testid="turn-cancel"
    >
      {cancel?.pending ? 'Cancelling…' : cancel?.cancelled ? 'Cancel requested' : 'Cancel turn'}
    </button>
  );
}
