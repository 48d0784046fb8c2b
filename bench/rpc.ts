/**
 * rpc: round-trip latency and throughput of `POST /rpc/system.health` against the headless server, over
 * HTTP/1.1 keep-alive (one connection per concurrent caller). Closed loop: each of the `concurrency`
 * callers sends its next request as soon as its previous response has been read in full. The client runs
 * in this process and shares the machine's cores with the server, as a local UI would.
 *
 * Client: undici's Pool when node_modules has undici (lower client CPU per request), node:http with a
 * keep-alive Agent otherwise; BENCH_CLIENT=node-http forces the latter. On Linux it also reports the
 * server's CPU time per request (from /proc/PID/stat), which is far less noisy than latency, and how
 * many cores other processes used meanwhile (from /proc/stat), because a busy machine skews every figure.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import {
  httpRequest,
  machineCpuSeconds,
  nsToMs,
  percentile,
  printTable,
  processCpuSeconds,
  removeDir,
  round,
  spawnServer,
  tempDataDir,
} from './lib';

export const name = 'rpc';
export const description = 'POST /rpc/system.health over HTTP keep-alive: p50/p99 latency and requests/s at concurrency 1 and 16';

const WARMUP_REQUESTS = 2_000;
const WARMUP_CONCURRENCY = 16;
const PHASES = [
  { concurrency: 1, requests: 5_000 },
  { concurrency: 16, requests: 20_000 },
] as const;
/** Each phase stops after this long, whatever number of requests it has done. */
const PHASE_TIME_LIMIT_MS = 20_000;
/** Target: p99 round trip at concurrency 16. */
const TARGET_C16_P99_US = 2_000;
/** Above this many cores used by other processes during a phase, the figures are flagged as disturbed. */
const BACKGROUND_WARNING_CORES = 0.15;

const PATH = '/rpc/system.health';
const BODY = '{}';

