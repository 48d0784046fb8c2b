/**
 * The Turns page: run a turn and watch it live, read its result, browse the history, work the review
 * queue and diff two turns. Owns the page's `turn.progress` subscription, so every view of a turn sees
 * the same events; which view shows comes from the hash (turns-route.ts).
 */
import { useEffect, useMemo } from 'react';
import { useBridge } from '../../bridge-context';
import { ErrorBoundary } from '../../shell/ErrorBoundary';
import { hashSegments, useHash } from '../../shell/hash-route';
import { useReviewQueueStore } from '../../stores/review-queue-store';
import { useTurnHistoryStore } from '../../stores/turn-history-store';
import { useTurnProgressStore } from '../../stores/turn-progress-store';
import { DiffView } from './diff/DiffView';
import { HistoryView } from './history/HistoryView';
import { TurnDetailView } from './result/TurnDetailView';
import { ReviewQueueView } from './reviews/ReviewQueueView';
import { RunView } from './run/RunView';
import { TurnsTabs } from './TurnsTabs';
import { parseTurnsRoute, type TurnsRoute, turnsHref } from './turns-route';

export function TurnsPage() {
  const bridge = useBridge();
  const hash = useHash();
  const route = useMemo(() => parseTurnsRoute(hashSegments(hash).slice(1)), [hash]);

  useEffect(
    () =>
      bridge.subscribe('turn.progress', (event) => {
        useTurnProgressStore.getState().add(event);
        if (event.overallStatus === 'running') return;
        // A turn that ended badly may have opened a review: keep the queue's count current.
        if (event.overallStatus !== 'completed') void useReviewQueueStore.getState().load(bridge);
        // A history already on screen (or shown next) lists the turn with its outcome.
        if (useTurnHistoryStore.getState().list.data) void useTurnHistoryStore.getState().load(bridge);
      }),
    [bridge],
  );

  useEffect(() => {
    void useReviewQueueStore.getState().load(bridge);
  }, [bridge]);

  return (
    <div className="turns-page">
      <TurnsTabs route={route} />
      <ErrorBoundary scope="this view of the Turns page" resetKey={hash}>
        <RouteView route={route} />
      </ErrorBoundary>
    </div>
  );
}

function RouteView({ route }: { route: TurnsRoute }) {
  switch (route.view) {
    case 'run':
      return <RunView />;
    case 'history':
      return <HistoryView />;
    case 'reviews':
      return <ReviewQueueView />;
    case 'turn':
      return <TurnDetailView turnId={route.turnId} />;
    case 'diff':
      return <DiffView a={route.a} b={route.b} />;
    case 'unknown':
      return (
        <section className="notice-panel" data-testid="turns-view-not-found">
          <h2>No Turns view at “{route.path}”</h2>
          <p>
            The link may be mistyped or from a newer console. <a href={turnsHref.run()}>Go to Run a turn</a>.
          </p>
        </section>
      );
  }
}
