/**
 * One row per turn, newest first: pick it for a diff, open it, and read its outcome at a glance.
 */
import type { CampaignSummary } from '../../../../../src-shared/contract';
import type { TurnSummary } from '../../../../../src-shared/domain/turn';
import { useTurnHistoryStore } from '../../../stores/turn-history-store';
import { Badge } from '../../../ui/Card';
import { formatCost, formatCount, formatDateTime, formatElapsedMs } from '../../../ui/format-units';
import { OVERALL_STATUS_TONE, PHASE_LABEL, statusLabel } from '../turn-labels';
import { turnsHref } from '../turns-route';

export function HistoryTable({ turns, campaigns }: { turns: readonly TurnSummary[]; campaigns: readonly CampaignSummary[] }) {
  const selected = useTurnHistoryStore((store) => store.selected);
  const names = new Map(campaigns.map((campaign) => [campaign.id, campaign.name]));
  return (
    <div className="table-scroll">
      <table className="data-table history-table" data-testid="history-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Pick for diff</span>
            </th>
            <th scope="col">Turn</th>
            <th scope="col">Status</th>
            <th scope="col">Campaign</th>
            <th scope="col">Started</th>
            <th scope="col" className="right">
              Duration
            </th>
            <th scope="col" className="right">
              AI cost
            </th>
            <th scope="col" className="right">
              Tokens
            </th>
            <th scope="col">Failure</th>
          </tr>
        </thead>
        <tbody>
          {turns.map((turn) => {
            const isSelected = selected.some((item) => item.id === turn.id);
            return (
              <tr key={turn.id} data-testid="history-row" data-turn-id={turn.id} data-status={turn.status} aria-selected={isSelected}>
                <td>
                  <input
                    type="checkbox"
                    checked={isSelected}
                    disabled={turn.status === 'running'}
                    onChange={() =>
                      useTurnHistoryStore
                        .getState()
                        .toggleSelected({ id: turn.id, number: turn.number, campaignId: turn.campaignId, startedAt: turn.startedAt })
                    }
                    aria-label={`Pick turn ${turn.number} for a diff`}
                    data-testid={`history-select-${turn.id}`}
                  />
                </td>
                <td>
                  <a href={turnsHref.turn(turn.id)} data-testid="history-open">
                    Turn {turn.number}
                  </a>
                  {turn.replayOf && (
                    <span className="muted" title={`replay of ${turn.replayOf}`}>
                      {' '}
                      · replay
                    </span>
                  )}
                </td>
                <td>
                  <Badge tone={OVERALL_STATUS_TONE[turn.status]} value={turn.status}>
                    {statusLabel(turn.status)}
                  </Badge>
                </td>
                <td>{names.get(turn.campaignId) ?? turn.campaignId}</td>
                <td className="num nowrap">
                  <time dateTime={turn.startedAt} title={turn.startedAt}>
                    {formatDateTime(turn.startedAt)}
                  </time>
                </td>
                <td className="right num">{turn.durationMs === null ? '—' : formatElapsedMs(turn.durationMs)}</td>
                <td className="right num">{formatCost(turn.totalAiCost)}</td>
                <td className="right num">{formatCount(turn.tokensIn + turn.tokensOut)}</td>
                <td className="wrap">
                  {turn.failureReason ? (
                    <span title={turn.failureMessage ?? undefined}>
                      {turn.failedPhase ? PHASE_LABEL[turn.failedPhase] : 'turn'} · <code>{turn.failureReason}</code>
                    </span>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