interface Client {
  label: string;
  post(): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** The slice of undici's API used here (undici is not a declared dependency: it is loaded if present). */
interface UndiciModule {
  Pool: new (
    origin: string,
    options: { connections: number; pipelining: number },
  ) => {
    request(options: {
      method: string;
      path: string;
      headers: Record<string, string>;
      body: string;
    }): Promise<{ statusCode: number; body: { text(): Promise<string> } }>;
    close(): Promise<void>;
  };
}

function loadUndici(): { module: UndiciModule; version: string } | null {
  if (process.env.BENCH_CLIENT === 'node-http') return null;
  const require = createRequire(import.meta.url);
  try {
    const module = require('undici') as UndiciModule;
    const { version } = require('undici/package.json') as { version: string };
    return { module, version };
  } catch {
    return null;
  }
}

function createClient(origin: string, token: string, connections: number): Client {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const undici = loadUndici();
  if (undici) {
    const pool = new undici.module.Pool(origin, { connections, pipelining: 1 });
    const options = { method: 'POST', path: PATH, headers, body: BODY };
    return {
      label: `undici ${undici.version} Pool (${connections} connections, no pipelining)`,
      async post() {
        const response = await pool.request(options);
        return { status: response.statusCode, body: await response.body.text() };
      },
      close: () => pool.close(),
    };
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(origin);
  const options: http.RequestOptions = {
    agent,
    hostname,
    port,
    method: 'POST',
    path: PATH,
    headers: { ...headers, 'content-length': Buffer.byteLength(BODY) },
  };
  return {
    label: `node:http keep-alive Agent (maxSockets ${connections})`,
    post: () => httpRequest(options, BODY),
    close: async () => agent.destroy(),
  };
}

function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

interface CpuSnapshot {
  server: number | null;
  machine: number | null;
  own: number;
}

function cpuSnapshot(serverPid: number | undefined): CpuSnapshot {
  return { server: processCpuSeconds(serverPid), machine: machineCpuSeconds(), own: ownCpuSeconds() };
}

interface PhaseResult {
  concurrency: number;
  completed: number;
  elapsedMs: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  timedOut: boolean;
  /** Server CPU µs per request (null off Linux). */
  serverCpuUs: number | null;
  /** Client (this process) CPU µs per request. */
  clientCpuUs: number;
  /** Cores used by other processes during the phase (null off Linux). */
  backgroundCores: number | null;
}

async function runPhase(client: Client, serverPid: number | undefined, concurrency: number, requests: number): Promise<PhaseResult> {
  const latenciesUs = new Float64Array(requests);
  let issued = 0;
  let completed = 0;
  let timedOut = false;
  const before = cpuSnapshot(serverPid);
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(PHASE_TIME_LIMIT_MS) * 1_000_000n;

  const caller = async () => {
    while (issued < requests) {
      if (process.hrtime.bigint() >= deadline) {
        timedOut = true;
        return;
      }
      issued++;
      const sent = process.hrtime.bigint();
      const { status, body } = await client.post();
      const received = process.hrtime.bigint();
      if (status !== 200) throw new Error(`POST ${PATH} answered ${status}: ${body.slice(0, 300)}`);
      latenciesUs[completed++] = Number(received - sent) / 1000;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsedMs = nsToMs(process.hrtime.bigint() - started);
  const after = cpuSnapshot(serverPid);

  const serverCpu = before.server !== null && after.server !== null ? after.server - before.server : null;
  const ownCpu = after.own - before.own;
  const machineCpu = before.machine !== null && after.machine !== null ? after.machine - before.machine : null;
  const backgroundCores =
    machineCpu !== null && serverCpu !== null ? Math.max(0, machineCpu - serverCpu - ownCpu) / (elapsedMs / 1000) : null;

  const sorted = latenciesUs.subarray(0, completed).sort();
  return {
    concurrency,
    completed,
    elapsedMs,
    requestsPerSecond: completed / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    timedOut,
    serverCpuUs: serverCpu !== null && completed > 0 ? (serverCpu * 1e6) / completed : null,
    clientCpuUs: completed > 0 ? (ownCpu * 1e6) / completed : Number.NaN,
    backgroundCores,
  };
}

const orDash = (value: number | null, digits = 0) => (value === null ? '-' : round(value, digits));

export async function run(): Promise<Record<string, number>> {
  const dataDir = tempDataDir('rpc');
  const server = spawnServer(dataDir);
  let client: Client | undefined;
  try {
    const { url, token } = await server.login;
    const serverPid = server.child.pid;
    client = createClient(url, token, Math.max(...PHASES.map((phase) => phase.concurrency)));
    console.log(`server ${url} (pid ${serverPid}); client: ${client.label}`);

    const warmup = await runPhase(client, serverPid, WARMUP_CONCURRENCY, WARMUP_REQUESTS);
    console.log(`warm-up: ${warmup.completed} requests at concurrency ${WARMUP_CONCURRENCY} in ${round(warmup.elapsedMs, 0)} ms`);

    const results: PhaseResult[] = [];
    for (const phase of PHASES) results.push(await runPhase(client, serverPid, phase.concurrency, phase.requests));

    console.log('');
    printTable(
      [
        'concurrency',
        'requests',
        'seconds',
        'req/s',
        'p50 µs',
        'p90 µs',
        'p99 µs',
        'max µs',
        'server CPU µs/req',
        'client CPU µs/req',
        'other cores',
      ],
      results.map((result) => [
        result.concurrency,
        result.completed + (result.timedOut ? ` (${PHASE_TIME_LIMIT_MS / 1000} s limit)` : ''),
        round(result.elapsedMs / 1000, 2),
        Math.round(result.requestsPerSecond),
        Math.round(result.p50),
        Math.round(result.p90),
        Math.round(result.p99),
        Math.round(result.max),
        orDash(result.serverCpuUs),
        Math.round(result.clientCpuUs),
        orDash(result.backgroundCores, 2),
      ]),
    );

    const [c1, c16] = results;
    if (!c1 || !c16) throw new Error('a phase did not run');
    const ratio = c16.requestsPerSecond / c1.requestsPerSecond;
    console.log('');
    console.log(`throughput c16 / c1: ${round(ratio, 2)}x`);
    const busiest = Math.max(...results.map((result) => result.backgroundCores ?? 0));
    if (busiest > BACKGROUND_WARNING_CORES) {
      console.log(`warning: other processes used up to ${round(busiest, 2)} cores during the run; the figures are disturbed`);
    }
    const met = c16.p99 <= TARGET_C16_P99_US;
    console.log(`target p99 <= ${TARGET_C16_P99_US} µs at concurrency 16: ${met ? 'met' : 'MISSED'} (${Math.round(c16.p99)} µs)`);

    const figures: Record<string, number> = {};
    for (const result of results) {
      const prefix = `c${result.concurrency}`;
      figures[`${prefix}_requests`] = result.completed;
      figures[`${prefix}_p50_us`] = round(result.p50);
      figures[`${prefix}_p90_us`] = round(result.p90);
      figures[`${prefix}_p99_us`] = round(result.p99);
      figures[`${prefix}_max_us`] = round(result.max);
      figures[`${prefix}_rps`] = Math.round(result.requestsPerSecond);
      if (result.serverCpuUs !== null) figures[`${prefix}_server_cpu_us_per_req`] = round(result.serverCpuUs);
      figures[`${prefix}_client_cpu_us_per_req`] = round(result.clientCpuUs);
      if (result.backgroundCores !== null) figures[`${prefix}_background_cores`] = round(result.backgroundCores, 2);
    }
    figures.c16_over_c1_throughput = round(ratio, 2);
    return figures;
  } finally {
    await client?.close();
    await server.stop();
    removeDir(dataDir);
  }
}
