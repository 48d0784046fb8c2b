/**
 * The load generator of bench/load.ts, in a process of its own (so the client's CPU is not the server's):
 * autocannon against one route of a running `serve`, with the run's settings as one JSON argument. Prints
 * one JSON line of figures last (the runJsonWorker protocol of bench/lib.ts).
 *
 * Modes:
 * - `plain`: the same request over and over (GET /metrics, GET /health).
 * - `turns`: POST /v1/turns:run?wait=true, each request on a campaign with no turn running (one running
 *   turn per campaign is the rule: a pool of campaigns, taken when a request is sent and given back when
 *   its answer — the finished turn — arrives).
 * - `limited`: every answer's status and Retry-After header is recorded with its time, so bench/load.ts
 *   can count the 2xx of each rate-limit window.
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

export interface LoadRun {
  url: string;
  path: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  seconds: number;
  mode: 'plain' | 'turns' | 'limited';
  /** `turns`: the campaigns to spread the turns over (more than connections). */
  campaigns?: string[];
}

export interface LoadFigures {
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  /** `limited`: when each 2xx answer arrived, in ms after the run started. */
  okAtMs?: number[];
  /** `limited`: how many 429 answers carried a Retry-After header, and its smallest and largest value (s). */
  retryAfter?: { with: number; without: number; min: number | null; max: number | null };
}

type RequestSpec = autocannon.RequestSpec;

function turnRequests(run: LoadRun): RequestSpec[] {
  const free = [...(run.campaigns ?? [])];
  if (free.length < run.connections) throw new Error('turns mode needs at least one campaign per connection');
  return [
    {
      setupRequest: (request, context) => {
        const campaignId = free.shift();
        if (campaignId === undefined) throw new Error('no free campaign: the pool is smaller than the requests in flight');
        context.campaignId = campaignId;
        return { ...request, body: JSON.stringify({ campaignId, preset: 'ai_disabled' }) };
      },
      onResponse: (_status, _body, context) => {
        free.push(context.campaignId as string);
      },
    },
  ];
}

function limitedRequests(record: (status: number, retryAfter: string | undefined) => void): RequestSpec[] {
  return [
    {
      onResponse: (status, _body, _context, headers) => {
        const value = headers?.['retry-after'];
        record(status, Array.isArray(value) ? value[0] : value);
      },
    },
  ];
}

export async function runLoad(run: LoadRun): Promise<LoadFigures> {
  const startedAt = performance.now();
  const okAtMs: number[] = [];
  const retryAfter = { with: 0, without: 0, min: null as number | null, max: null as number | null };
  const record = (status: number, header: string | undefined) => {
    if (status >= 200 && status < 300) okAtMs.push(Math.round(performance.now() - startedAt));
    if (status !== 429) return;
    const seconds = header === undefined ? Number.NaN : Number(header);
    if (!Number.isFinite(seconds)) {
      retryAfter.without += 1;
      return;
    }
    retryAfter.with += 1;
    retryAfter.min = retryAfter.min === null ? seconds : Math.min(retryAfter.min, seconds);
    retryAfter.max = retryAfter.max === null ? seconds : Math.max(retryAfter.max, seconds);
  };
  const requests = run.mode === 'turns' ? turnRequests(run) : run.mode === 'limited' ? limitedRequests(record) : undefined;
  const result = await autocannon({
    url: `${run.url}${run.path}`,
    method: run.method,
    headers: run.headers ?? {},
    ...(run.body !== undefined ? { body: run.body } : {}),
    connections: run.connections,
    duration: run.seconds,
    // A turn's answer waits for the whole turn; nothing here should take longer than this.
    timeout: 30,
    ...(requests ? { requests } : {}),
  });
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) statusCounts[status] = stats.count;
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCounts,
    ...(run.mode === 'limited' ? { okAtMs, retryAfter } : {}),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const run = JSON.parse(process.argv[2] ?? '{}') as LoadRun;
  const figures = await runLoad(run);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
