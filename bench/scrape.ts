/**
 * scrape: GET /metrics and the metrics history (issue 4).
 *
 * 1. serve: the built CLI (`novel-console serve`) in its own process after 5 real turns; GET /metrics over
 *    HTTP keep-alive, one request at a time. Target <= 2 ms per scrape at default cardinality.
 * 2. in-process: the engine and its Fastify server loaded from source through Vite's SSR loader (the only
 *    way to reach the same registry from the benchmark: the built bundles do not export the server), 5
 *    turns, then the same scrapes at default cardinality and again with a gauge of 10,000 labelled
 *    children added (target <= 30 ms); the recorder's snapshot (registry -> SQLite, one transaction)
 *    timed at both cardinalities: 21 snapshots after 100 untimed ones, so one of them opens a 5-minute
 *    bucket; after it, as in the recorder, the maintenance steps (move the finished bucket out of the
 *    head, roll it up, retention), each timed.
 * 3. query: 7 days of 20 counter series at 15 s (806,400 samples) appended through
 *    MetricsHistory.appendSnapshot, then metrics.query (rate, automatic step) over HTTP /rpc for the
 *    7-day range: from raw samples, then from rollups after maintain().
 * 4. size: one day of the default registry's series at 15 s (values evolved like a busy engine: counters
 *    and buckets rising, gauges jittering, floats where the real values are floats) appended into an
 *    empty database; bytes per day of raw samples and of 5-minute rollups.
 */
import http from 'node:http';
import type { Registry } from 'prom-client';
import type { Host, HostOptions } from '../src-main/engine/host';
import { type RecordedSample, samplesFromMetricsJson } from '../src-main/engine/telemetry/metrics-history';
import type { RunningServer, ServeOptions } from '../src-main/server/serve';
import {
  httpRequest,
  median,
  percentile,
  printTable,
  processCpuSeconds,
  REPO_ROOT,
  removeDir,
  round,
  setBenchSigningKey,
  spawnServer,
  tempDataDir,
} from './lib';

export const name = 'scrape';
export const description =
  'GET /metrics (<= 2 ms default, <= 30 ms with 10,000 extra series), recorder snapshots, a 7-day query, history bytes/day';

const SCRAPES_DEFAULT = 500;
const SCRAPES_HIGH = 100;
const SNAPSHOTS = 21;
const WARM_SNAPSHOTS = 100;
const EXTRA_SERIES = 10_000;
const QUERY_SERIES = 20;
const QUERY_DAYS = 7;
const QUERY_RUNS = 7;
const INTERVAL_MS = 15_000;
const DAY_MS = 86_400_000;

interface Scrapes {
  medianMs: number;
  p95Ms: number;
  bytes: number;
}

function getter(url: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(url);
  const request = (path: string, headers: Record<string, string> = {}, body?: string) =>
    httpRequest({ agent, hostname, port, path, method: body === undefined ? 'GET' : 'POST', headers }, body);
  return { request, close: () => agent.destroy() };
}

/**
 * Timed scrapes, each a fresh render: /metrics reuses its exposition for up to 250 ms unless another
 * request arrived since (metrics-routes.ts), so an untimed GET /health goes before each timed scrape, as
 * Prometheus' 15 s interval would leave it.
 */
async function scrape(url: string, count: number): Promise<Scrapes> {
  const client = getter(url);
  try {
    let bytes = 0;
    for (let i = 0; i < Math.min(20, count); i += 1) await client.request('/metrics');
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      await client.request('/health');
      const began = performance.now();
      const response = await client.request('/metrics');
      times.push(performance.now() - began);
      if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
      bytes = response.body.length;
    }
    times.sort((a, b) => a - b);
    return { medianMs: median(times), p95Ms: percentile(times, 95), bytes };
  } finally {
    client.close();
  }
}

