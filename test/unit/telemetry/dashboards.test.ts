import { describe, expect, it } from 'vitest';
import { bundledDashboards, parseDashboards } from '../../../src-main/engine/telemetry/dashboards';
import { createMetrics } from '../../../src-main/engine/telemetry/metrics';
import type { Dashboard } from '../../../src-shared/domain/dashboard';

/**
 * Metrics the dashboards query that the registry does not hold yet: each lands with a later feature,
 * and every panel that queries one must say so in its `text` (its empty state).
 */
const LANDS_LATER = new Set([
  'novel_engine_ai_cost_dollars_total',
  'novel_engine_database_size_bytes',
  'novel_engine_circuit_breaker_state',
  // The trust store's gauges, registered by the host beside the storage gauges.
  'novel_engine_trust_score',
  'novel_engine_agents_quarantined',
  'novel_engine_trust_agents',
  'novel_engine_trust_conflict_risk_max',
  // [issue 7: backups] the backup service's and the retention jobs' gauges, registered by the host.
  'novel_engine_oldest_data_age_seconds',
  'novel_engine_backup_last_success_age_seconds',
  'novel_engine_backups_total',
]);

function registryNames(): Map<string, string> {
  const { registry } = createMetrics();
  return new Map(registry.getMetricsAsArray().map((metric) => [metric.name, String(metric.type)]));
}

function queriedMetrics(dashboard: Dashboard) {
  return dashboard.panels.flatMap((panel) =>
    panel.queries.flatMap((query) => [query, ...(query.denominator ? [query.denominator] : [])].map((q) => ({ panel, query: q }))),
  );
}

const minimal = (overrides: Record<string, unknown> = {}) => ({
  id: 'sample',
  title: 'Sample',
  panels: [
    {
      id: 'turns',
      title: 'Turns',
      type: 'stat',
      gridPos: { x: 0, y: 0, w: 6, h: 4 },
      queries: [{ ref: 'A', metric: 'novel_engine_turns_total', fn: 'rate' }],
    },
  ],
  ...overrides,
});

describe('bundled dashboards', () => {
  it('ships the five dashboards, overview first', () => {
    expect(bundledDashboards().map((dashboard) => dashboard.id)).toEqual(['executive', 'operational', 'performance', 'security', 'trust']);
  });

  it('queries only metrics the registry holds, with their exact names, or ones that say when they land', () => {
    const names = registryNames();
    for (const dashboard of bundledDashboards()) {
      for (const { panel, query } of queriedMetrics(dashboard)) {
        const base = query.metric.replace(/_bucket$/, '');
        const where = `${dashboard.id}/${panel.id}: ${query.metric}`;
        if (LANDS_LATER.has(query.metric)) {
          expect(panel.text, `${where} must explain its empty state`).toBeTruthy();
          continue;
        }
        expect(names.has(base), `${where} is not in the registry`).toBe(true);
        const type = names.get(base);
        if (query.fn === 'quantile' || query.metric.endsWith('_bucket')) expect(type, where).toBe('histogram');
        if (query.fn === 'rate' || query.fn === 'increase') expect(['counter', 'histogram'], where).toContain(type);
      }
    }
  });

  it('filters and groups only by label names the metric has', () => {
    const { registry } = createMetrics();
    const labels = new Map(
      registry.getMetricsAsArray().map((metric) => [metric.name, new Set((metric as unknown as { labelNames: string[] }).labelNames)]),
    );
    for (const dashboard of bundledDashboards()) {
      for (const { panel, query } of queriedMetrics(dashboard)) {
        const own = labels.get(query.metric.replace(/_bucket$/, ''));
        if (!own) continue;
        const used = [...query.matchers.map((matcher) => matcher.label), ...(query.by ?? [])].filter((label) => label !== 'le');
        for (const label of used) expect(own.has(label), `${dashboard.id}/${panel.id}: ${query.metric} has no label ${label}`).toBe(true);
      }
    }
  });

  it('keeps every panel inside the 24-column grid without overlaps', () => {
    for (const dashboard of bundledDashboards()) {
      const taken = new Set<string>();
      for (const { id, gridPos } of dashboard.panels) {
        expect(gridPos.x + gridPos.w, `${dashboard.id}/${id}`).toBeLessThanOrEqual(24);
        for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
          for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
            const cell = `${x},${y}`;
            expect(taken.has(cell), `${dashboard.id}/${id} overlaps another panel at ${cell}`).toBe(false);
            taken.add(cell);
          }
        }
      }
    }
  });

  it('draws the trust dashboard from the trust store’s metrics, no placeholder left', () => {
    const trust = bundledDashboards().find((dashboard) => dashboard.id === 'trust');
    const queried = new Set(trust?.panels.flatMap((panel) => panel.queries.map((query) => query.metric)) ?? []);
    expect(trust?.panels.every((panel) => panel.type !== 'text')).toBe(true);
    expect([...queried]).toEqual(expect.arrayContaining(['novel_engine_trust_score', 'novel_engine_agents_quarantined']));
  });
});

describe('parseDashboards', () => {
  it('applies the schema defaults', () => {
    const [dashboard] = parseDashboards({ '/x/sample.json': minimal() });
    expect(dashboard?.defaultRange).toBe('1h');
    expect(dashboard?.panels[0]?.unit).toBe('none');
    expect(dashboard?.panels[0]?.queries[0]).toMatchObject({ scale: 1, windowS: 300, matchers: [] });
  });

  it('refuses a definition whose file is not named after its id', () => {
    expect(() => parseDashboards({ '/x/other.json': minimal() })).toThrow(/has id "sample"; its file must be named sample.json/);
  });

  it('names the file and field of an invalid definition', () => {
    const wide = minimal({
      panels: [
        { id: 'a', title: 'A', type: 'stat', gridPos: { x: 20, y: 0, w: 6, h: 4 }, queries: [{ ref: 'A', metric: 'm', fn: 'last' }] },
      ],
    });
    expect(() => parseDashboards({ '/x/sample.json': wide })).toThrow(
      /sample.json is invalid at panels.0.gridPos.w: x \+ w must be at most 24/,
    );
  });

  it('refuses duplicate panel ids, text panels without text, query panels without queries and quantiles without q', () => {
    const panel = (id: string, extra: Record<string, unknown>) => ({ id, title: id, gridPos: { x: 0, y: 0, w: 6, h: 4 }, ...extra });
    const cases: [Record<string, unknown>[], RegExp][] = [
      [[panel('a', { type: 'text', text: 'x' }), panel('a', { type: 'text', text: 'y' })], /panel ids must be unique/],
      [[panel('a', { type: 'text' })], /a text panel needs its text/],
      [[panel('a', { type: 'timeseries' })], /a timeseries panel needs at least one query/],
      [[panel('a', { type: 'stat', queries: [{ ref: 'A', metric: 'm_seconds', fn: 'quantile' }] })], /fn quantile needs q/],
      [
        [
          panel('a', {
            type: 'stat',
            queries: [
              { ref: 'A', metric: 'm', fn: 'last' },
              { ref: 'A', metric: 'n', fn: 'last' },
            ],
          }),
        ],
        /query ref "A" is used twice/,
      ],
    ];
    for (const [panels, message] of cases) expect(() => parseDashboards({ '/x/sample.json': minimal({ panels }) })).toThrow(message);
  });
});
