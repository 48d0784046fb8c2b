/**
 * One row per kept trace: its root span, when it started, how long it took, its size, errors and AI cost,
 * and why the tail sampler kept it. The root opens the waterfall; the turn opens the Turns page.
 */
import type { CampaignSummary } from '../../../../../src-shared/contract';
import type { TraceSummary } from '../../../../../src-shared/domain/trace';
import { Badge } from '../../../ui/Card';
import { formatCost, formatCount, formatDateTime, formatElapsedMs } from '../../../ui/format-units';
import { turnsHref } from '../../turns/turns-route';
import { tracesHref } from '../traces-route';
import { KEPT_REASON_HINT, KEPT_REASON_LABEL } from './trace-filters';

export function TraceResultsTable({ traces, campaigns }: { traces: readonly TraceSummary[]; campaigns: readonly CampaignSummary[] }) {
  const names = new Map(campaigns.map((campaign) => [campaign.id, campaign.name]));
  return (
    <div className="table-scroll">
      <table className="data-table trace-results-table" data-testid="trace-results-table">
        <thead>
          <tr>
            <th scope="col">Root span</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col" className="right">
              Duration
            </th>
            <th scope="col" className="right">
              Spans
            </th>
            <th scope="col" className="right">
              Errors
            </th>
            <th scope="col" className="right">
              AI cost
            </th>
            <th scope="col">Kept because</th>
            <th scope="col">Turn</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((trace) => (
            <tr key={trace.traceId} data-testid="trace-result" data-trace-id={trace.traceId} data-status={trace.status}>
              <td>
                <div className="trace-root-cell">
                  <a href={tracesHref.trace(trace.traceId)} data-testid="trace-result-open" title={`trace ${trace.traceId}`}>
                    <code>{trace.rootName}</code>
                  </a>
                  <span className="muted mono trace-id-short">{trace.traceId.slice(0, 8)}</span>
                </div>
              </td>
              <td>
                <Badge tone={trace.status === 'error' ? 'error' : 'ok'} value={trace.status}>
                  {trace.status}
                </Badge>
              </td>
              <td className="num nowrap">
                <time dateTime={trace.startedAt} title={trace.startedAt}>
                  {formatDateTime(trace.startedAt)}
                </time>
              </td>
              <td className="right num">{formatElapsedMs(trace.durationMs)}</td>
              <td className="right num">{formatCount(trace.spanCount)}</td>
              <td className={`right num${trace.errorCount > 0 ? ' text-error' : ''}`}>{formatCount(trace.errorCount)}</td>
              <td className="right num">{formatCost(trace.cost)}</td>
              <td>
                <span className="kept-reason" data-value={trace.keptReason} title={KEPT_REASON_HINT[trace.keptReason]}>
                  {KEPT_REASON_LABEL[trace.keptReason]}
                </span>
              </td>
              <td className="nowrap">
                {trace.turnId ? (
                  <a href={turnsHref.turn(trace.turnId)} title={trace.turnId} className="mono">
                    {trace.turnId.slice(0, 8)}
                  </a>
                ) : (
                  <span className="muted">—</span>
                )}
                {trace.campaignId && <span className="muted"> · {names.get(trace.campaignId) ?? trace.campaignId}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