async function serveFigures(): Promise<Scrapes & { series: number; serverCpuMs: number | null }> {
  const dataDir = tempDataDir('scrape');
  const server = spawnServer(dataDir);
  try {
    const { url, token } = await server.login;
    const client = getter(url);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const started = await Promise.all(
      Array.from({ length: 5 }, (_, seed) =>
        client.request('/rpc/turns.run', headers, JSON.stringify({ campaignId: 'ashfall-crossing', configuration: { seed } })),
      ),
    );
    const ids = started.map((response) => (JSON.parse(response.body) as { turnId: string }).turnId);
    const deadline = Date.now() + 120_000;
    for (const turnId of ids) {
      for (;;) {
        const detail = JSON.parse((await client.request('/rpc/turns.get', headers, JSON.stringify({ turnId }))).body) as {
          turn?: { status: string };
          status?: string;
        };
        const status = detail.turn?.status ?? detail.status;
        if (status !== 'running' && status !== 'pending') break;
        if (Date.now() > deadline) throw new Error('turns did not finish within 120 s');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    client.close();
    // The server's CPU time per scrape (from /proc) is far less disturbed by other processes than latency.
    const cpuBefore = processCpuSeconds(server.child.pid);
    const figures = await scrape(url, SCRAPES_DEFAULT);
    const cpuAfter = processCpuSeconds(server.child.pid);
    const serverCpuMs = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / (SCRAPES_DEFAULT + 20);
    const text = (await getter(url).request('/metrics')).body;
    return { ...figures, serverCpuMs, series: text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length };
  } finally {
    await server.stop();
    removeDir(dataDir);
  }
}

interface SourceModules {
  createHost: (options: HostOptions) => Host;
  startServer: (options: ServeOptions) => Promise<RunningServer>;
  Gauge: typeof import('prom-client').Gauge;
  close(): Promise<void>;
}

/** The engine and server from source, through Vite's SSR loader (import.meta.glob and ?raw included). */
async function loadFromSource(): Promise<SourceModules> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    root: REPO_ROOT,
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const serve = (await vite.ssrLoadModule('/src-main/server/serve.ts')) as { startServer: SourceModules['startServer'] };
  const host = (await vite.ssrLoadModule('/src-main/engine/host.ts')) as { createHost: SourceModules['createHost'] };
  const promClient = await import('prom-client');
  return { createHost: host.createHost, startServer: serve.startServer, Gauge: promClient.Gauge, close: () => vite.close() };
}

interface SnapshotTimes {
  median: number;
  max: number;
  /** The recorder's maintenance at each 5-minute boundary: its longest step and its total. */
  maintenanceStepMax: number;
  maintenanceTotal: number;
}

/**
 * `count` snapshots 15 s apart, after WARM_SNAPSHOTS untimed ones, each followed (as the recorder does)
 * by the maintenance steps when it opened a 5-minute bucket.
 */
async function timeSnapshots(host: Host, registry: Registry, firstAtMs: number, count: number): Promise<SnapshotTimes> {
  const history = host.services.metricsHistory;
  const times: number[] = [];
  let maintenanceStepMax = 0;
  let maintenanceTotal = 0;
  let maintenanceRuns = 0;
  for (let i = 0; i < WARM_SNAPSHOTS + count; i += 1) {
    const atMs = firstAtMs + i * INTERVAL_MS;
    const began = performance.now();
    await history.snapshotRegistry(registry, atMs);
    if (i >= WARM_SNAPSHOTS) times.push(performance.now() - began);
    if (atMs % 300_000 >= INTERVAL_MS) continue;
    const steps = history.maintenanceSteps(atMs);
    let total = 0;
    for (;;) {
      const stepBegan = performance.now();
      const step = steps.next();
      const took = performance.now() - stepBegan;
      total += took;
      if (i >= WARM_SNAPSHOTS) maintenanceStepMax = Math.max(maintenanceStepMax, took);
      if (step.done) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (i >= WARM_SNAPSHOTS) {
      maintenanceTotal += total;
      maintenanceRuns += 1;
    }
  }
  return {
    median: median(times),
    max: Math.max(...times),
    maintenanceStepMax,
    maintenanceTotal: maintenanceRuns > 0 ? maintenanceTotal / maintenanceRuns : 0,
  };
}

interface InProcess {
  default: Scrapes;
  high: Scrapes;
  snapshotDefaultMs: SnapshotTimes;
  snapshotHighMs: SnapshotTimes;
  defaultSeries: number;
  defaultSamples: RecordedSample[];
}

async function inProcessFigures(modules: SourceModules): Promise<InProcess> {
  setBenchSigningKey();
  const dataDir = tempDataDir('scrape-inproc');
  const host = modules.createHost({
    dataDir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: { recorder: { enabled: false } },
  });
  const server = await modules.startServer({ host, port: 0, staticDir: null, rateLimit: 0 });
  try {
    for (let seed = 0; seed < 5; seed += 1) {
      await host.services.runner.start({ campaignId: 'ashfall-crossing', configuration: { seed }, origin: 'bench', startedBy: 'bench' })
        .done;
    }
    const registry = host.services.metrics.registry;
    const base = Date.now() - DAY_MS;
    // Series first, so the timed snapshots are the steady state (no series rows to create).
    await host.services.metricsHistory.snapshotRegistry(registry, base);
    const defaultSamples = samplesFromMetricsJson((await registry.getMetricsAsJSON()) as never);
    const snapshotDefaultMs = await timeSnapshots(host, registry, base + INTERVAL_MS, SNAPSHOTS);
    const defaults = await scrape(server.url, SCRAPES_DEFAULT);

    const extra = new modules.Gauge({
      name: 'bench_extra_series',
      help: 'Ten thousand labelled children for the cardinality benchmark',
      labelNames: ['series'] as const,
      registers: [registry],
    });
    for (let i = 0; i < EXTRA_SERIES; i += 1) extra.set({ series: `s${i}` }, i * 1.5);
    const highBase = base + (WARM_SNAPSHOTS + SNAPSHOTS + 1) * INTERVAL_MS;
    await host.services.metricsHistory.snapshotRegistry(registry, highBase);
    const snapshotHighMs = await timeSnapshots(host, registry, highBase + INTERVAL_MS, SNAPSHOTS);
    const high = await scrape(server.url, SCRAPES_HIGH);
    registry.removeSingleMetric('bench_extra_series');
    return { default: defaults, high, snapshotDefaultMs, snapshotHighMs, defaultSeries: defaultSamples.length, defaultSamples };
  } finally {
    await server.close();
    await host.close();
    removeDir(dataDir);
  }
}

async function queryFigures(
  modules: SourceModules,
): Promise<{ seedS: number; rawMs: number; rollupMs: number; maintainS: number; points: number }> {
  const dataDir = tempDataDir('scrape-query');
  const host = modules.createHost({ dataDir, face: 'headless', telemetry: { recorder: { enabled: false }, tracing: false } });
  const server = await modules.startServer({ host, port: 0, staticDir: null, rateLimit: 0 });
  try {
    const history = host.services.metricsHistory;
    const end = Math.floor(Date.now() / INTERVAL_MS) * INTERVAL_MS;
    const start = end - QUERY_DAYS * DAY_MS;
    const values = new Float64Array(QUERY_SERIES);
    const labels = Array.from({ length: QUERY_SERIES }, (_, i) => ({ series: String(i) }));
    let seeded = performance.now();
    for (let at = start; at <= end; at += INTERVAL_MS) {
      const samples: RecordedSample[] = [];
      for (let i = 0; i < QUERY_SERIES; i += 1) {
        values[i] = (values[i] as number) + ((at / INTERVAL_MS + i) % 7);
        samples.push({ name: 'bench_requests_total', type: 'counter', labels: labels[i], value: values[i] as number });
      }
      history.appendSnapshot(at, samples);
    }
    const seedS = (performance.now() - seeded) / 1000;
    const client = getter(server.url);
    const headers = { authorization: `Bearer ${server.accessToken}`, 'content-type': 'application/json' };
    const body = JSON.stringify({
      metric: 'bench_requests_total',
      fn: 'rate',
      windowS: 300,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    });
    let points = 0;
    const time = async (expected: 'raw' | 'rollup') => {
      const times: number[] = [];
      for (let run = 0; run < QUERY_RUNS; run += 1) {
        const began = performance.now();
        const response = await client.request('/rpc/metrics.query', headers, body);
        times.push(performance.now() - began);
        const parsed = JSON.parse(response.body) as { resolution: string; series: { points: unknown[] }[] };
        if (response.status !== 200 || parsed.resolution !== expected || parsed.series.length !== QUERY_SERIES) {
          throw new Error(`metrics.query answered ${response.status} ${response.body.slice(0, 200)}`);
        }
        points = parsed.series[0]?.points.length ?? 0;
      }
      return median(times);
    };
    const rawMs = await time('raw');
    seeded = performance.now();
    history.maintain(end + INTERVAL_MS);
    const maintainS = (performance.now() - seeded) / 1000;
    const rollupMs = await time('rollup');
    client.close();
    return { seedS, rawMs, rollupMs, maintainS, points };
  } finally {
    await server.close();
    await host.close();
    removeDir(dataDir);
  }
}

/** One day of `template`'s series, evolved; bytes of raw samples and of rollups per day. */
async function sizeFigures(
  modules: SourceModules,
  template: readonly RecordedSample[],
): Promise<{ rawBytesPerDay: number; rollupBytesPerDay: number; bytesPerSample: number; appendMs: number }> {
  const dataDir = tempDataDir('scrape-size');
  const host = modules.createHost({ dataDir, face: 'headless', telemetry: { recorder: { enabled: false }, tracing: false } });
  try {
    const db = host.db;
    const bytes = () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      return (
        (db.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck().get() as number) -
        (db.prepare('SELECT freelist_count * page_size FROM pragma_freelist_count(), pragma_page_size()').pluck().get() as number)
      );
    };
    const history = host.services.metricsHistory;
    const start = Math.floor((Date.now() - 2 * DAY_MS) / DAY_MS) * DAY_MS;
    const samples = template.map((sample) => ({ ...sample, labels: { ...sample.labels } }));
    const integral = samples.map((sample) => Number.isInteger(sample.value));
    const counterLike = samples.map((sample) => sample.type === 'counter' || sample.type === 'histogram');
    let seed = 12345;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    history.appendSnapshot(start, samples);
    const before = bytes();
    const appendTimes: number[] = [];
    const snapshots = DAY_MS / INTERVAL_MS;
    for (let n = 1; n <= snapshots; n += 1) {
      for (let i = 0; i < samples.length; i += 1) {
        const sample = samples[i] as RecordedSample;
        if (counterLike[i]) {
          if (random() < 0.3) sample.value += integral[i] ? 1 + Math.floor(random() * 3) : random() * 2;
        } else {
          sample.value = integral[i] ? Math.round(sample.value * (0.9 + random() * 0.2)) : sample.value * (0.9 + random() * 0.2);
        }
      }
      const began = performance.now();
      history.appendSnapshot(start + n * INTERVAL_MS, samples);
      appendTimes.push(performance.now() - began);
    }
    const afterRaw = bytes();
    history.rollup(start + DAY_MS + INTERVAL_MS);
    const afterRollups = bytes();
    const rawBytesPerDay = afterRaw - before;
    return {
      rawBytesPerDay,
      rollupBytesPerDay: afterRollups - afterRaw,
      bytesPerSample: rawBytesPerDay / (snapshots * samples.length),
      appendMs: median(appendTimes),
    };
  } finally {
    await host.close();
    removeDir(dataDir);
  }
}

export async function run(): Promise<Record<string, number>> {
  const served = await serveFigures();
  const modules = await loadFromSource();
  try {
    const inProcess = await inProcessFigures(modules);
    const query = await queryFigures(modules);
    const size = await sizeFigures(modules, inProcess.defaultSamples);
    const mb = (value: number) => round(value / 1_048_576, 1);
    printTable(
      ['measure', 'value', 'target'],
      [
        [
          `serve: GET /metrics, ${served.series} samples, ${round(served.bytes / 1024)} KB (median)`,
          `${round(served.medianMs, 2)} ms`,
          '<= 2 ms',
        ],
        ['serve: GET /metrics p95', `${round(served.p95Ms, 2)} ms`, ''],
        [
          'serve: server CPU per scrape (USER_HZ 100: +-0.02 ms)',
          served.serverCpuMs === null ? 'n/a' : `${round(served.serverCpuMs, 2)} ms`,
          '',
        ],
        [
          `in-process: GET /metrics, default (${inProcess.defaultSeries} series) median`,
          `${round(inProcess.default.medianMs, 2)} ms`,
          '<= 2 ms',
        ],
        [`in-process: GET /metrics, +${EXTRA_SERIES} series median`, `${round(inProcess.high.medianMs, 2)} ms`, '<= 30 ms'],
        ['in-process: GET /metrics, +10,000 series p95', `${round(inProcess.high.p95Ms, 2)} ms`, ''],
        [
          'recorder snapshot, default: median / slowest',
          `${round(inProcess.snapshotDefaultMs.median, 2)} / ${round(inProcess.snapshotDefaultMs.max, 2)} ms`,
          '',
        ],
        [
          'recorder maintenance per 5 min, default: longest step / total',
          `${round(inProcess.snapshotDefaultMs.maintenanceStepMax, 1)} / ${round(inProcess.snapshotDefaultMs.maintenanceTotal, 1)} ms`,
          '',
        ],
        [
          `recorder snapshot, +${EXTRA_SERIES} series: median / slowest`,
          `${round(inProcess.snapshotHighMs.median, 1)} / ${round(inProcess.snapshotHighMs.max, 1)} ms`,
          '',
        ],
        [
          `recorder maintenance per 5 min, +${EXTRA_SERIES} series: longest step / total`,
          `${round(inProcess.snapshotHighMs.maintenanceStepMax, 1)} / ${round(inProcess.snapshotHighMs.maintenanceTotal, 1)} ms`,
          '',
        ],
        [`seed ${QUERY_DAYS} d x ${QUERY_SERIES} series at 15 s (appendSnapshot)`, `${round(query.seedS, 1)} s`, ''],
        [
          `metrics.query rate, ${QUERY_DAYS} d, ${QUERY_SERIES} series, ${query.points} points each: raw`,
          `${round(query.rawMs, 1)} ms`,
          '',
        ],
        ['rollup + retention of those 7 days (maintain)', `${round(query.maintainS, 2)} s`, ''],
        [`metrics.query the same from rollups`, `${round(query.rollupMs, 1)} ms`, ''],
        [`history bytes/day, ${inProcess.defaultSeries} series: raw samples`, `${mb(size.rawBytesPerDay)} MB`, ''],
        ['history bytes/day: 5-minute rollups', `${mb(size.rollupBytesPerDay)} MB`, ''],
        ['bytes per raw sample', `${round(size.bytesPerSample, 1)}`, ''],
        ['appendSnapshot of the default series (median, during the day)', `${round(size.appendMs, 2)} ms`, ''],
        ['projected: 7 d raw + 90 d rollups', `${mb(7 * size.rawBytesPerDay + 90 * size.rollupBytesPerDay)} MB`, ''],
      ],
    );
    return {
      serveScrapeMs: round(served.medianMs, 3),
      serveScrapeP95Ms: round(served.p95Ms, 3),
      serveSamples: served.series,
      serveServerCpuMsPerScrape: served.serverCpuMs === null ? -1 : round(served.serverCpuMs, 3),
      scrapeDefaultMs: round(inProcess.default.medianMs, 3),
      scrapeExtra10kMs: round(inProcess.high.medianMs, 2),
      scrapeExtra10kP95Ms: round(inProcess.high.p95Ms, 2),
      snapshotDefaultMs: round(inProcess.snapshotDefaultMs.median, 2),
      snapshotDefaultMaxMs: round(inProcess.snapshotDefaultMs.max, 2),
      snapshotExtra10kMs: round(inProcess.snapshotHighMs.median, 1),
      snapshotExtra10kMaxMs: round(inProcess.snapshotHighMs.max, 1),
      maintenanceDefaultStepMaxMs: round(inProcess.snapshotDefaultMs.maintenanceStepMax, 2),
      maintenanceDefaultTotalMs: round(inProcess.snapshotDefaultMs.maintenanceTotal, 2),
      maintenanceExtra10kStepMaxMs: round(inProcess.snapshotHighMs.maintenanceStepMax, 1),
      maintenanceExtra10kTotalMs: round(inProcess.snapshotHighMs.maintenanceTotal, 1),
      defaultSeries: inProcess.defaultSeries,
      query7d20SeriesRawMs: round(query.rawMs, 1),
      query7d20SeriesRollupMs: round(query.rollupMs, 1),
      queryPoints: query.points,
      seed7d20SeriesS: round(query.seedS, 1),
      maintain7dS: round(query.maintainS, 2),
      rawBytesPerDay: Math.round(size.rawBytesPerDay),
      rollupBytesPerDay: Math.round(size.rollupBytesPerDay),
      bytesPerSample: round(size.bytesPerSample, 1),
    };
  } finally {
    await modules.close();
  }
}
