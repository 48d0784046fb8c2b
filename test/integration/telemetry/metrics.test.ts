/**
 * SPEC section 2 on the wire: after real turns (completed, compensated, partially completed) the
 * /metrics exposition has the exact names, labels and buckets, and Prometheus' own linter accepts it.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { type RunningServer, startServer } from '../../../src-main/server/serve';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let host: Host;
let server: RunningServer;
let cleanup: () => void;
let exposition: string;

async function turn(configuration: Record<string, unknown>) {
  const { done } = host.services.runner.start({ campaignId: 'ashfall-crossing', configuration, origin: 'test', startedBy: 't' });
  return done;
}

beforeAll(async () => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  host = createHost({ dataDir: data.dir, face: 'headless', provider: { kind: 'simulated', latency: { kind: 'none' } } });
  server = await startServer({ host, port: 0, staticDir: null });
  expect(await turn({ seed: 1 })).toBe('completed');
  expect(await turn({ seed: 2, maxAiCost: 0, failFastOnPhaseFailure: true })).toBe('compensated');
  expect(await turn({ seed: 3, phaseEnabled: { narrative_integration: true }, maxAiCost: 0 })).toBe('partially_completed');
  await fetch(`${server.url}/health`);
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  exposition = await response.text();
});

afterAll(async () => {
  await server.close();
  await host.close();
  cleanup();
});

function samples(name: string): { labels: Record<string, string>; value: number }[] {
  const pattern = new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm');
  return [...exposition.matchAll(pattern)].map((match) => ({
    labels: Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])),
    value: Number(match[2]),
  }));
}

describe('/metrics', () => {
  it('declares every SPEC metric with its exact type', () => {
    const types = Object.fromEntries([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    expect(types).toMatchObject({
      novel_engine_llm_cost_per_request_dollars: 'gauge',
      novel_engine_turn_duration_seconds: 'histogram',
      novel_engine_turns_total: 'counter',
      novel_engine_turns_active: 'gauge',
      novel_engine_phase_duration_seconds: 'histogram',
      novel_engine_phase_events_processed_total: 'counter',
      novel_engine_ai_requests_total: 'counter',
      novel_engine_ai_token_usage_total: 'counter',
      novel_engine_compensations_total: 'counter',
      novel_engine_memory_usage_bytes: 'gauge',
      novel_engine_concurrent_operations: 'gauge',
      authentication_failures_total: 'counter',
      authorization_failures_total: 'counter',
      http_requests_total: 'counter',
      http_request_duration_seconds: 'histogram',
      process_cpu_seconds_total: 'counter',
      nodejs_eventloop_lag_seconds: 'gauge',
    });
  });

  it('counts turns by status and participants range', () => {
    const turns = samples('novel_engine_turns_total');
    expect(turns).toEqual(
      expect.arrayContaining([
        { labels: { status: 'completed', participants_range: '6-10' }, value: 1 },
        { labels: { status: 'compensated', participants_range: '6-10' }, value: 1 },
        { labels: { status: 'partially_completed', participants_range: '6-10' }, value: 1 },
      ]),
    );
    expect(samples('novel_engine_turns_active')).toEqual([{ labels: {}, value: 0 }]);
  });

  it('uses SPEC buckets for turn and phase durations', () => {
    const turnLe = samples('novel_engine_turn_duration_seconds_bucket')
      .filter((s) => s.labels.ai_enabled === 'true')
      .map((s) => s.labels.le);
    expect(turnLe).toEqual(['0.5', '1', '2.5', '5', '10', '25', '60', '+Inf']);
    expect(samples('novel_engine_turn_duration_seconds_count')[0]?.labels).toEqual({
      phase: 'total',
      participants_count: '6',
      ai_enabled: 'true',
    });
    const phaseLe = samples('novel_engine_phase_duration_seconds_bucket')
      .filter((s) => s.labels.phase_type === 'world_update' && s.labels.success === 'true')
      .map((s) => s.labels.le);
    expect(phaseLe).toEqual(['0.1', '0.5', '1', '2', '5', '10', '30', '+Inf']);
    expect(
      samples('novel_engine_phase_duration_seconds_count').find(
        (s) => s.labels.phase_type === 'subjective_brief' && s.labels.success === 'false',
      )?.value,
    ).toBe(2);
  });

  it('counts AI requests, tokens, events and compensations with bounded labels', () => {
    const requests = samples('novel_engine_ai_requests_total');
    expect(requests.find((s) => s.labels.phase === 'subjective_brief' && s.labels.status === 'success')).toMatchObject({
      labels: { provider: 'simulated', model: 'sim-standard' },
    });
    expect(
      samples('novel_engine_ai_token_usage_total')
        .map((s) => s.labels.token_type)
        .sort(),
    ).toEqual(['input', 'output']);
    expect(samples('novel_engine_phase_events_processed_total').map((s) => s.labels.event_type)).toContain('world_time_advanced');
    expect(samples('novel_engine_compensations_total').find((s) => s.labels.compensation_type === 'rollback_world_state')).toEqual({
      labels: { compensation_type: 'rollback_world_state', success: 'true' },
      value: 1,
    });
    const costs = samples('novel_engine_llm_cost_per_request_dollars');
    expect(costs.every((s) => s.labels.model_type?.startsWith('sim-') && ['true', 'false'].includes(s.labels.success ?? ''))).toBe(true);
  });

  it('labels HTTP requests by route template', () => {
    expect(samples('http_requests_total')).toEqual(
      expect.arrayContaining([{ labels: { method: 'GET', endpoint: '/health', status: '200' }, value: 1 }]),
    );
  });

  it('passes promtool check metrics', () => {
    const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
    expect(result.error, 'promtool is missing: apt-get install prometheus').toBeUndefined();
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });
});
