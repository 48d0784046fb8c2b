/**
 * The Dashboards page's data: the definitions (`dashboards.list`), the time range and auto-refresh the
 * user picked (kept while the console is open), and each panel's drawn series from `metrics.query`.
 * A refresh queries every panel of the dashboard on screen at once; each panel keeps its last answer
 * beside a newer error, and only the newest refresh of a panel may write.
 */
import { create } from 'zustand';
import { type DrawnSeries, querySeries } from '../../../src-shared/charts/panel-data';
import { type RangeChoice, type ResolvedRange, resolveRange, stepFor } from '../../../src-shared/charts/time-range';
import type { ResponseOf } from '../../../src-shared/contract';
import type { Dashboard, Panel, PanelQuery } from '../../../src-shared/domain/dashboard';
import type { MetricSeries } from '../../../src-shared/domain/metrics-query';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export interface PanelData {
  series: DrawnSeries[];
  range: ResolvedRange;
  stepS: number;
  /** Which history table answered (the 5-minute rollups for long ranges). */
  resolution: 'raw' | 'rollup';
}

interface DashboardStore {
  dashboards: Loadable<Dashboard[]>;
  /** Ids of the imported dashboards (removable by callers with metrics.admin). */
  importedIds: readonly string[];
  /**
   * The dashboard the last import on this page created: its confirmation stays up on that dashboard, which
   * opens at once (its view mounts anew, so the confirmation cannot live in the import button's state).
   */
  lastImported: { id: string; title: string } | null;
  /** Null until the user picks one: each dashboard then opens on its own default range. */
  range: RangeChoice | null;
  /** Null until the user picks one: each dashboard then refreshes at its definition's `refreshS`. */
  refreshMs: number | null;
  panels: Record<string, Loadable<PanelData>>;
  /** Counts refreshes of the dashboard on screen; views use it to tell when a refresh has been painted. */
  generation: number;
  loadDashboards(bridge: Bridge): Promise<void>;
  setRange(range: RangeChoice): void;
  setRefreshMs(ms: number): void;
  refresh(bridge: Bridge, dashboard: Dashboard): Promise<void>;
}

/** The range a dashboard shows: the user's choice, else the dashboard's default. */
export function effectiveRange(dashboard: Dashboard, choice: RangeChoice | null): RangeChoice {
  return choice ?? { kind: 'preset', preset: dashboard.defaultRange };
}

export const panelKey = (dashboardId: string, panelId: string) => `${dashboardId}/${panelId}`;

type QueryAnswer = ResponseOf<'metrics.query'>;
/** One refresh's answers by request: panels asking the same question (a rate and a ratio's denominator) ask once. */
type AnswerCache = Map<string, Promise<QueryAnswer>>;

function runQuery(
  bridge: Bridge,
  cache: AnswerCache,
  query: Omit<PanelQuery, 'ref' | 'legend' | 'scale' | 'denominator'>,
  range: ResolvedRange,
  stepS: number,
): Promise<QueryAnswer> {
  const request = {
    metric: query.metric,
    matchers: query.matchers,
    fn: query.fn,
    ...(query.q !== undefined ? { q: query.q } : {}),
    windowS: query.windowS,
    ...(query.by !== undefined ? { by: query.by } : {}),
    start: new Date(range.startMs).toISOString(),
    end: new Date(range.endMs).toISOString(),
    stepS,
  };
  const key = JSON.stringify(request);
  let answer = cache.get(key);
  if (!answer) {
    answer = bridge.invoke('metrics.query', request);
    cache.set(key, answer);
  }
  return answer;
}

/** Every query of a panel (and their denominators) in parallel, into drawn series. */
async function loadPanel(bridge: Bridge, cache: AnswerCache, panel: Panel, range: ResolvedRange, stepS: number): Promise<PanelData> {
  let resolution: PanelData['resolution'] = 'raw';
  const perQuery = await Promise.all(
    panel.queries.map(async (query) => {
      const [answer, denominator] = await Promise.all([
        runQuery(bridge, cache, query, range, stepS),
        query.denominator ? runQuery(bridge, cache, query.denominator, range, stepS) : null,
      ]);
      if (answer.resolution === 'rollup') resolution = 'rollup';
      return querySeries(query, answer.series as MetricSeries[], denominator?.series as MetricSeries[] | undefined);
    }),
  );
  return { series: perQuery.flat(), range, stepS, resolution };
}

export const useDashboardStore = create<DashboardStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    dashboards: idleLoadable(),
    importedIds: [],
    lastImported: null,
    range: null,
    refreshMs: null,
    panels: {},
    generation: 0,
    async loadDashboards(bridge) {
      const isLatest = begin('dashboards');
      set({ dashboards: loadingFrom(get().dashboards) });
      try {
        const { dashboards, importedIds } = await bridge.invoke('dashboards.list', {});
        if (isLatest()) set({ dashboards: loadedWith(dashboards), importedIds });
      } catch (error) {
        if (isLatest()) set({ dashboards: failedFrom(get().dashboards, error) });
      }
    },
    setRange(range) {
      set({ range });
    },
    setRefreshMs(refreshMs) {
      set({ refreshMs });
    },
    async refresh(bridge, dashboard) {
      const range = resolveRange(effectiveRange(dashboard, get().range), Date.now());
      const stepS = stepFor(range);
      const panels = dashboard.panels.filter((panel) => panel.type !== 'text');
      const gates = panels.map((panel) => begin(panelKey(dashboard.id, panel.id)));
      const loading = { ...get().panels };
      for (const panel of panels) loading[panelKey(dashboard.id, panel.id)] = loadingFrom(loading[panelKey(dashboard.id, panel.id)]);
      set({ panels: loading, generation: get().generation + 1 });
      // One state update for the whole refresh: every chart redraws once, together.
      const cache: AnswerCache = new Map();
      const settled = await Promise.allSettled(panels.map((panel) => loadPanel(bridge, cache, panel, range, stepS)));
      const next = { ...get().panels };
      settled.forEach((outcome, index) => {
        const panel = panels[index] as Panel;
        const key = panelKey(dashboard.id, panel.id);
        if (!gates[index]?.()) return;
        next[key] = outcome.status === 'fulfilled' ? loadedWith(outcome.value) : failedFrom(next[key], outcome.reason);
      });
      set({ panels: next });
    },
  };
});
