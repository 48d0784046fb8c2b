/**
 * Dashboards as Grafana dashboard JSON and back: the fields Grafana's classic model needs, and every
 * shipped dashboard survives the round trip.
 */
import { describe, expect, it } from 'vitest';
import { dashboardToGrafana, GrafanaImportError, grafanaToDashboard } from '../../../src-main/engine/reports/grafana-dashboard';
import { bundledDashboards } from '../../../src-main/engine/telemetry/dashboards';
import type { Dashboard } from '../../../src-shared/domain/dashboard';

type Json = Record<string, any>;

describe('Grafana dashboard JSON', () => {
  it.each(bundledDashboards().map((dashboard) => [dashboard.id, dashboard] as const))('%s has what Grafana imports', (_id, dashboard) => {
    const grafana = dashboardToGrafana(dashboard) as Json;
    expect(grafana).toMatchObject({
      uid: dashboard.id,
      title: dashboard.title,
      schemaVersion: 39,
      time: { from: `now-${dashboard.defaultRange}`, to: 'now' },
      templating: { list: [{ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }] },
    });
    expect(grafana.panels).toHaveLength(dashboard.panels.length);
    for (const panel of grafana.panels as Json[]) {
      expect(panel.gridPos).toEqual({ x: expect.any(Number), y: expect.any(Number), w: expect.any(Number), h: expect.any(Number) });
      expect(['timeseries', 'stat', 'gauge', 'barchart', 'heatmap', 'table', 'text']).toContain(panel.type);
      if (panel.type === 'text') continue;
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's data source variable.
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${DS_PROMETHEUS}' });
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const target of panel.targets as Json[]) {
        expect(target.refId).toMatch(/^[A-Za-z]/);
        expect(target.expr).toMatch(/\w/);
      }
      expect(panel.fieldConfig.defaults.thresholds.steps[0]).toEqual({ color: 'text', value: null });
    }
  });

  it('maps units and thresholds to Grafana ids', () => {
    const executive = bundledDashboards().find((dashboard) => dashboard.id === 'executive') as Dashboard;
    const units = (dashboardToGrafana(executive).panels as Json[]).map((panel) => panel.fieldConfig?.defaults.unit).filter(Boolean);
    expect(units).toEqual(expect.arrayContaining(['percent', 'currencyUSD', 'suffix:/h']));
  });

  it.each(bundledDashboards().map((dashboard) => [dashboard.id, dashboard] as const))(
    '%s reads back to the same definition',
    (_id, dashboard) => {
      const back = grafanaToDashboard(JSON.parse(JSON.stringify(dashboardToGrafana(dashboard))));
      const sorted = (one: Dashboard) => ({
        ...one,
        panels: one.panels.map((panel) => ({ ...panel, thresholds: [...panel.thresholds].sort((a, b) => a.value - b.value) })),
      });
      expect(back).toEqual(sorted(dashboard));
    },
  );

  it('accepts our own definition and Grafana API answers wrapped in { dashboard }', () => {
    const [first] = bundledDashboards() as [Dashboard];
    expect(grafanaToDashboard(JSON.parse(JSON.stringify(first)))).toEqual(first);
    expect(grafanaToDashboard({ dashboard: dashboardToGrafana(first), meta: {} }).id).toBe(first.id);
  });

  it('names the panel whose query has no equivalent', () => {
    const grafana = {
      uid: 'foreign',
      title: 'Foreign',
      panels: [
        {
          id: 1,
          type: 'timeseries',
          title: 'Fine',
          gridPos: { x: 0, y: 0, w: 12, h: 8 },
          targets: [{ refId: 'A', expr: 'rate(x_total[5m])' }],
        },
        {
          id: 2,
          type: 'timeseries',
          title: 'CPU by mode',
          gridPos: { x: 12, y: 0, w: 12, h: 8 },
          targets: [{ refId: 'A', expr: 'avg by (mode) (rate(cpu[5m]))' }],
        },
      ],
    };
    expect(() => grafanaToDashboard(grafana)).toThrow(GrafanaImportError);
    expect(() => grafanaToDashboard(grafana)).toThrow(/panel "CPU by mode", query A: .*aggregation avg/);
    expect(() => grafanaToDashboard({ nothing: true })).toThrow(/not a Grafana dashboard/);
  });

  it('imports a dashboard saved by Grafana: numeric ids, rows, a green base threshold', () => {
    const dashboard = grafanaToDashboard({
      uid: 'Team_Board',
      title: 'Team board',
      time: { from: 'now-6h', to: 'now' },
      refresh: '1m',
      panels: [
        {
          type: 'row',
          title: 'Row',
          gridPos: { x: 0, y: 0, w: 24, h: 1 },
          collapsed: true,
          panels: [
            {
              id: 7,
              type: 'stat',
              title: 'Up',
              gridPos: { x: 0, y: 1, w: 6, h: 4 },
              targets: [{ refId: 'A', expr: 'up{job="console"}' }],
              fieldConfig: {
                defaults: {
                  unit: 'percentunit',
                  thresholds: {
                    steps: [
                      { color: 'green', value: null },
                      { color: 'red', value: 80 },
                    ],
                  },
                },
              },
            },
          ],
        },
      ],
    });
    expect(dashboard).toMatchObject({ id: 'team-board', defaultRange: '6h', refreshS: 60 });
    expect(dashboard.panels[0]).toMatchObject({ id: 'up', type: 'stat', unit: 'ratio', queries: [{ metric: 'up', fn: 'last' }] });
    expect(dashboard.panels[0]?.thresholds.map((one) => one.color)).toEqual(['green', 'red']);
  });
});
