/**
 * Log correlation (SPEC section 3): lines the engine writes while a turn runs carry that turn's trace_id
 * and root span_id, which name a trace `traces.get` returns; lines outside any trace carry neither.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { createLogger } from '../../../src-main/engine/logger';
import { runInTraceScope } from '../../../src-main/engine/telemetry/log-context';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
    done();
  },
});
const admin = identityForRole('tester', 'admin');
let host: Host;
let cleanup: () => void;

beforeAll(() => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  host = createHost({
    dataDir: data.dir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    logger: createLogger('info', sink),
  });
});

afterAll(async () => {
  await host.close();
  cleanup();
});

describe('trace ids in logs', () => {
  it('a failed turn logs with the trace id and root span id of its kept trace', async () => {
    const started = host.services.runner.start({
      campaignId: 'ashfall-crossing',
      configuration: { seed: 2, maxAiCost: 0, failFastOnPhaseFailure: true },
      origin: 'test',
      startedBy: 'tester',
    });
    expect(await started.done).toBe('compensated');
    const failure = lines.find(
      (line) => typeof line.msg === 'string' && line.msg.startsWith('turn failed') && line.turnId === started.turnId,
    );
    expect(failure).toBeDefined();
    expect(failure?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(failure?.span_id).toMatch(/^[0-9a-f]{16}$/);

    await host.services.tracing?.flush();
    const trace = await host.rpc.invoke('traces.get', { traceId: failure?.trace_id as string }, admin);
    expect(trace.turnId).toBe(started.turnId);
    const root = trace.spans.find((span) => span.parentSpanId === null);
    expect(root?.name).toBe('novel_engine.turn_execution');
    expect(root?.spanId).toBe(failure?.span_id);
  });

  it('lines outside a trace scope have no trace fields, inside one they have its ids', () => {
    const logger = createLogger('info', sink);
    logger.info('outside');
    runInTraceScope({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }, () => logger.info('inside'));
    const outside = lines.find((line) => line.msg === 'outside');
    const inside = lines.find((line) => line.msg === 'inside');
    expect(outside).not.toHaveProperty('trace_id');
    expect(inside).toMatchObject({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) });
  });
});
