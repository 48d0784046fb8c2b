/**
 * Notification channels: each with its kind and target (never a secret), whether it is enabled, its
 * circuit breaker (closed, open, half-open, each its own colour), the last delivery and the last error,
 * what waits in the outbox; "Send test" with its result, edit, delete. Below, the recent deliveries.
 * Live on `notifications.changed`.
 */
import { useEffect } from 'react';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useNotificationChannelsStore } from '../../../stores/notification-channels-store';
import { Card, Pending } from '../../../ui/Card';
import { RefreshButton } from '../../../ui/RefreshButton';
import { AccessNote, LoadError } from '../AccessNotices';
import { alertsHref } from '../alerts-route';
import { ChannelsTable } from './ChannelsTable';
import { DeliveriesCard } from './DeliveriesCard';

export function ChannelsView() {
  const bridge = useBridge();
  const channels = useNotificationChannelsStore((store) => store.channels);
  const access = useAdminAccess('Creating, editing and testing channels');

  useEffect(() => {
    const store = useNotificationChannelsStore.getState();
    void store.load(bridge);
    void store.loadDeliveries(bridge);
    return store.follow(bridge);
  }, [bridge]);

  const actions = (
    <>
      {access.allowed ? (
        <a className="button small primary" href={alertsHref.newChannel()} data-testid="channel-new">
          New channel
        </a>
      ) : (
        <button type="button" className="button small primary" disabled title={access.reason ?? undefined} data-testid="channel-new">
          New channel
        </button>
      )}
      <RefreshButton
        onRefresh={() => void useNotificationChannelsStore.getState().load(bridge)}
        loading={channels.loading}
        testId="channels-refresh"
      />
    </>
  );

  return (
    <div className="channels-view">
      <Card id="channels-card" title="Notification channels" actions={actions}>
        <AccessNote reason={access.reason} testId="channels-access" />
        {channels.error && <LoadError error={channels.error} testId="channels-error" stale={channels.data !== null} />}
        {!channels.data && !channels.error && <Pending>Loading channels…</Pending>}
        {channels.data && channels.data.length === 0 && (
          <div className="empty-state" data-testid="channels-empty">
            <p>No notification channels yet: alerts are recorded in the console only.</p>
            <p className="muted">
              Add a webhook, Slack, PagerDuty or Alertmanager channel, then name it as a receiver in the routes so alerts reach it.
            </p>
          </div>
        )}
        {channels.data && channels.data.length > 0 && <ChannelsTable channels={channels.data} access={access} />}
      </Card>
      <DeliveriesCard />
    </div>
  );
}
