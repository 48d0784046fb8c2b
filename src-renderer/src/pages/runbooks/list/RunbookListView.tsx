/**
 * Every runbook, shipped and written here, searchable by title, name, alert and tag as one types. A tag
 * or alert chip fills the search with that word. Writing a new runbook is offered to those who may.
 */
import { useEffect, useMemo } from 'react';
import { hasPermission } from '../../../../../src-shared/rbac';
import { useBridge } from '../../../bridge-context';
import { useCallerIdentityStore } from '../../../stores/caller-identity-store';
import { filterRunbooks, useRunbookListStore } from '../../../stores/runbook-list-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { RefreshButton } from '../../../ui/RefreshButton';
import { EDIT_PERMISSION } from '../runbook-labels';
import { runbooksHref } from '../runbooks-route';
import { RunbookTable } from './RunbookTable';

export function RunbookListView() {
  const bridge = useBridge();
  const list = useRunbookListStore((store) => store.list);
  const query = useRunbookListStore((store) => store.query);
  const identity = useCallerIdentityStore((store) => store.identity.data);
  const canEdit = identity !== null && hasPermission(identity, EDIT_PERMISSION);
  const shown = useMemo(() => filterRunbooks(list.data ?? [], query), [list.data, query]);

  useEffect(() => {
    void useRunbookListStore.getState().load(bridge);
  }, [bridge]);

  const actions = (
    <div className="filters">
      <label className="inline-field runbook-search">
        <span>Search</span>
        <input
          type="search"
          value={query}
          placeholder="title, alert or tag"
          onChange={(event) => useRunbookListStore.getState().setQuery(event.target.value)}
          aria-describedby="runbook-search-count"
          data-testid="runbook-search"
        />
      </label>
      <RefreshButton onRefresh={() => void useRunbookListStore.getState().load(bridge)} loading={list.loading} testId="runbook-refresh" />
      {canEdit && (
        <a className="button small primary" href={runbooksHref.create()} data-testid="runbook-new">
          New runbook
        </a>
      )}
    </div>
  );

  const total = list.data?.length ?? 0;
  return (
    <Card
      id="runbook-list"
      title="Runbooks"
      actions={actions}
      footer={
        list.data && (
          <span id="runbook-search-count" className="muted" data-testid="runbook-count" aria-live="polite">
            {query.trim() ? `${shown.length} of ${total} runbooks match “${query.trim()}”` : `${total} runbooks`}
          </span>
        )
      }
    >
      {list.error && <InlineError error={list.error} testId="runbook-list-error" stale={list.data !== null} />}
      {!list.data && !list.error && <Pending>Loading runbooks…</Pending>}
      {list.data && shown.length === 0 && (
        <div className="empty-panel" data-testid="runbook-list-empty">
          <h2>{total === 0 ? 'No runbooks yet' : 'No runbook matches'}</h2>
          <p className="muted">
            {total === 0
              ? 'Runbooks shipped with the console and those written here are listed on this page.'
              : 'Search looks in titles, names, summaries, alert names and tags.'}
          </p>
        </div>
      )}
      {shown.length > 0 && <RunbookTable runbooks={shown} onPick={(word) => useRunbookListStore.getState().setQuery(word)} />}
    </Card>
  );
}
