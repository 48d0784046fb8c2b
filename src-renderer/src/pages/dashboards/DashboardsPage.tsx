/**
 * The Dashboards page, where SREs land: the dashboard named in the address (`#/dashboards/<id>`), its
 * panels on the 24-column grid, refreshed on a range change, on the auto-refresh timer and on every
 * `metrics.tick` while the range is relative to now. Marks `dashboard-painted` in the Performance
 * timeline once every panel shows the newest refresh (charts painted), which the benchmark measures.
 */
import { type CSSProperties, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { defaultRefreshMs, type RangeChoice } from '../../../../src-shared/charts/time-range';
import type { Dashboard } from '../../../../src-shared/domain/dashboard';
import { useBridge } from '../../bridge-context';
import { hashSegments, useHash } from '../../shell/hash-route';
import { effectiveRange, panelKey, useDashboardStore } from '../../stores/dashboard-store';
import type { Loadable } from '../../stores/loadable';
import { useThemeStore } from '../../stores/theme-store';
import { InlineError, Pending } from '../../ui/Card';
import { readChartColors } from './chart-colors';
import { DashboardPicker, DashboardToolbar } from './DashboardToolbar';
import { dashboardHref } from './dashboards-route';
import { loadChartView, PanelCard } from './PanelCard';

/** A metrics.tick refreshes at most this often (ticks can come every 500 ms in tests). */
const TICK_REFRESH_MIN_MS = 2000;

export function DashboardsPage() {
  const bridge = useBridge();
  const hash = useHash();
  const requestedId = hashSegments(hash)[1] ?? null;
  const dashboards = useDashboardStore((store) => store.dashboards);

  useEffect(() => {
    if (!useDashboardStore.getState().dashboards.data) void useDashboardStore.getState().loadDashboards(bridge);
    // Fetched alongside the definitions and the first queries instead of after the first answer.
    void loadChartView();
  }, [bridge]);

  if (!dashboards.data) {
    return dashboards.error ? (
      <InlineError error={dashboards.error} testId="dashboards-error" stale={false} />
    ) : (
      <Pending>Loading dashboards…</Pending>
    );
  }
  const current = requestedId === null ? dashboards.data[0] : dashboards.data.find((dashboard) => dashboard.id === requestedId);
  if (!current) {
    return (
      <section className="notice-panel" data-testid="dashboard-not-found">
        <h2>No dashboard “{requestedId}”</h2>
        <p>
          This console ships {dashboards.data.map((dashboard) => dashboard.title).join(', ')}.{' '}
          {dashboards.data[0] && <a href={dashboardHref(dashboards.data[0].id)}>Open {dashboards.data[0].title}</a>}
        </p>
      </section>
    );
  }
  return (
    <div className="dashboards-page">
      <DashboardPicker dashboards={dashboards.data} current={current} />
      <DashboardView key={current.id} dashboard={current} />
    </div>
  );
}

function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  const bridge = useBridge();
  const choice = useDashboardStore((store) => store.range);
  const refreshMs = useDashboardStore((store) => store.refreshMs) ?? defaultRefreshMs(dashboard.refreshS);
  const panels = useDashboardStore((store) => store.panels);
  const generation = useDashboardStore((store) => store.generation);
  const theme = useThemeStore((store) => store.theme);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the colours come from the stylesheet of the theme on screen.
  const colors = useMemo(() => readChartColors(), [theme]);
  const range = effectiveRange(dashboard, choice);
  const rangeKey = JSON.stringify(range);

  const refresh = useCallback(() => void useDashboardStore.getState().refresh(bridge, dashboard), [bridge, dashboard]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new range (rangeKey) is what triggers this refresh.
  useEffect(() => {
    refresh();
  }, [refresh, rangeKey]);

  useEffect(() => {
    if (refreshMs === 0) return;
    const timer = setInterval(refresh, refreshMs);
    return () => clearInterval(timer);
  }, [refresh, refreshMs]);

  const lastTickRefresh = useRef(0);
  useEffect(
    () =>
      bridge.subscribe('metrics.tick', () => {
        const state = useDashboardStore.getState();
        if (effectiveRange(dashboard, state.range).kind !== 'preset') return;
        const now = Date.now();
        const busy = dashboard.panels.some((panel) => state.panels[panelKey(dashboard.id, panel.id)]?.loading);
        if (busy || now - lastTickRefresh.current < TICK_REFRESH_MIN_MS) return;
        lastTickRefresh.current = now;
        refresh();
      }),
    [bridge, dashboard, refresh],
  );

  // Which state each panel has shown; once every panel shows the newest one, the refresh is painted.
  const shown = useRef(new Map<string, Loadable<unknown> | undefined>());
  const [paintedGeneration, setPaintedGeneration] = useState(0);
  const markedGeneration = useRef(0);
  const checkPainted = useCallback(() => {
    const store = useDashboardStore.getState();
    const done = dashboard.panels.every((panel) => {
      if (panel.type === 'text') return true;
      const current = store.panels[panelKey(dashboard.id, panel.id)];
      return current !== undefined && !current.loading && shown.current.get(panel.id) === current;
    });
    if (done && markedGeneration.current !== store.generation) {
      markedGeneration.current = store.generation;
      performance.mark('dashboard-painted', { detail: { dashboard: dashboard.id, generation: store.generation } });
      setPaintedGeneration(store.generation);
    }
  }, [dashboard]);
  const onPainted = useCallback(
    (panelId: string, state: Loadable<unknown> | undefined) => {
      shown.current.set(panelId, state);
      checkPainted();
    },
    [checkPainted],
  );
  // A dashboard of text panels only has nothing to wait for: each refresh is painted at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is what needs checking.
  useEffect(() => checkPainted(), [checkPainted, generation]);

  const states = dashboard.panels.map((panel) => panels[panelKey(dashboard.id, panel.id)]);
  const refreshing = states.some((state) => state?.loading);
  const updatedAt = states.reduce<number | null>((latest, state) => Math.max(latest ?? 0, state?.updatedAt ?? 0) || latest, null);
  const rows = Math.max(...dashboard.panels.map((panel) => panel.gridPos.y + panel.gridPos.h));

  return (
    <>
      <DashboardToolbar
        current={dashboard}
        range={range}
        refreshMs={refreshMs}
        refreshing={refreshing}
        updatedAt={updatedAt}
        fromRollups={states.some((state) => state?.data?.resolution === 'rollup')}
        onRange={(next: RangeChoice) => {
          performance.mark('dashboard-range-change');
          useDashboardStore.getState().setRange(next);
        }}
        onRefreshMs={(ms) => useDashboardStore.getState().setRefreshMs(ms)}
        onRefresh={refresh}
      />
      <div
        className="dash-grid"
        style={{ '--dash-rows': rows } as CSSProperties}
        data-testid="dashboard-grid"
        data-dashboard={dashboard.id}
        data-generation={generation}
        data-painted-generation={paintedGeneration}
      >
        {dashboard.panels.map((panel) => (
          <PanelCard key={panel.id} panel={panel} state={panels[panelKey(dashboard.id, panel.id)]} colors={colors} onPainted={onPainted} />
        ))}
      </div>
    </>
  );
}
