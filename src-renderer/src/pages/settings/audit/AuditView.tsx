/**
 * The Audit view: the chain's integrity (verify, export) above the paged log, newest first, with
 * filters by actor, action and outcome.
 */
import { useEffect } from 'react';
import { useBridge } from '../../../bridge-context';
import { AUDIT_PAGE_SIZE, useAuditStore } from '../../../stores/audit-store';
import { useSettingsIdentityStore } from '../../../stores/settings-identity-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { Pager, pageRange } from '../../../ui/Pager';
import { RefreshButton } from '../../../ui/RefreshButton';
import { AdminRequired } from '../AdminRequired';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { ChainIntegrity } from './ChainIntegrity';

export function AuditView() {
  const bridge = useBridge();
  const list = useAuditStore((store) => store.list);
  const offset = useAuditStore((store) => store.offset);
  const identity = useSettingsIdentityStore((store) => store.identity.data);
  const store = useAuditStore.getState;

  useEffect(() => {
    void useAuditStore.getState().load(bridge);
  }, [bridge]);

  if (list.error?.code === 'forbidden') return <AdminRequired identity={identity} message={list.error.message} />;

  const total = list.data?.total ?? 0;
  const shown = list.data?.entries.length ?? 0;
  const shownFilters = list.data?.filters;
  const filtered = shownFilters !== undefined && (shownFilters.actor !== '' || shownFilters.action !== '' || shownFilters.outcome !== '');

  const actions = (
    <div className="filters">
      <AuditFilters />
      <RefreshButton onRefresh={() => void store().load(bridge)} loading={list.loading} testId="audit-refresh" />
    </div>
  );

  const footer = list.data && (
    <Pager
      range={`${pageRange('Entries', offset, shown, total, 'No entries')}${filtered ? ' matching the filters' : ''}`}
      offset={offset}
      shown={shown}
      total={total}
      pageSize={AUDIT_PAGE_SIZE}
      loading={list.loading}
      onOffset={(next) => store().setOffset(bridge, next)}
      testId="audit"
    />
  );

  return (
    <div className="settings-view">
      <ChainIntegrity />
      <Card id="audit-card" title="Audit log" actions={actions} footer={footer}>
        {list.error && <InlineError error={list.error} testId="audit-error" stale={list.data !== null} />}
        {!list.data && !list.error && <Pending>Loading the audit log…</Pending>}
        {list.data && list.data.entries.length === 0 && (
          <p className="muted" data-testid="audit-empty">
            {filtered ? 'No entries match these filters.' : 'Nothing has been audited yet: entries appear with the first change made.'}
          </p>
        )}
        {list.data && list.data.entries.length > 0 && <AuditTable entries={list.data.entries} />}
      </Card>
    </div>
  );
}
