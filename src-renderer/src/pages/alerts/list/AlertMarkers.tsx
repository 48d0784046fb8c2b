/**
 * Whether anyone will be told of an alert and whether someone is on it: silenced (by which silences),
 * inhibited (by which firing alerts), acknowledged (by whom), escalated. Nothing when none applies.
 */
import type { Alert } from '../../../../../src-shared/domain/alerts';
import { Badge } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';

export function AlertMarkers({ alert, dashWhenNone = true }: { alert: Alert; dashWhenNone?: boolean }) {
  const markers = [];
  if (alert.silencedBy.length > 0)
    markers.push(
      <Badge
        key="silenced"
        tone="info"
        value="silenced"
        testId="alert-marker-silenced"
        title={`Silenced by ${alert.silencedBy.join(', ')}`}
      >
        silenced
      </Badge>,
    );
  if (alert.inhibitedBy.length > 0)
    markers.push(
      <Badge
        key="inhibited"
        tone="neutral"
        value="inhibited"
        testId="alert-marker-inhibited"
        title={`Inhibited by the firing alert${alert.inhibitedBy.length > 1 ? 's' : ''} ${alert.inhibitedBy.join(', ')}`}
      >
        inhibited
      </Badge>,
    );
  if (alert.acknowledged)
    markers.push(
      <Badge
        key="acked"
        tone="ok"
        value="acknowledged"
        testId="alert-marker-acknowledged"
        title={`Acknowledged by ${alert.acknowledged.username} at ${formatDateTime(alert.acknowledged.at)}${alert.acknowledged.comment ? `: ${alert.acknowledged.comment}` : ''}`}
      >
        acked
      </Badge>,
    );
  if (alert.escalatedAt)
    markers.push(
      <Badge
        key="escalated"
        tone="warning"
        value="escalated"
        testId="alert-marker-escalated"
        title={`Escalated at ${formatDateTime(alert.escalatedAt)}`}
      >
        escalated
      </Badge>,
    );
  if (markers.length === 0) return dashWhenNone ? <span className="muted">—</span> : null;
  return <span className="alert-markers">{markers}</span>;
}
