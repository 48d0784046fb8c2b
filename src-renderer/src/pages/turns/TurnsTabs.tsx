/**
 * The Turns page's own navigation: Run, History and the review queue with its open count. A turn or a
 * diff opened from the history keeps History marked, since that is where the user came from.
 */
import { useReviewQueueStore } from '../../stores/review-queue-store';
import type { TurnsRoute } from './turns-route';
import { turnsHref } from './turns-route';

type Tab = 'run' | 'history' | 'reviews';

function activeTab(route: TurnsRoute): Tab | null {
  if (route.view === 'run' || route.view === 'history' || route.view === 'reviews') return route.view;
  if (route.view === 'turn' || route.view === 'diff') return 'history';
  return null;
}

export function TurnsTabs({ route }: { route: TurnsRoute }) {
  const openCount = useReviewQueueStore((store) => store.openCount);
  const active = activeTab(route);
  const tabs: { id: Tab; label: string; href: string; count?: number | null }[] = [
    { id: 'run', label: 'Run a turn', href: turnsHref.run() },
    { id: 'history', label: 'History', href: turnsHref.history() },
    { id: 'reviews', label: 'Review queue', href: turnsHref.reviews(), count: openCount },
  ];
  return (
    <nav className="subnav" aria-label="Turns views">
      {tabs.map((tab) => (
        <a
          key={tab.id}
          className="subnav-link"
          href={tab.href}
          aria-current={tab.id === active ? 'page' : undefined}
          data-testid={`turns-tab-${tab.id}`}
        >
          {tab.label}
          {tab.count !== undefined && tab.count !== null && tab.count > 0 && (
            <span className="subnav-count" data-testid="open-review-count" title={`${tab.count} open reviews`}>
              {tab.count}
            </span>
          )}
        </a>
      ))}
    </nav>
  );
}
