/**
 * dashboard: a 7-day dashboard in Chromium (issue 4's figure: query + render <= 300 ms).
 *
 * The history is seeded through the built engine's own API (out/main/engine.js: createHost, then
 * services.metricsHistory.appendSnapshot every 15 s for 7 days, then maintain() for the 5-minute
 * rollups, as the recorder leaves it) with exactly the metric families the Executive dashboard draws:
 * 20 stored series (turns by status and participants range, tokens by model and type, AI cost by model
 * and phase, turns running). `novel-console serve` then runs on that data dir and Debian's Chromium opens
 * the Executive dashboard.
 *
 * Measured with the Performance API in the page: from the `dashboard-range-change` mark (the user picks
 * "Last 7 days") to the `dashboard-painted` mark (every panel shows the new answer and every ECharts
 * chart has finished drawing it). Between runs the range goes back to 24 h, so every 7-day run queries
 * and draws from scratch. The query part is the slowest `metrics.query` request of the refresh (the
 * panels ask in parallel), from Resource Timing. A run in which a metrics.tick refresh started (the
 * recorder ticks every 15 s) is discarded and repeated. Also reported: navigation start to the first
 * painted dashboard (default range 24 h), JS bundle loading included.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../test/fixtures/chromium';
import { seedDashboardHistory } from '../test/fixtures/dashboard-history';
import { ENGINE_PATH, median, printTable, REPO_ROOT, removeDir, round, spawnServer, tempDataDir } from './lib';

export const name = 'dashboard';
export const description = 'a 7-day Executive dashboard of 20 series seeded at 15 s: query + render in Chromium (target <= 300 ms)';

const TARGET_MS = 300;
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 9);
const DAY_MS = 86_400_000;
/** The metric families the Executive dashboard queries. */
const EXECUTIVE_METRICS = new Set([
  'novel_engine_turns_total',
  'novel_engine_ai_token_usage_total',
  'novel_engine_ai_cost_dollars_total',
  'novel_engine_turns_active',
]);

interface EngineHost {
  services: { metricsHistory: Parameters<typeof seedDashboardHistory>[0] };
  close(): Promise<void>;
}

async function seed(dataDir: string): Promise<{ series: number; samples: number; seconds: number }> {
  const engine = (await import(pathToFileURL(ENGINE_PATH).href)) as {
    createHost(options: { dataDir: string; face: 'cli'; telemetry: { tracing: boolean; recorder: { enabled: boolean } } }): EngineHost;
  };
  const host = engine.createHost({ dataDir, face: 'cli', telemetry: { tracing: false, recorder: { enabled: false } } });
  const started = performance.now();
  try {
    const result = seedDashboardHistory(host.services.metricsHistory, {
      endMs: Date.now(),
      durationMs: 7 * DAY_MS,
      stepMs: 15_000,
      include: (metric) => EXECUTIVE_METRICS.has(metric),
    });
    return { series: result.series, samples: result.samples, seconds: (performance.now() - started) / 1000 };
  } finally {
    await host.close();
  }
}

/** Resolves once a refresh newer than `after` is painted; returns its generation. */
async function painted(page: Page, after = 0): Promise<number> {
  const grid = page.getByTestId('dashboard-grid');
  // In-page functions reach the DOM through globalThis: this file compiles without the DOM library.
  await page.waitForFunction(
    (newerThan: number) => {
      const document = (globalThis as any).document;
      const element = document.querySelector('[data-testid="dashboard-grid"]');
      const generation = Number(element?.getAttribute('data-generation') ?? 0);
      return (
        generation > newerThan &&
        String(generation) === element?.getAttribute('data-painted-generation') &&
        document.querySelectorAll('.dash-panel[data-state="loading"]').length === 0
      );
    },
    after,
    { timeout: 30_000, polling: 20 },
  );
  return Number(await grid.getAttribute('data-generation'));
}

interface RunFigures {
  totalMs: number;
  queryMs: number;
  requests: number;
  /** Summed over the refresh's requests: time to first byte (server work and queueing behind other requests). */
  ttfbSumMs: number;
  /** The longest a request waited in the browser before it was sent (connection limit). */
  maxStalledMs: number;
}

