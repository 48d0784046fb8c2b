/**
 * export (dashboards): how long the engine takes to make a 7-day dashboard picture (issue 7 figure: a
 * 7-day dashboard PNG in <= 1 s). A host of the built engine (out/main/engine.js, what `serve` and the
 * CLI run) on a fresh data dir gets 7 days of metrics history at the recorder's 15 s
 * (test/fixtures/dashboard-history.ts, rolled up as the recorder leaves it); then the Operational
 * dashboard and the heaviest shipped one (Performance: histogram quantiles and the latency heatmap) are
 * asked for through reports.dashboard over 7 days — queries, ECharts SSR, composition and resvg/pdfkit —
 * PNG and PDF alternately, ~10 times each after one warm-up. Figures: median and max ms, and sizes.
 */
import { pathToFileURL } from 'node:url';
import type { ExportedFile } from '../src-shared/domain/exports';
import { type Identity, identityForRole } from '../src-shared/rbac';
import { seedDashboardHistory } from '../test/fixtures/dashboard-history';
import { ENGINE_PATH, median, printTable, removeDir, round, tempDataDir } from './lib';

const RUNS = Number(process.env.BENCH_EXPORT_DASHBOARD_RUNS ?? 10);
const DAY_MS = 86_400_000;
const DASHBOARDS = ['operational', 'performance'] as const;
const FORMATS = ['png', 'pdf'] as const;

interface DashboardHost {
  rpc: {
    invoke(
      channel: 'reports.dashboard',
      request: { dashboardId: string; range: '7d'; format: 'png' | 'pdf' },
      identity: Identity,
    ): Promise<{ file: ExportedFile }>;
  };
  services: { metricsHistory: Parameters<typeof seedDashboardHistory>[0] };
  close(): Promise<void>;
}

interface BuiltEngine {
  createHost(options: {
    dataDir: string;
    face: 'cli';
    telemetry: { tracing: boolean; recorder: { enabled: boolean } };
    alerts: { enabled: boolean };
  }): DashboardHost;
}

export async function dashboardImageFigures(): Promise<Record<string, number>> {
  const engine = (await import(pathToFileURL(ENGINE_PATH).href)) as BuiltEngine;
  const dataDir = tempDataDir('export-dashboard');
  const open = () =>
    engine.createHost({ dataDir, face: 'cli', telemetry: { tracing: false, recorder: { enabled: false } }, alerts: { enabled: false } });
  const figures: Record<string, number> = {};
  try {
    const seeding = open();
    const began = performance.now();
    const seeded = seedDashboardHistory(seeding.services.metricsHistory, { endMs: Date.now(), durationMs: 7 * DAY_MS, stepMs: 15_000 });
    await seeding.close();
    figures.seed_s = round((performance.now() - began) / 1000);
    figures.seeded_series = seeded.series;
    figures.seeded_samples = seeded.samples;

    // Reopened, as a console that has recorded for a week.
    const host = open();
    const reader = identityForRole('bench-dashboard', 'developer');
    try {
      const rows: (string | number)[][] = [];
      for (const dashboardId of DASHBOARDS) {
        const times: Record<(typeof FORMATS)[number], number[]> = { png: [], pdf: [] };
        const sizes: Record<(typeof FORMATS)[number], number> = { png: 0, pdf: 0 };
        for (const format of FORMATS) await host.rpc.invoke('reports.dashboard', { dashboardId, range: '7d', format }, reader);
        for (let run = 0; run < RUNS; run += 1) {
          for (const format of FORMATS) {
            const started = performance.now();
            const { file } = await host.rpc.invoke('reports.dashboard', { dashboardId, range: '7d', format }, reader);
            times[format].push(performance.now() - started);
            sizes[format] = file.bytes;
          }
        }
        for (const format of FORMATS) {
          const key = `${dashboardId}_7d_${format}`;
          figures[`${key}_median_ms`] = round(median(times[format]));
          figures[`${key}_max_ms`] = round(Math.max(...times[format]));
          figures[`${key}_kb`] = round(sizes[format] / 1024);
          rows.push([
            dashboardId,
            format,
            figures[`${key}_median_ms`] as number,
            figures[`${key}_max_ms`] as number,
            figures[`${key}_kb`] as number,
          ]);
        }
      }
      printTable(['dashboard (7 d)', 'format', 'median ms', 'max ms', 'KiB'], rows);
    } finally {
      await host.close();
    }
  } finally {
    removeDir(dataDir);
  }
  return figures;
}
