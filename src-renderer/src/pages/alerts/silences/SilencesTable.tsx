/**
 * One row per silence: state, matchers, how many alerts it mutes now, its window (with how long is
 * left), creator and comment, and Expire (active and pending ones) behind an inline confirmation.
 */
import type { Silence } from '../../../../../src-shared/domain/alerts';
import { useBridge } from '../../../bridge-context';
import { useAlertSilencesStore } from '../../../stores/alert-silences-store';
import { Badge } from '../../../ui/Card';
import { formatDateTime, formatDuration } from '../../../ui/format-units';
import { useNow } from '../../../ui/use-now';
import { InlineConfirm } from '../../settings/InlineConfirm';
import { LoadError } from '../AccessNotices';
import { SILENCE_STATE_TONE } from '../alert-labels';
import { MatcherChips } from '../LabelChips';

interface SilencesTableProps {
  silences: readonly Silence[];
  canExpire: boolean;
  expireReason: string | null;
}

function timing(silence: Silence, now: number): string {
  const starts = Date.parse(silence.startsAt);
  const ends = Date.parse(silence.endsAt);
  if (silence.state === 'pending') return `starts in ${formatDuration((starts - now) / 1000)}`;
  if (silence.state === 'active') return `${formatDuration((ends - now) / 1000)} left`;
  return `ended ${formatDuration((now - ends) / 1000)} ago`;
}

/** `2025-01-31 09:00 → 11:00`, or both dates when the window spans days. */
function windowText(silence: Silence): string {
  const starts = formatDateTime(silence.startsAt).slice(0, 16);
  const ends = formatDateTime(silence.endsAt).slice(0, 16);
  return starts.slice(0, 10) === ends.slice(0, 10) ? `${starts} → ${ends.slice(11)}` : `${starts} → ${ends}`;
}

export function SilencesTable({ silences, canExpire, expireReason }: SilencesTableProps) {
  const bridge = useBridge();
  const confirming = useAlertSilencesStore((store) => store.confirmingExpire);
  const expiring = useAlertSilencesStore((store) => store.expiring);
  const expireError = useAlertSilencesStore((store) => store.expireError);
  const created = useAlertSilencesStore((store) => store.created);
  const now = useNow(10_000);
  const store = useAlertSilencesStore.getState;

  return (
    <div className="table-scroll">
      <table className="data-table silences-table" data-testid="silences-table">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Matchers</th>
            <th scope="col" className="right">
              Mutes
            </th>
            <th scope="col">Window</th>
            <th scope="col">Created by</th>
            <th scope="col">Comment</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {silences.map((silence) => (
            <tr
              key={silence.id}
              data-testid="silence-row"
              data-silence-id={silence.id}
              data-state={silence.state}
              className={created?.id === silence.id ? 'row-new' : undefined}
            >
              <td>
                <Badge tone={SILENCE_STATE_TONE[silence.state]} value={silence.state} testId="silence-state">
                  {silence.state}
                </Badge>
              </td>
              <td>
                <MatcherChips matchers={silence.matchers} testId="silence-matchers" />
              </td>
              <td className="right num" data-testid="silence-mutes">
                {silence.state === 'expired' ? <span className="muted">—</span> : silence.mutes}
              </td>
              <td className="silence-window">
                <span className="num" title={`${silence.startsAt} → ${silence.endsAt}`}>
                  {windowText(silence)}
                </span>
                <span className="muted silence-timing" data-testid="silence-timing">
                  {timing(silence, now)}
                </span>
              </td>
              <td className="nowrap">{silence.createdBy}</td>
              <td className="wrap" data-testid="silence-comment">
                {silence.comment}
              </td>
              <td className="nowrap">
                {silence.state !== 'expired' &&
                  (confirming === silence.id ? (
                    <InlineConfirm
                      confirmLabel="Expire now"
                      busyLabel="Expiring…"
                      busy={expiring === silence.id}
                      onConfirm={() => void store().expire(bridge, silence.id)}
                      onCancel={() => store().askExpire(null)}
                      testId="silence-expire-confirm"
                    >
                      {silence.state === 'pending' ? 'It will never start.' : 'Its alerts notify again at once.'}
                    </InlineConfirm>
                  ) : (
                    <button
                      type="button"
                      className="button small danger"
                      onClick={() => store().askExpire(silence.id)}
                      disabled={!canExpire}
                      title={expireReason ?? undefined}
                      data-testid="silence-expire"
                    >
                      Expire
                    </button>
                  ))}
                {expireError?.id === silence.id && <LoadError error={expireError.error} testId="silence-expire-error" stale={false} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