/** Picks `range`; the figures of that refresh, or null when another refresh (a tick) interleaved. */
async function pickRange(page: Page, range: '24h' | '7d'): Promise<RunFigures | null> {
  const before = Number(await page.getByTestId('dashboard-grid').getAttribute('data-generation'));
  await page.evaluate(() => {
    (globalThis as any).performance.clearMarks();
    (globalThis as any).performance.clearResourceTimings();
  });
  await page.getByTestId('range-select').selectOption(range);
  const generation = await painted(page, before);
  if (generation !== before + 1) return null;
  return page.evaluate((): RunFigures | null => {
    const timeline = (globalThis as any).performance;
    const change = timeline.getEntriesByName('dashboard-range-change').at(-1);
    const done = timeline.getEntriesByName('dashboard-painted').at(-1);
    const queries: any[] = timeline.getEntriesByType('resource').filter((entry: any) => entry.name.includes('/rpc/metrics.query'));
    if (!change || !done) return null;
    return {
      totalMs: done.startTime - change.startTime,
      queryMs: Math.max(0, ...queries.map((entry) => entry.responseEnd - change.startTime)),
      requests: queries.length,
      ttfbSumMs: queries.reduce((sum, entry) => sum + (entry.responseStart - entry.requestStart), 0),
      maxStalledMs: Math.max(0, ...queries.map((entry) => entry.requestStart - entry.startTime)),
    };
  });
}

export async function run(): Promise<Record<string, number>> {
  if (!existsSync(ENGINE_PATH)) throw new Error(`${relative(REPO_ROOT, ENGINE_PATH)} is missing: run npm run build first`);
  const dataDir = tempDataDir('dashboard');
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    // Seed first, then start the server on the seeded data dir.
    const seeded = await seed(dataDir);
    console.log(
      `seeded ${seeded.series} series, ${seeded.samples.toLocaleString('en-US')} samples over 7 days at 15 s in ${round(seeded.seconds)} s`,
    );
    const live = spawnServer(dataDir);
    try {
      const { url, token } = await live.login;
      browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${url}/?token=${token}#/dashboards/executive`);
      await painted(page);
      const navigationMs = await page.evaluate(
        (): number => (globalThis as any).performance.getEntriesByName('dashboard-painted')[0]?.startTime ?? Number.NaN,
      );
      const drawnSeries = await page
        .locator('.dash-panel')
        .evaluateAll((panels) => panels.reduce((sum, panel) => sum + Number(panel.getAttribute('data-series') ?? 0), 0));

      // Only the range changes refresh the dashboard while it is measured (metrics.tick still may: discarded).
      await page.getByTestId('refresh-select').selectOption('0');
      const runs: RunFigures[] = [];
      let discarded = 0;
      // One untimed 7-day pass warms the server's statement cache and the chart code's JIT.
      await pickRange(page, '7d');
      while (runs.length < RUNS && discarded < RUNS) {
        await pickRange(page, '24h');
        const figures = await pickRange(page, '7d');
        if (figures) runs.push(figures);
        else discarded += 1;
      }
      const drawn7d = await page
        .locator('.dash-panel')
        .evaluateAll((panels) => panels.reduce((sum, panel) => sum + Number(panel.getAttribute('data-series') ?? 0), 0));

      const totals = runs.map((one) => one.totalMs);
      const queries = runs.map((one) => one.queryMs);
      const renders = runs.map((one) => one.totalMs - one.queryMs);
      printTable(
        ['7-day range change to painted', 'median ms', 'min ms', 'max ms'],
        [
          ['query + render (target <= 300)', round(median(totals)), round(Math.min(...totals)), round(Math.max(...totals))],
          [
            '  queries (slowest of the parallel requests)',
            round(median(queries)),
            round(Math.min(...queries)),
            round(Math.max(...queries)),
          ],
          ['  render after the last answer', round(median(renders)), round(Math.min(...renders)), round(Math.max(...renders))],
          ...(['ttfbSumMs', 'maxStalledMs'] as const).map((key) => {
            const values = runs.map((one) => one[key]);
            const label = key === 'ttfbSumMs' ? '  request time to first byte, summed' : '  longest wait in the browser before sending';
            return [label, round(median(values)), round(Math.min(...values)), round(Math.max(...values))];
          }),
        ],
      );
      console.log(
        `${runs.length} runs (${discarded} discarded for a metrics.tick refresh), ${runs[0]?.requests ?? 0} metrics.query requests per refresh, ` +
          `${drawn7d} series drawn at 7 d (${drawnSeries} at 24 h); navigation to first painted dashboard (24 h) ${round(navigationMs)} ms`,
      );
      console.log(`target ${median(totals) <= TARGET_MS ? 'met' : 'missed'}: median ${round(median(totals))} ms vs ${TARGET_MS} ms`);
      return {
        storedSeries: seeded.series,
        seededSamples: seeded.samples,
        seriesDrawn: drawn7d,
        requestsPerRefresh: runs[0]?.requests ?? 0,
        runs: runs.length,
        medianMs: round(median(totals)),
        minMs: round(Math.min(...totals)),
        maxMs: round(Math.max(...totals)),
        medianQueryMs: round(median(queries)),
        medianRenderMs: round(median(renders)),
        navigationToPaintedMs: round(navigationMs),
        targetMs: TARGET_MS,
      };
    } finally {
      await browser?.close();
      await live.stop();
    }
  } finally {
    removeDir(dataDir);
  }
}
