/**
 * The Alerts page's own navigation: Alerts (with the firing count), Silences, Rules and Channels. An
 * alert, a rule or a channel opened from its list keeps that list's tab marked.
 */
import type { AlertsRoute } from './alerts-route';
import { alertsHref } from './alerts-route';

type Tab = 'alerts' | 'silences' | 'rules' | 'channels';

function activeTab(route: AlertsRoute): Tab | null {
  switch (route.view) {
    case 'alerts':
    case 'alert':
      return 'alerts';
    case 'silences':
      return 'silences';
    case 'rules':
    case 'rule':
      return 'rules';
    case 'channels':
    case 'channel':
      return 'channels';
    case 'unknown':
      return null;
  }
}

export function AlertsTabs({ route, firing }: { route: AlertsRoute; firing: number | null }) {
  const active = activeTab(route);
  const tabs: { id: Tab; label: string; href: string; count?: number | null }[] = [
    { id: 'alerts', label: 'Alerts', href: alertsHref.alerts(), count: firing },
    { id: 'silences', label: 'Silences', href: alertsHref.silences() },
    { id: 'rules', label: 'Rules', href: alertsHref.rules() },
    { id: 'channels', label: 'Channels', href: alertsHref.channels() },
  ];
  return (
    <nav className="subnav" aria-label="Alerts views">
      {tabs.map((tab) => (
        <a
          key={tab.id}
          className="subnav-link"
          href={tab.href}
          aria-current={tab.id === active ? 'page' : undefined}
          data-testid={`alerts-tab-${tab.id}`}
        >
          {tab.label}
          {tab.count !== undefined && tab.count !== null && tab.count > 0 && (
            <span className="subnav-count alerts-firing-count" data-testid="alerts-firing-count" title={`${tab.count} firing`}>
              {tab.count}
            </span>
          )}
        </a>
      ))}
    </nav>
  );
}
