/**
 * The Runbooks page: the list, one runbook with its steps (and, opened from an alert, the alert's live
 * context), the editor and the version history. Which view shows comes from the hash
 * (runbooks-route.ts). Owns the page's `runbooks.changed` subscription and the caller's identity, which
 * every view reads for its permissions.
 */
import { useEffect, useMemo } from 'react';
import { useBridge } from '../../bridge-context';
import { ErrorBoundary } from '../../shell/ErrorBoundary';
import { hashSegments, useHash } from '../../shell/hash-route';
import { useCallerIdentityStore } from '../../stores/caller-identity-store';
import { useRunbookDetailStore } from '../../stores/runbook-detail-store';
import { useRunbookListStore } from '../../stores/runbook-list-store';
import { RunbookEditor } from './edit/RunbookEditor';
import { RunbookHistory } from './history/RunbookHistory';
import { RunbookListView } from './list/RunbookListView';
import { parseRunbooksRoute, RUNBOOKS_PAGE_ID, type RunbooksRoute, runbooksHref } from './runbooks-route';
import { RunbookView } from './view/RunbookView';

export function RunbooksPage() {
  const bridge = useBridge();
  const hash = useHash();
  const segments = useMemo(() => hashSegments(hash), [hash]);
  const route = useMemo(() => parseRunbooksRoute(segments.slice(1), hash), [segments, hash]);

  useEffect(() => {
    void useCallerIdentityStore.getState().load(bridge);
  }, [bridge]);

  useEffect(
    () =>
      bridge.subscribe('runbooks.changed', (change) => {
        // Another editor (or another window) saved: lists and the open runbook show the new version.
        if (useRunbookListStore.getState().list.data) void useRunbookListStore.getState().load(bridge);
        if (useRunbookDetailStore.getState().byKey[change.slug]) void useRunbookDetailStore.getState().load(bridge, change.slug);
      }),
    [bridge],
  );

  // A step that navigates away (open-trace) changes the hash before the shell swaps the page: this page
  // must not read another page's address as one of its own.
  if (segments[0] !== RUNBOOKS_PAGE_ID) return null;
  return (
    <div className="runbooks-page">
      <ErrorBoundary scope="this view of the Runbooks page" resetKey={hash}>
        <RouteView route={route} />
      </ErrorBoundary>
    </div>
  );
}

function RouteView({ route }: { route: RunbooksRoute }) {
  switch (route.view) {
    case 'list':
      return <RunbookListView />;
    case 'new':
      return <RunbookEditor slug={null} />;
    case 'runbook':
      return <RunbookView slug={route.slug} alert={route.alert} />;
    case 'edit':
      return <RunbookEditor slug={route.slug} />;
    case 'history':
      return <RunbookHistory slug={route.slug} version={route.version} />;
    case 'unknown':
      return (
        <section className="notice-panel" data-testid="runbooks-view-not-found">
          <h2>No Runbooks view at “{route.path}”</h2>
          <p>
            The link may be mistyped or from a newer console. <a href={runbooksHref.list()}>Go to the runbooks</a>.
          </p>
        </section>
      );
  }
}
