/**
 * load: the load drill of issue 7 (SPEC section 8). The built console (`novel-console serve`) in its own
 * process, driven on loopback from a second process (bench/load-worker.ts, autocannon):
 *
 * 1. throughput (rate limit off, as every bench server): GET /metrics at default cardinality (after 5
 *    turns), GET /health, and POST /v1/turns:run?wait=true (AI off, so the engine and not the simulated
 *    provider's latency is measured; each request on a campaign with no turn running), LOAD_SECONDS each
 *    (default 60). Requests/s, p50/p99 latency, errors (socket errors and timeouts) and non-2xx answers.
 *    Targets: >= 5,000 req/s on /metrics, p99 <= 20 ms on /health, zero errors.
 * 2. rate limit: a server with the default limit (100 requests a minute per subject, a console session
 *    10x that) hammered with POST /rpc/auth.whoami by an API token and by a session token at the same
 *    time, for LOAD_RATE_SECONDS (default 65, so a second window opens). Each window must let exactly its
 *    limit through and answer the rest 429 with a Retry-After header.
 *
 * Latencies are autocannon's, in whole milliseconds. Options (environment): LOAD_SECONDS, LOAD_RATE_SECONDS,
 * LOAD_CONNECTIONS (10), LOAD_TURN_CONNECTIONS (8).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ENGINE_PATH,
  httpRequest,
  machineCpuSeconds,
  printTable,
  processCpuSeconds,
  REPO_ROOT,
  removeDir,
  round,
  runJsonWorker,
  type ServerProcess,
  selfAndChildrenCpuSeconds,
  spawnServer,
  tempDataDir,
} from './lib';
import type { LoadFigures, LoadRun } from './load-worker';

export const name = 'load';
export const description =
  'load drill from a second process (autocannon): /metrics >= 5,000 req/s, /health p99 <= 20 ms, turns:run, zero errors; rate limits under load';

const WORKER = join(REPO_ROOT, 'bench', 'load-worker.ts');
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const RATE_SECONDS = Number(process.env.LOAD_RATE_SECONDS ?? 65);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 10);
const TURN_CONNECTIONS = Number(process.env.LOAD_TURN_CONNECTIONS ?? 8);
const DEMO = 'ashfall-crossing';
/** Four campaigns per connection: a request always finds one with no turn running. */
const CAMPAIGNS = Array.from({ length: TURN_CONNECTIONS * 4 }, (_, index) => `load-${index + 1}`);
const DEFAULT_LIMIT = 100;
const SESSION_FACTOR = 10;
const WINDOW_MS = 60_000;

const TARGET_METRICS_RPS = 5_000;
const TARGET_HEALTH_P99_MS = 20;

interface BuiltEngine {
  createHost(options: { dataDir: string; face: 'cli'; telemetry: { recorder: { enabled: boolean } } }): {
    services: {
      campaigns: {
        get(id: string): { world: unknown } | undefined;
        insert(campaign: { id: string; name: string; description: string; world: unknown }): void;
      };
    };
    close(): Promise<void>;
  };
}

/** Copies of the demo world, written by the built engine before the server holds the data dir. */
async function addCampaigns(dataDir: string): Promise<void> {
  const engine = (await import(pathToFileURL(ENGINE_PATH).href)) as BuiltEngine;
  const host = engine.createHost({ dataDir, face: 'cli', telemetry: { recorder: { enabled: false } } });
  try {
    const demo = host.services.campaigns.get(DEMO);
    if (!demo) throw new Error(`the demo campaign ${DEMO} is missing from a fresh data dir`);
    for (const id of CAMPAIGNS) host.services.campaigns.insert({ id, name: `Load ${id}`, description: 'load drill', world: demo.world });
  } finally {
    await host.close();
  }
}

