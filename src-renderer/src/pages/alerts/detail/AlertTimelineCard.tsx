/**
 * Every state transition of every episode of an alert, newest first: when, from which state to which,
 * the value that caused it, and for how long the state it left had lasted.
 */
import type { AlertDetail } from '../../../../../src-shared/domain/alerts';
import { Badge, Card } from '../../../ui/Card';
import { formatDateTime, formatDuration } from '../../../ui/format-units';
import { formatAlertValue, STATE_TONE } from '../alert-labels';

export function AlertTimelineCard({ detail }: { detail: AlertDetail }) {
  const ordered = [...detail.transitions].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
  const rows = ordered.map((transition, index) => {
    const previous = ordered[index - 1];
    const lasted =
      previous && previous.episode === transition.episode ? (Date.parse(transition.at) - Date.parse(previous.at)) / 1000 : null;
    return { transition, lasted };
  });
  rows.reverse();
  return (
    <Card id="alert-timeline" title={`Timeline (${detail.transitions.length} transition${detail.transitions.length === 1 ? '' : 's'})`}>
      {rows.length === 0 ? (
        <p className="muted" data-testid="alert-timeline-empty">
          No transitions stored yet.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="alert-timeline-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Transition</th>
                <th scope="col" className="right">
                  Value
                </th>
                <th scope="col">After</th>
                <th scope="col" className="right">
                  Episode
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ transition, lasted }) => (
                <tr key={transition.id} data-testid="alert-transition" data-from={transition.from} data-to={transition.to}>
                  <td className="num nowrap">
                    <time dateTime={transition.at} title={transition.at}>
                      {formatDateTime(transition.at)}
                    </time>
                  </td>
                  <td className="nowrap">
                    <Badge tone={STATE_TONE[transition.from]} value={transition.from}>
                      {transition.from}
                    </Badge>
                    <span className="transition-arrow" aria-hidden="true">
                      →
                    </span>
                    <span className="visually-hidden">to</span>
                    <Badge tone={STATE_TONE[transition.to]} value={transition.to}>
                      {transition.to}
                    </Badge>
                  </td>
                  <td className="right num">{formatAlertValue(transition.value)}</td>
                  <td className="muted nowrap">{lasted === null ? '—' : `${formatDuration(lasted)} ${transition.from}`}</td>
                  <td className="right num">{transition.episode}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
