/**
 * The Alerts page (SPEC section 7): the alerts (firing, pending, resolved) and one alert's detail, the
 * silences, the rules editor with a live preview, and the notification channels with their breakers.
 * Which view shows comes from the hash (alerts-route.ts). A caller without metrics.view gets one notice
 * instead of four failing views; edit actions say why they are disabled for roles without metrics.admin.
 */
import { type ReactNode, useEffect, useMemo } from 'react';
import { useBridge } from '../../bridge-context';
import { ErrorBoundary } from '../../shell/ErrorBoundary';
import { hashSegments, useHash } from '../../shell/hash-route';
import { useAlertListStore } from '../../stores/alert-list-store';
import { useCallerIdentityStore } from '../../stores/caller-identity-store';
import { Pending } from '../../ui/Card';
import { ViewPermissionRequired } from './AccessNotices';
import { AlertsTabs } from './AlertsTabs';
import { type AlertsRoute, alertsHref, parseAlertsRoute } from './alerts-route';
import { ChannelEditorView } from './channels/ChannelEditorView';
import { ChannelsView } from './channels/ChannelsView';
import { AlertDetailView } from './detail/AlertDetailView';
import { AlertsListView } from './list/AlertsListView';
import { RuleEditorView } from './rules/RuleEditorView';
import { RulesListView } from './rules/RulesListView';
import { SilencesView } from './silences/SilencesView';

export function AlertsPage() {
  const bridge = useBridge();
  const hash = useHash();
  const route = useMemo(() => parseAlertsRoute(hashSegments(hash).slice(1)), [hash]);
  const identity = useCallerIdentityStore((store) => store.identity);
  const firing = useAlertListStore((store) => store.list.data?.counts.firing ?? null);

  useEffect(() => {
    void useCallerIdentityStore.getState().load(bridge);
  }, [bridge]);

  // Until whoami answers the views wait (subscribing to a topic the caller may not read would break the
  // event stream of every page); if whoami fails they still open and show their own errors.
  const canView = identity.data ? identity.data.permissions.includes('metrics.view') : null;
  const open = canView === true || (canView === null && identity.error !== null);
  useEffect(() => {
    if (!open) return;
    const list = useAlertListStore.getState();
    void list.load(bridge);
    return list.follow(bridge);
  }, [bridge, open]);

  let body: ReactNode;
  if (identity.data && canView === false) body = <ViewPermissionRequired identity={identity.data} />;
  else if (!open) body = <Pending>Loading alerts…</Pending>;
  else {
    body = (
      <>
        <AlertsTabs route={route} firing={firing} />
        <ErrorBoundary scope="this view of the Alerts page" resetKey={hash}>
          <RouteView route={route} />
        </ErrorBoundary>
      </>
    );
  }
  return <div className="alerts-page">{body}</div>;
}

function RouteView({ route }: { route: AlertsRoute }) {
  switch (route.view) {
    case 'alerts':
      return <AlertsListView />;
    case 'alert':
      return <AlertDetailView fingerprint={route.fingerprint} />;
    case 'silences':
      return <SilencesView />;
    case 'rules':
      return <RulesListView />;
    case 'rule':
      return <RuleEditorView name={route.name} />;
    case 'channels':
      return <ChannelsView />;
    case 'channel':
      return <ChannelEditorView id={route.id} />;
    case 'unknown':
      return (
        <section className="notice-panel" data-testid="alerts-view-not-found">
          <h2>No Alerts view at “{route.path}”</h2>
          <p>
            The link may be mistyped or from a newer console. <a href={alertsHref.alerts()}>Go to the alerts</a>.
          </p>
        </section>
      );
  }
}