async function post(url: string, path: string, token: string, body: unknown) {
  const { hostname, port } = new URL(url);
  const text = JSON.stringify(body);
  const response = await httpRequest(
    { hostname, port, path, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
    text,
  );
  if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${response.body}`);
  return JSON.parse(response.body) as Record<string, unknown>;
}

interface Measured extends LoadFigures {
  /** Cores the server used on average during the run (its CPU seconds / wall seconds). */
  serverCores: number | null;
  /** Cores used by the load generator (this process and its workers). */
  clientCores: number | null;
  /** Cores used by every other process on the machine meanwhile: what disturbed the figures. */
  backgroundCores: number | null;
}

const perSecond = (before: number | null, after: number | null, wall: number) =>
  before === null || after === null ? null : round((after - before) / wall, 2);

async function drive(server: ServerProcess, run: Omit<LoadRun, 'url'>): Promise<Measured> {
  const { url } = await server.login;
  const before = { server: processCpuSeconds(server.child.pid), client: selfAndChildrenCpuSeconds(), machine: machineCpuSeconds() };
  const began = performance.now();
  const figures = await runJsonWorker<LoadFigures>(WORKER, [JSON.stringify({ ...run, url })]);
  const wall = (performance.now() - began) / 1000;
  const after = { server: processCpuSeconds(server.child.pid), client: selfAndChildrenCpuSeconds(), machine: machineCpuSeconds() };
  const serverCores = perSecond(before.server, after.server, wall);
  const clientCores = perSecond(before.client, after.client, wall);
  const machineCores = perSecond(before.machine, after.machine, wall);
  const backgroundCores =
    machineCores === null || serverCores === null || clientCores === null
      ? null
      : round(Math.max(0, machineCores - serverCores - clientCores), 2);
  return { ...figures, serverCores, clientCores, backgroundCores };
}

async function throughput(): Promise<Record<string, Measured>> {
  const dataDir = tempDataDir('load');
  await addCampaigns(dataDir);
  const server = spawnServer(dataDir);
  try {
    const { url, token } = await server.login;
    // Default cardinality: what 5 turns leave in the registry (as bench scrape).
    for (let seed = 0; seed < 5; seed++) await post(url, '/v1/turns:run?wait=true', token, { campaignId: DEMO, configuration: { seed } });
    const auth = { authorization: `Bearer ${token}` };
    return {
      metrics: await drive(server, { path: '/metrics', method: 'GET', connections: CONNECTIONS, seconds: SECONDS, mode: 'plain' }),
      health: await drive(server, { path: '/health', method: 'GET', connections: CONNECTIONS, seconds: SECONDS, mode: 'plain' }),
      turns: await drive(server, {
        path: '/v1/turns:run?wait=true',
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        connections: TURN_CONNECTIONS,
        seconds: SECONDS,
        mode: 'turns',
        campaigns: CAMPAIGNS,
      }),
    };
  } finally {
    await server.stop();
    removeDir(dataDir);
  }
}

interface Windows {
  /** 2xx answers in each window. */
  perWindow: number[];
  expected: number;
  matches: boolean;
}

/**
 * @fastify/rate-limit's fixed window opens at a caller's first request and lasts a minute: its 2xx answers
 * come in one burst at the start of each window, then only 429s until the next. The client cannot see
 * where the server's window starts (its first answers are late while the server warms up), so windows
 * are told apart by the gap of 429s between bursts, not by the client's clock.
 */
function windows(figures: LoadFigures, limit: number): Windows {
  const counts: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const at of figures.okAtMs ?? []) {
    if (at - previous > WINDOW_MS / 2 || counts.length === 0) counts.push(0);
    counts[counts.length - 1] = (counts.at(-1) ?? 0) + 1;
    previous = at;
  }
  return { perWindow: counts, expected: limit, matches: counts.length > 0 && counts.every((count) => count === limit) };
}

async function rateLimit(): Promise<{ api: Measured & Windows; session: Measured & Windows }> {
  const dataDir = tempDataDir('load-limit');
  // The bench servers run without a limit (lib.ts); a later --rate-limit wins, so this one has the default.
  const saved = process.env.BENCH_SERVE_ARGS;
  process.env.BENCH_SERVE_ARGS = `${saved ?? ''} --rate-limit ${DEFAULT_LIMIT}`;
  const server = spawnServer(dataDir);
  if (saved === undefined) delete process.env.BENCH_SERVE_ARGS;
  else process.env.BENCH_SERVE_ARGS = saved;
  try {
    const { url, token: login } = await server.login;
    // Two callers with their own buckets: an API token (its own subject) and the login's console session.
    const minted = await post(url, '/rpc/tokens.mint', login, { role: 'developer', subject: 'load-drill', label: 'load drill', ttl: '1h' });
    const session = await post(url, '/rpc/auth.session', login, {});
    const hammer = (token: string) =>
      drive(server, {
        path: '/rpc/auth.whoami',
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
        connections: 2,
        seconds: RATE_SECONDS,
        mode: 'limited',
      });
    const [api, sessionRun] = await Promise.all([hammer(minted.token as string), hammer(session.token as string)]);
    return {
      api: { ...api, ...windows(api, DEFAULT_LIMIT) },
      session: { ...sessionRun, ...windows(sessionRun, DEFAULT_LIMIT * SESSION_FACTOR) },
    };
  } finally {
    await server.stop();
    removeDir(dataDir);
  }
}

export async function run(): Promise<Record<string, number>> {
  const measured = await throughput();
  const rows = Object.entries(measured).map(([route, m]) => [
    route === 'turns' ? 'POST /v1/turns:run?wait=true' : `GET /${route}`,
    round(m.requestsPerSecond, 0),
    round(m.p50Ms, 2),
    round(m.p99Ms, 2),
    round(m.maxMs, 1),
    m.errors + m.timeouts,
    m.non2xx,
    m.serverCores ?? '-',
    m.clientCores ?? '-',
    m.backgroundCores ?? '-',
  ]);
  console.log(`throughput: ${SECONDS} s per route, ${CONNECTIONS} connections (${TURN_CONNECTIONS} for turns), rate limit off`);
  printTable(['route', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'server cores', 'client cores', 'other cores'], rows);
  const { metrics, health } = measured as Record<'metrics' | 'health', Measured>;
  const zeroErrors = Object.values(measured).every((m) => m.errors + m.timeouts + m.non2xx === 0);
  console.log(
    `targets: /metrics >= ${TARGET_METRICS_RPS} req/s: ${metrics.requestsPerSecond >= TARGET_METRICS_RPS ? 'met' : 'NOT met'}; ` +
      `/health p99 <= ${TARGET_HEALTH_P99_MS} ms: ${health.p99Ms <= TARGET_HEALTH_P99_MS ? 'met' : 'NOT met'}; ` +
      `zero errors: ${zeroErrors ? 'met' : 'NOT met'}`,
  );

  const limited = await rateLimit();
  console.log('');
  console.log(`rate limit: POST /rpc/auth.whoami for ${RATE_SECONDS} s, 2 connections per caller, both callers at once`);
  printTable(
    ['caller', 'limit/min', '2xx per window', '429', 'with Retry-After', 'Retry-After s', 'other', 'errors', 'as specified'],
    (['api', 'session'] as const).map((caller) => {
      const m = limited[caller];
      const other = Object.entries(m.statusCounts)
        .filter(([status]) => !status.startsWith('2') && status !== '429')
        .reduce((sum, [, count]) => sum + count, 0);
      const ok = m.matches && m.retryAfter?.without === 0 && other === 0 && m.errors + m.timeouts === 0;
      return [
        caller === 'api' ? 'API token' : 'console session',
        m.expected,
        m.perWindow.join(' / '),
        m.statusCounts['429'] ?? 0,
        m.retryAfter?.with ?? 0,
        m.retryAfter?.min === null || m.retryAfter === undefined ? '-' : `${m.retryAfter.min}..${m.retryAfter.max}`,
        other,
        m.errors + m.timeouts,
        ok ? 'yes' : 'NO',
      ];
    }),
  );

  const figures: Record<string, number> = { seconds: SECONDS };
  for (const [route, m] of Object.entries(measured)) {
    figures[`${route}_rps`] = round(m.requestsPerSecond, 0);
    figures[`${route}_p50_ms`] = round(m.p50Ms, 2);
    figures[`${route}_p99_ms`] = round(m.p99Ms, 2);
    figures[`${route}_errors`] = m.errors + m.timeouts;
    figures[`${route}_non2xx`] = m.non2xx;
    figures[`${route}_background_cores`] = m.backgroundCores ?? -1;
  }
  for (const caller of ['api', 'session'] as const) {
    const m = limited[caller];
    figures[`limit_${caller}_first_window_2xx`] = m.perWindow[0] ?? 0;
    figures[`limit_${caller}_windows`] = m.perWindow.length;
    figures[`limit_${caller}_429`] = m.statusCounts['429'] ?? 0;
    figures[`limit_${caller}_429_without_retry_after`] = m.retryAfter?.without ?? 0;
    figures[`limit_${caller}_as_specified`] = m.matches ? 1 : 0;
  }
  return figures;
}
