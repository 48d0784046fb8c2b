/**
 * Above the panels: which dashboard, the time range (presets or a custom start–end), auto-refresh,
 * a refresh button, when the data was fetched, and Export / Import.
 */
import { useState } from 'react';
import { parseCustomRange, RANGE_PRESETS, type RangeChoice, REFRESH_CHOICES, toLocalInput } from '../../../../src-shared/charts/time-range';
import type { Dashboard } from '../../../../src-shared/domain/dashboard';
import { RefreshIcon } from '../../shell/icons';
import { formatClock } from '../../ui/format-units';
import { DashboardExportControls } from './DashboardExportControls';
import { dashboardHref } from './dashboards-route';

interface DashboardToolbarProps {
  current: Dashboard;
  range: RangeChoice;
  refreshMs: number;
  refreshing: boolean;
  updatedAt: number | null;
  /** Some panel was answered from the 5-minute rollups (the range reaches past raw samples). */
  fromRollups: boolean;
  onRange(range: RangeChoice): void;
  onRefreshMs(ms: number): void;
  onRefresh(): void;
}

/** A tab's label: the title, with the id when another dashboard (an imported copy) has the same title. */
function tabLabel(dashboard: Dashboard, dashboards: readonly Dashboard[]): string {
  const first = dashboards.find((candidate) => candidate.title === dashboard.title);
  return first && first.id !== dashboard.id ? `${dashboard.title} (${dashboard.id})` : dashboard.title;
}

export function DashboardPicker({ dashboards, current }: { dashboards: readonly Dashboard[]; current: Dashboard }) {
  return (
    <nav className="subnav" aria-label="Dashboards">
      {dashboards.map((dashboard) => (
        <a
          key={dashboard.id}
          className="subnav-link"
          href={dashboardHref(dashboard.id)}
          aria-current={dashboard.id === current.id ? 'page' : undefined}
          title={dashboard.description}
          data-testid={`dashboard-tab-${dashboard.id}`}
        >
          {tabLabel(dashboard, dashboards)}
        </a>
      ))}
    </nav>
  );
}

export function DashboardToolbar({
  current,
  range,
  refreshMs,
  refreshing,
  updatedAt,
  fromRollups,
  onRange,
  onRefreshMs,
  onRefresh,
}: DashboardToolbarProps) {
  const [customOpen, setCustomOpen] = useState(range.kind === 'custom');
  const [customError, setCustomError] = useState<string | null>(null);
  const now = Date.now();
  const [startText, setStartText] = useState(() => toLocalInput(range.kind === 'custom' ? range.startMs : now - 3_600_000));
  const [endText, setEndText] = useState(() => toLocalInput(range.kind === 'custom' ? range.endMs : now));
  const selected = customOpen ? 'custom' : range.kind === 'preset' ? range.preset : 'custom';

  const applyCustom = () => {
    const parsed = parseCustomRange(startText, endText, Date.now());
    if (!parsed.ok) {
      setCustomError(parsed.error);
      return;
    }
    setCustomError(null);
    onRange(parsed.choice);
  };

  return (
    <div className="dash-toolbar" data-testid="dashboard-toolbar">
      <p className="dash-description">{current.description}</p>
      <div className="dash-controls">
        <label className="inline-field">
          <span>Range</span>
          <select
            value={selected}
            data-testid="range-select"
            onChange={(event) => {
              const value = event.target.value;
              if (value === 'custom') {
                setCustomOpen(true);
                return;
              }
              setCustomOpen(false);
              setCustomError(null);
              const preset = RANGE_PRESETS.find((candidate) => candidate.id === value);
              if (preset) onRange({ kind: 'preset', preset: preset.id });
            }}
          >
            {RANGE_PRESETS.map((preset) => (
              <option key={preset.id} value={preset.id}>
                {preset.label}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        </label>
        {customOpen && (
          <form
            className="dash-custom-range"
            onSubmit={(event) => {
              event.preventDefault();
              applyCustom();
            }}
          >
            <label className="inline-field">
              <span>From</span>
              <input
                type="datetime-local"
                value={startText}
                onChange={(event) => setStartText(event.target.value)}
                data-testid="range-start"
              />
            </label>
            <label className="inline-field">
              <span>to</span>
              <input type="datetime-local" value={endText} onChange={(event) => setEndText(event.target.value)} data-testid="range-end" />
            </label>
            <button type="submit" className="button small" data-testid="range-apply">
              Apply
            </button>
          </form>
        )}
        <label className="inline-field">
          <span>Auto-refresh</span>
          <select value={refreshMs} onChange={(event) => onRefreshMs(Number(event.target.value))} data-testid="refresh-select">
            {REFRESH_CHOICES.map((choice) => (
              <option key={choice.ms} value={choice.ms}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button small"
          onClick={onRefresh}
          disabled={refreshing}
          aria-busy={refreshing}
          data-testid="dashboard-refresh"
        >
          <RefreshIcon />
          Refresh
        </button>
        <span className="card-meta" data-testid="dashboard-updated">
          {updatedAt ? (
            <>
              Updated <time dateTime={new Date(updatedAt).toISOString()}>{formatClock(updatedAt)}</time>
              {fromRollups && (
                <span title="Part of this range is answered from the 5-minute rollups: spikes shorter than 5 minutes are averaged out.">
                  {' '}
                  · 5-minute rollups
                </span>
              )}
            </>
          ) : refreshing ? (
            'Loading…'
          ) : null}
        </span>
        <DashboardExportControls dashboard={current} range={range} />
      </div>
      {customError && (
        <p className="field-error dash-range-error" role="alert" data-testid="range-error">
          {customError}
        </p>
      )}
    </div>
  );
}
