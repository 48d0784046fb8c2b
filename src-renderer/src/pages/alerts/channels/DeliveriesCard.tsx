/**
 * The delivery outbox, newest first: what was sent to which channel, whether it arrived, how many
 * attempts it took, when the next one is due and the last error — the place to see retries and a
 * breaker holding notifications back. Filter by channel.
 */
import { useBridge } from '../../../bridge-context';
import { useNotificationChannelsStore } from '../../../stores/notification-channels-store';
import { Badge, Card, Pending } from '../../../ui/Card';
import { formatClock, formatDateTime } from '../../../ui/format-units';
import { RefreshButton } from '../../../ui/RefreshButton';
import { LoadError } from '../AccessNotices';
import { DELIVERY_TONE } from '../alert-labels';

export function DeliveriesCard() {
  const bridge = useBridge();
  const deliveries = useNotificationChannelsStore((store) => store.deliveries);
  const channelId = useNotificationChannelsStore((store) => store.deliveriesChannel);
  const channels = useNotificationChannelsStore((store) => store.channels.data);
  const store = useNotificationChannelsStore.getState;

  const actions = (
    <>
      <label className="inline-field">
        <span>Channel</span>
        <select
          value={channelId}
          onChange={(event) => store().setDeliveriesChannel(bridge, event.target.value)}
          data-testid="deliveries-channel"
        >
          <option value="">all</option>
          {(channels ?? []).map((channel) => (
            <option key={channel.id} value={channel.id}>
              {channel.name}
            </option>
          ))}
        </select>
      </label>
      <RefreshButton onRefresh={() => void store().loadDeliveries(bridge)} loading={deliveries.loading} testId="deliveries-refresh" />
    </>
  );

  return (
    <Card id="deliveries-card" title="Recent deliveries" actions={actions}>
      {deliveries.error && <LoadError error={deliveries.error} testId="deliveries-error" stale={deliveries.data !== null} />}
      {!deliveries.data && !deliveries.error && <Pending>Loading deliveries…</Pending>}
      {deliveries.data && deliveries.data.length === 0 && (
        <p className="empty-state" data-testid="deliveries-empty">
          Nothing delivered yet{channelId ? ' through this channel' : ''}. “Send test” on a channel puts one here.
        </p>
      )}
      {deliveries.data && deliveries.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="deliveries-table">
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Channel</th>
                <th scope="col">Notification</th>
                <th scope="col">Status</th>
                <th scope="col" className="right">
                  Attempts
                </th>
                <th scope="col">Delivered / next try</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((delivery) => (
                <tr key={delivery.id} data-testid="delivery-row" data-status={delivery.status} data-channel-id={delivery.channelId}>
                  <td className="num nowrap">
                    <time dateTime={delivery.createdAt} title={formatDateTime(delivery.createdAt)}>
                      {formatClock(delivery.createdAt)}
                    </time>
                  </td>
                  <td>
                    <code>{delivery.channelId}</code>
                  </td>
                  <td className="delivery-summary">
                    {delivery.summary}
                    {delivery.test && (
                      <>
                        {' '}
                        <Badge tone="info" value="test">
                          test
                        </Badge>
                      </>
                    )}
                  </td>
                  <td>
                    <Badge tone={DELIVERY_TONE[delivery.status]} value={delivery.status} testId="delivery-status">
                      {delivery.status}
                    </Badge>
                  </td>
                  <td className="right num">{delivery.attempts}</td>
                  <td className="num nowrap">
                    {delivery.deliveredAt
                      ? formatClock(delivery.deliveredAt)
                      : delivery.nextAttemptAt
                        ? `next ${formatClock(delivery.nextAttemptAt)}`
                        : '—'}
                  </td>
                  <td className="wrap">
                    {delivery.lastError ? <span className="text-error">{delivery.lastError}</span> : <span className="muted">—</span>}
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
