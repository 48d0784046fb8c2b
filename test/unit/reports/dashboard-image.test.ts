/**
 * The dashboard picture as SVG, before any rasterising: panels say what the page says (values, "No data
 * in this range", "No data yet", the typed error), text is escaped, and PDF page breaks never cut a panel.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DashboardSnapshot, dashboardSvg, pageBreaks } from '../../../src-main/engine/reports/dashboard-image';
import { loadRenderLibraries } from '../../../src-main/engine/reports/render-libraries';
import { bundledDashboards } from '../../../src-main/engine/telemetry/dashboards';
import { Dashboard } from '../../../src-shared/domain/dashboard';

const NOW = Date.UTC(2026, 10, 23, 12, 0);

function snapshot(dashboard: Dashboard, panels: DashboardSnapshot['panels'] = new Map()): DashboardSnapshot {
  return { dashboard, range: '1h', window: { startMs: NOW - 3_600_000, endMs: NOW }, generatedAtMs: NOW, panels };
}

const dashboard = Dashboard.parse({
  id: 'sample',
  title: 'Sample <board> & co',
  panels: [
    {
      id: 'stat',
      title: 'Turns',
      type: 'stat',
      unit: 'percent',
      gridPos: { x: 0, y: 0, w: 6, h: 4 },
      queries: [{ ref: 'A', metric: 'm', fn: 'last' }],
    },
    {
      id: 'later',
      title: 'Breakers',
      type: 'stat',
      text: 'Lands with the alerts feature.',
      gridPos: { x: 6, y: 0, w: 6, h: 4 },
      queries: [{ ref: 'A', metric: 'missing', fn: 'last' }],
    },
    {
      id: 'broken',
      title: 'Broken',
      type: 'table',
      gridPos: { x: 12, y: 0, w: 12, h: 4 },
      queries: [{ ref: 'A', metric: 'x', fn: 'rate' }],
    },
    {
      id: 'empty',
      title: 'Empty',
      type: 'timeseries',
      gridPos: { x: 0, y: 4, w: 24, h: 6 },
      queries: [{ ref: 'A', metric: 'y', fn: 'rate' }],
    },
    { id: 'note', title: 'Note', type: 'text', text: 'Read <this> first.', gridPos: { x: 0, y: 10, w: 24, h: 2 } },
  ],
});

describe('dashboard SVG', () => {
  // Export entry points load the renderers on first use; this test draws below them.
  beforeAll(() => loadRenderLibraries());

  it('draws values, empty states and errors like the page, with text escaped', () => {
    const svg = dashboardSvg(
      snapshot(
        dashboard,
        new Map([
          ['stat', { series: [{ key: 'A{}', name: 'm', labels: {}, points: [[NOW, 97.5]] }] }],
          ['later', { series: [], error: { code: 'not_found', message: 'metric missing is not in the registry' } }],
          ['broken', { series: [], error: { code: 'invalid_request', message: 'rate needs a counter' } }],
          ['empty', { series: [] }],
        ]),
      ),
    );
    expect(svg).toContain('Sample &#60;board&#62; &#38; co');
    expect(svg).toContain('>97.5%</text>');
    expect(svg).toContain('No data yet');
    expect(svg).toContain('Lands with the alerts feature.');
    expect(svg).toContain('invalid_request: rate needs a counter');
    expect(svg).toContain('No data in this range');
    expect(svg).toContain('Read &#60;this&#62; first.');
    expect(svg).toContain('Last hour');
  });

  it('splits pages between panel rows only', () => {
    for (const shipped of bundledDashboards()) {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 40 }), (rowsPerPage) => {
          const pages = pageBreaks(shipped, rowsPerPage);
          expect(pages[0]?.from).toBe(0);
          pages.forEach((page, index) => {
            expect(page.to).toBeGreaterThan(page.from);
            if (index > 0) expect(page.from).toBe(pages[index - 1]?.to);
            for (const panel of shipped.panels) {
              const crosses = panel.gridPos.y < page.to && panel.gridPos.y + panel.gridPos.h > page.to;
              expect(crosses).toBe(false);
            }
          });
        }),
        { numRuns: 40 },
      );
    }
  });
});
