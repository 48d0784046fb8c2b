/**
 * Above the Trust page: which campaign, over which range, whether changes arrive live, and a refresh.
 */
import { useBridge } from '../../bridge-context';
import { RefreshIcon } from '../../shell/icons';
import { useTrustOverviewStore } from '../../stores/trust-overview-store';
import { formatClock } from '../../ui/format-units';
import { TRUST_RANGES } from './trust-route';

export function TrustToolbar() {
  const bridge = useBridge();
  const campaigns = useTrustOverviewStore((store) => store.campaigns.data);
  const campaignId = useTrustOverviewStore((store) => store.campaignId);
  const range = useTrustOverviewStore((store) => store.range);
  const loading = useTrustOverviewStore((store) => store.agents.loading);
  const updatedAt = useTrustOverviewStore((store) => store.agents.updatedAt);
  const lastChangeAt = useTrustOverviewStore((store) => store.lastChangeAt);
  const store = useTrustOverviewStore.getState;

  return (
    <div className="trust-toolbar" data-testid="trust-toolbar">
      <label className="inline-field">
        <span>Campaign</span>
        <select
          value={campaignId}
          onChange={(event) => store().selectCampaign(bridge, event.target.value)}
          disabled={!campaigns || campaigns.length === 0}
          data-testid="trust-campaign"
        >
          {(campaigns ?? []).map((campaign) => (
            <option key={campaign.id} value={campaign.id}>
              {campaign.name}
            </option>
          ))}
        </select>
      </label>
      <div className="inline-field">
        <span aria-hidden="true">Range</span>
        <fieldset className="segmented" aria-label="Range of trends, history and rates" data-testid="trust-range">
          {TRUST_RANGES.map((option) => (
            <button
              key={option.id}
              type="button"
              className="segmented-option"
              aria-pressed={range === option.id}
              onClick={() => store().setRange(bridge, option.id)}
              data-testid={`trust-range-${option.id}`}
            >
              {option.label}
            </button>
          ))}
        </fieldset>
      </div>
      <p className="trust-live" data-testid="trust-live" data-last-change={lastChangeAt ?? ''} aria-live="polite">
        <span className="trust-live-dot" aria-hidden="true" />
        {lastChangeAt ? (
          <>
            live · last change <time dateTime={new Date(lastChangeAt).toISOString()}>{formatClock(lastChangeAt)}</time>
          </>
        ) : (
          'live · changes appear as turns run'
        )}
      </p>
      <button
        type="button"
        className="button small"
        onClick={() => void store().refresh(bridge)}
        disabled={loading || !campaignId}
        aria-busy={loading}
        title={updatedAt ? `Fetched at ${formatClock(updatedAt)}` : undefined}
        data-testid="trust-refresh"
      >
        <RefreshIcon /> Refresh
      </button>
    </div>
  );
}
