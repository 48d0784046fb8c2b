/**
 * The recorder inside a real host: it snapshots the registry on its interval and publishes metrics.tick;
 * metrics.query and metrics.catalog answer over HTTP /rpc; the storage gauges reach /metrics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { type RunningServer, startServer } from '../../../src-main/server/serve';
import type { MetricsTick } from '../../../src-shared/domain/metrics-query';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const INTERVAL_MS = 200;

let host: Host;
let server: RunningServer;
let cleanup: () => void;
const ticks: MetricsTick[] = [];
let startedAt: number;

function nextTicks(count: number): Promise<void> {
  const target = ticks.length + count;
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`fewer than ${count} metrics.tick within 10 s`)), 10_000);
    const poll = setInterval(() => {
      if (ticks.length >= target) {
        clearInterval(poll);
        clearTimeout(timeout);
        resolve();
      }
    }, 20);
  });
}

async function rpc(channel: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  startedAt = Date.now();
  host = createHost({
    dataDir: data.dir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: { tracing: false, recorder: { intervalMs: INTERVAL_MS } },
  });
  host.topics.subscribe(identityForRole('t', 'developer'), 'metrics.tick', (tick) => ticks.push(tick as MetricsTick));
  server = await startServer({ host, port: 0, staticDir: null });
  // The recorder's baseline snapshot comes first; the turn's series appear later, from zero.
  await nextTicks(1);
  const { done } = host.services.runner.start({
    campaignId: 'ashfall-crossing',
    configuration: { seed: 1 },
    origin: 'test',
    startedBy: 't',
  });
  expect(await done).toBe('completed');
  await nextTicks(2);
});

afterAll(async () => {
  await server?.close();
  await host?.close();
  cleanup?.();
});

describe('the sample recorder in the host', () => {
  it('writes a snapshot every interval and publishes metrics.tick after each', () => {
    const snapshots = host.db.prepare('SELECT ts, samples FROM metric_snapshots ORDER BY ts').all() as { ts: number; samples: number }[];
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < snapshots.length; i += 1) {
      expect((snapshots[i]?.ts ?? 0) - (snapshots[i - 1]?.ts ?? 0)).toBeGreaterThanOrEqual(INTERVAL_MS - 20);
    }
    const last = ticks[ticks.length - 1] as MetricsTick;
    expect(Date.parse(last.at)).toBeGreaterThanOrEqual(startedAt);
    expect(last.seriesCount).toBeGreaterThan(100);
    expect(last.samplesWritten).toBe(last.seriesCount);
    expect(snapshots.map((snapshot) => new Date(snapshot.ts).toISOString())).toContain(last.at);
  });

  it('records nothing when the recorder is disabled', async () => {
    const data = tempDataDir();
    const quiet = createHost({
      dataDir: data.dir,
      face: 'headless',
      telemetry: { tracing: false, recorder: { enabled: false, intervalMs: 100 } },
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(quiet.db.prepare('SELECT count(*) FROM metric_snapshots').pluck().get()).toBe(0);
    } finally {
      await quiet.close();
      data.cleanup();
    }
  });
});

describe('metrics.query and metrics.catalog over HTTP /rpc', () => {
  const window = () => ({ start: new Date(startedAt - 60_000).toISOString(), end: new Date().toISOString(), stepS: 1 });

  it('answers a range query on what the recorder wrote', async () => {
    const { status, body } = await rpc('metrics.query', {
      metric: 'novel_engine_turns_total',
      fn: 'last',
      windowS: 60,
      by: ['status'],
      ...window(),
    });
    expect(status).toBe(200);
    expect(body.resolution).toBe('raw');
    expect(body.stepS).toBe(1);
    const series = body.series as { labels: Record<string, string>; points: [number, number | null][] }[];
    expect(series.map((s) => s.labels)).toEqual([{ status: 'completed' }]);
    const values = (series[0]?.points ?? []).map(([, value]) => value).filter((value) => value !== null);
    expect(values.at(-1)).toBe(1);
  });

  it('computes a turn latency percentile from the recorded histogram buckets', async () => {
    const { status, body } = await rpc('metrics.query', {
      metric: 'novel_engine_turn_duration_seconds',
      fn: 'quantile',
      q: 0.95,
      windowS: 600,
      by: [],
      ...window(),
    });
    expect(status).toBe(200);
    const series = body.series as { points: [number, number | null][] }[];
    expect(series).toHaveLength(1);
    // One sub-second turn: p95 interpolates inside the first bucket (0, 0.5].
    const values = (series[0]?.points ?? []).map(([, value]) => value).filter((value): value is number => value !== null);
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((value) => value > 0 && value <= 0.5)).toBe(true);
  });

  it('refuses a quantile without q with a 400 naming the field', async () => {
    const { status, body } = await rpc('metrics.query', { metric: 'novel_engine_turn_duration_seconds', fn: 'quantile', ...window() });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_request', issues: [{ field: 'q' }] });
    const unknown = await rpc('metrics.query', { metric: 'novel_engine_no_such_thing', fn: 'last', ...window() });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', issues: [{ field: 'metric' }] });
  });

  it('lists the registry with types, help and label names', async () => {
    const { status, body } = await rpc('metrics.catalog', {});
    expect(status).toBe(200);
    const metrics = body.metrics as { name: string; type: string; help: string; labels: string[] }[];
    expect(metrics.find((metric) => metric.name === 'novel_engine_turn_duration_seconds')).toEqual({
      name: 'novel_engine_turn_duration_seconds',
      type: 'histogram',
      help: 'Turn execution duration in seconds',
      labels: ['phase', 'participants_count', 'ai_enabled'],
    });
    expect(metrics.find((metric) => metric.name === 'novel_engine_database_size_bytes')?.type).toBe('gauge');
  });
});

describe('storage gauges on /metrics', () => {
  it('report the database size, the series held and the oldest sample age', async () => {
    const exposition = await (await fetch(`${server.url}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(exposition)?.[1]);
    expect(value(/^novel_engine_database_size_bytes (\S+)$/m)).toBeGreaterThan(100_000);
    expect(value(/^novel_engine_metrics_history_series (\S+)$/m)).toBeGreaterThan(100);
    const age = value(/^novel_engine_metrics_history_oldest_sample_age_seconds\{resolution="raw"\} (\S+)$/m);
    expect(age).toBeGreaterThan(0);
    expect(age).toBeLessThan((Date.now() - startedAt) / 1000 + 1);
  });
});
