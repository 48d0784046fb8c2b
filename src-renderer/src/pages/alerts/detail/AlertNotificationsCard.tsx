/**
 * The notifications the engine sent for an alert, newest first: to which receiver, firing or resolved,
 * first notice, repeat or escalation. Delivery itself (retries, errors) is on the Channels view.
 */
import type { AlertDetail } from '../../../../../src-shared/domain/alerts';
import { Badge, Card } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { alertsHref } from '../alerts-route';

const KIND_LABEL = { notify: 'notification', repeat: 'repeat', escalation: 'escalation' } as const;

export function AlertNotificationsCard({ detail }: { detail: AlertDetail }) {
  const notifications = [...detail.notifications].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <Card id="alert-notifications" title="Notifications">
      {notifications.length === 0 ? (
        <p className="muted" data-testid="alert-notifications-empty">
          None sent for this alert
          {detail.alert.silencedBy.length > 0 ? ' (it is silenced)' : detail.alert.state === 'pending' ? ' (it is still pending)' : ''}.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="alert-notifications-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Receiver</th>
                <th scope="col">Status</th>
                <th scope="col">Kind</th>
                <th scope="col" className="right">
                  Alerts in the group
                </th>
              </tr>
            </thead>
            <tbody>
              {notifications.map((notification) => (
                <tr key={notification.id} data-testid="alert-notification">
                  <td className="num nowrap">{formatDateTime(notification.at)}</td>
                  <td>
                    {notification.receiver === 'console' ? (
                      <code>console</code>
                    ) : (
                      <a href={alertsHref.channel(notification.receiver)}>
                        <code>{notification.receiver}</code>
                      </a>
                    )}
                  </td>
                  <td>
                    <Badge tone={notification.status === 'firing' ? 'error' : 'ok'} value={notification.status}>
                      {notification.status}
                    </Badge>
                  </td>
                  <td>{KIND_LABEL[notification.kind]}</td>
                  <td className="right num">
                    {notification.firing.length} firing, {notification.resolved.length} resolved
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
