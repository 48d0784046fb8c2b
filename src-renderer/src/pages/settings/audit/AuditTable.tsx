/**
 * One row per audit entry, newest first: when, who (and with which role), what on which target, the
 * outcome, the trace of the request, and the entry's place in the hash chain.
 */
import type { AuditEntry } from '../../../../../src-shared/domain/security';
import { Badge, type BadgeTone } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { tracesHref } from '../../traces/traces-route';

const OUTCOME_TONE: Record<AuditEntry['outcome'], BadgeTone> = { ok: 'ok', denied: 'warning', failed: 'error' };

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col" className="right">
              #
            </th>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Role</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
            <th scope="col">Trace</th>
            <th scope="col">Hash</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr
              key={entry.seq}
              data-testid="audit-row"
              data-seq={entry.seq}
              data-action={entry.action}
              data-actor={entry.actor}
              data-outcome={entry.outcome}
            >
              <td className="right num muted">{entry.seq}</td>
              <td className="num nowrap">
                <time dateTime={entry.at} title={entry.at}>
                  {formatDateTime(entry.at)}
                </time>
              </td>
              <td className="audit-actor" data-testid="audit-actor">
                {entry.actor}
              </td>
              <td className="nowrap">{entry.role}</td>
              <td>
                <code data-testid="audit-action">{entry.action}</code>
              </td>
              <td className="audit-target">{entry.target ?? <span className="muted">—</span>}</td>
              <td className="nowrap">
                <Badge tone={OUTCOME_TONE[entry.outcome]} value={entry.outcome} testId="audit-outcome" title={entry.detail ?? undefined}>
                  {entry.outcome}
                </Badge>
                {entry.detail && <span className="audit-detail mono">{entry.detail}</span>}
              </td>
              <td className="nowrap">
                {entry.traceId ? (
                  <a
                    href={tracesHref.trace(entry.traceId)}
                    className="mono"
                    title={`open trace ${entry.traceId}`}
                    data-testid="audit-trace"
                  >
                    {entry.traceId.slice(0, 8)}…
                  </a>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="nowrap mono audit-hash" title={`hash ${entry.hash}\nprevious ${entry.prevHash}`}>
                {entry.hash.slice(0, 10)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
