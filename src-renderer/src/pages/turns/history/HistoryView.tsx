/**
 * The turn history: filter by campaign and status, page through, open a turn, or tick two and diff them.
 */
import { useEffect } from 'react';
import { OVERALL_STATUSES, type OverallStatus } from '../../../../../src-shared/domain/turn-vocabulary';
import { useBridge } from '../../../bridge-context';
import { HISTORY_PAGE_SIZE, useTurnHistoryStore } from '../../../stores/turn-history-store';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { Card, InlineError, Pending } from '../../../ui/Card';
import { Pager, pageRange } from '../../../ui/Pager';
import { RefreshButton } from '../../../ui/RefreshButton';
import { statusLabel } from '../turn-labels';
import { CompareBar } from './CompareBar';
import { HistoryTable } from './HistoryTable';

export function HistoryView() {
  const bridge = useBridge();
  const filters = useTurnHistoryStore((store) => store.filters);
  const offset = useTurnHistoryStore((store) => store.offset);
  const list = useTurnHistoryStore((store) => store.list);
  const campaigns = useTurnRunStore((store) => store.campaigns.data);

  useEffect(() => {
    void useTurnHistoryStore.getState().load(bridge);
    if (!useTurnRunStore.getState().campaigns.data) void useTurnRunStore.getState().loadCampaigns(bridge);
  }, [bridge]);

  const total = list.data?.total ?? 0;
  const shown = list.data?.turns.length ?? 0;
  const store = useTurnHistoryStore.getState;

  const actions = (
    <div className="filters">
      <label className="inline-field">
        <span>Campaign</span>
        <select
          value={filters.campaignId}
          onChange={(event) => store().setFilters(bridge, { campaignId: event.target.value })}
          data-testid="history-filter-campaign"
        >
          <option value="">all</option>
          {(campaigns ?? []).map((campaign) => (
            <option key={campaign.id} value={campaign.id}>
              {campaign.name}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>Status</span>
        <select
          value={filters.status}
          onChange={(event) => store().setFilters(bridge, { status: event.target.value as OverallStatus | '' })}
          data-testid="history-filter-status"
        >
          <option value="">all</option>
          {OVERALL_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </label>
      <RefreshButton onRefresh={() => void store().load(bridge)} loading={list.loading} testId="history-refresh" />
    </div>
  );

  const footer = list.data && (
    <Pager
      range={pageRange('Turns', offset, shown, total, 'No turns')}
      offset={offset}
      shown={shown}
      total={total}
      pageSize={HISTORY_PAGE_SIZE}
      loading={list.loading}
      onOffset={(next) => store().setOffset(bridge, next)}
      testId="history"
    />
  );

  return (
    <div className="history-page">
      <CompareBar />
      <Card id="history-card" title="Turn history" actions={actions} footer={footer}>
        {list.error && <InlineError error={list.error} testId="history-error" stale={list.data !== null} />}
        {!list.data && !list.error && <Pending>Loading turns…</Pending>}
        {list.data && list.data.turns.length === 0 && (
          <p className="muted" data-testid="history-empty">
            No turns match these filters.
          </p>
        )}
        {list.data && list.data.turns.length > 0 && <HistoryTable turns={list.data.turns} campaigns={campaigns ?? []} />}
      </Card>
    </div>
  );
}
