/**
 * Silences: active, pending (starting later) and expired, newest first, each with its matchers, how many
 * alerts it mutes now, its window, who made it and why; expire one (after a confirmation) or create one.
 */
import { useEffect, useState } from 'react';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { type SilenceStateFilter, useAlertSilencesStore } from '../../../stores/alert-silences-store';
import { Card, Pending } from '../../../ui/Card';
import { RefreshButton } from '../../../ui/RefreshButton';
import { AccessNote, LoadError } from '../AccessNotices';
import { SilenceFormCard } from './SilenceFormCard';
import { SilencesTable } from './SilencesTable';

const FILTERS: { id: SilenceStateFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'active', label: 'Active' },
  { id: 'pending', label: 'Pending' },
  { id: 'expired', label: 'Expired' },
];

export function SilencesView() {
  const bridge = useBridge();
  const list = useAlertSilencesStore((store) => store.list);
  const stateFilter = useAlertSilencesStore((store) => store.stateFilter);
  const access = useAdminAccess('Creating and expiring silences');
  const [creating, setCreating] = useState(false);
  const store = useAlertSilencesStore.getState;

  useEffect(() => {
    void store().load(bridge);
    const unsubscribe = bridge.subscribe('alerts.changed', (event) => {
      if (event.cause === 'silence' || event.cause === 'evaluation') void store().load(bridge);
    });
    return unsubscribe;
  }, [bridge]);

  const silences = list.data ?? [];
  const countOf = (state: SilenceStateFilter) =>
    state === 'all' ? silences.length : silences.filter((silence) => silence.state === state).length;

  const actions = (
    <>
      <button
        type="button"
        className="button small primary"
        onClick={() => setCreating(true)}
        disabled={creating || !access.allowed}
        title={access.reason ?? undefined}
        data-testid="silence-new"
      >
        New silence
      </button>
      <RefreshButton onRefresh={() => void store().load(bridge)} loading={list.loading} testId="silences-refresh" />
    </>
  );

  return (
    <div className="silences-view">
      {creating && <SilenceFormCard id="new-silence" title="New silence" onCancel={() => setCreating(false)} />}
      <Card id="silences-card" title="Silences" actions={actions}>
        <AccessNote reason={access.reason} testId="silences-access" />
        <fieldset className="segmented" data-testid="silence-state-filter">
          <legend className="visually-hidden">Silence state</legend>
          {FILTERS.map((filter) => (
            <button
              key={filter.id}
              type="button"
              className="segmented-option"
              aria-pressed={stateFilter === filter.id}
              onClick={() => store().setStateFilter(bridge, filter.id)}
              data-testid={`silence-filter-${filter.id}`}
            >
              {filter.label}
              {(stateFilter === 'all' || stateFilter === filter.id) && list.data && (
                <span className="segmented-count num">{countOf(filter.id)}</span>
              )}
            </button>
          ))}
        </fieldset>
        {list.error && <LoadError error={list.error} testId="silences-error" stale={list.data !== null} />}
        {!list.data && !list.error && <Pending>Loading silences…</Pending>}
        {list.data && silences.length === 0 && (
          <div className="empty-state" data-testid="silences-empty">
            <p>{stateFilter === 'all' ? 'No silences yet.' : `No ${stateFilter} silences.`}</p>
            <p className="muted">Silence an alert from its detail (“Silence…”), or create one here with “New silence”.</p>
          </div>
        )}
        {silences.length > 0 && <SilencesTable silences={silences} canExpire={access.allowed} expireReason={access.reason} />}
      </Card>
    </div>
  );
}
