/**
 * The Traces page: search the kept traces, then read one as a waterfall. Which view shows comes from the
 * hash (traces-route.ts); a span in the hash is selected in the waterfall (a deep link).
 */
import { useMemo } from 'react';
import { ErrorBoundary } from '../../shell/ErrorBoundary';
import { hashSegments, useHash } from '../../shell/hash-route';
import { TraceSearchView } from './search/TraceSearchView';
import { parseTracesRoute, tracesHref } from './traces-route';
import { TraceView } from './view/TraceView';

export function TracesPage() {
  const hash = useHash();
  const route = useMemo(() => parseTracesRoute(hashSegments(hash).slice(1)), [hash]);
  // The waterfall keeps its state while only the selected span changes.
  const resetKey = route.view === 'trace' ? `trace/${route.traceId}` : route.view;
  return (
    <div className="traces-page">
      <ErrorBoundary scope="this view of the Traces page" resetKey={resetKey}>
        {route.view === 'search' && <TraceSearchView />}
        {route.view === 'trace' && <TraceView traceId={route.traceId} spanId={route.spanId} />}
        {route.view === 'unknown' && (
          <section className="notice-panel" data-testid="traces-view-not-found">
            <h2>No Traces view at “{route.path}”</h2>
            <p>
              The link may be mistyped or from a newer console. <a href={tracesHref.search()}>Go to the trace search</a>.
            </p>
          </section>
        )}
      </ErrorBoundary>
    </div>
  );
}
