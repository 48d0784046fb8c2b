/**
 * The tail sampler's rules (SPEC section 3) as properties over random trace ids, and the processor's
 * bounds driven with real SDK spans: whole traces are decided when their root ends, every span is either
 * kept or counted as dropped with its reason.
 */
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { NodeTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLING_POLICY,
  type DropReason,
  decideTrace,
  type SpanCounters,
  type TailSamplerOptions,
  TailSamplingProcessor,
  type TraceFacts,
  traceIdFraction,
} from '../../../src-main/engine/telemetry/tail-sampler';
import type { KeptReason } from '../../../src-shared/domain/trace';

const traceId = fc.stringMatching(/^[0-9a-f]{32}$/);
const facts = fc.record({
  traceId,
  hasError: fc.boolean(),
  rootDurationMs: fc.double({ min: 0, max: 60_000, noNaN: true }),
  origin: fc.constantFrom(undefined, 'ui', 'cli', 'api', 'replay'),
  totalCost: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: undefined }),
});

function randomTraceIds(count: number, seed: number): string[] {
  return fc.sample(traceId, { numRuns: count, seed });
}

describe('decideTrace', () => {
  it('always keeps traces with an error', () => {
    fc.assert(
      fc.property(facts, (f) => {
        expect(decideTrace({ ...f, hasError: true })).toBe('error');
      }),
    );
  });

  it('always keeps slow traces (root over 10 s) without an error', () => {
    fc.assert(
      fc.property(facts, fc.double({ min: 10_000.001, max: 1e7, noNaN: true }), (f, slow) => {
        expect(decideTrace({ ...f, hasError: false, rootDurationMs: slow })).toBe('slow');
      }),
    );
  });

  it('always keeps turns started from the console UI', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const decision = decideTrace({ ...f, origin: 'ui' });
        expect(decision).not.toBeNull();
        if (!f.hasError && f.rootDurationMs <= 10_000) expect(decision).toBe('ui');
      }),
    );
  });

  it('decides the same trace the same way every time', () => {
    fc.assert(
      fc.property(facts, (f) => {
        expect(decideTrace({ ...f })).toBe(decideTrace({ ...f }));
      }),
    );
  });

  it('keeps about 10% of plain traces over 10,000 trace ids', () => {
    const ids = randomTraceIds(10_000, 4242);
    const kept = ids.filter((id) => decideTrace(plain(id)) === 'sampled').length;
    // Binomial(10,000, 0.1): sd 30, so +-150 is five standard deviations.
    expect(Math.abs(kept - 1000)).toBeLessThanOrEqual(150);
    expect(ids.every((id) => ['sampled', null].includes(decideTrace(plain(id))))).toBe(true);
  });

  it('keeps about 50% of costly traces (turn.total_cost > 1.0)', () => {
    const ids = randomTraceIds(10_000, 7);
    const kept = ids.filter((id) => decideTrace({ ...plain(id), totalCost: 1.5 }) === 'costly').length;
    expect(Math.abs(kept - 5000)).toBeLessThanOrEqual(250);
    // At exactly 1.0 a trace is not costly.
    expect(decideTrace({ ...plain('0'.repeat(32)), totalCost: 1.0 })).not.toBe('costly');
  });

  it('spreads sequential (non-random) trace ids evenly too', () => {
    const ids = Array.from({ length: 10_000 }, (_, index) => index.toString(16).padStart(32, '0'));
    const kept = ids.filter((id) => decideTrace(plain(id)) === 'sampled').length;
    expect(Math.abs(kept - 1000)).toBeLessThanOrEqual(150);
    for (const id of ids.slice(0, 100)) {
      const fraction = traceIdFraction(id);
      expect(fraction).toBeGreaterThanOrEqual(0);
      expect(fraction).toBeLessThan(1);
    }
  });
});

function plain(id: string): TraceFacts {
  return { traceId: id, hasError: false, rootDurationMs: 5, origin: 'cli', totalCost: 0.01 };
}

/** A real SDK provider whose only processor is a tail sampler recording what it keeps and drops. */
function harness(options: Partial<TailSamplerOptions> = {}) {
  const kept: { spans: ReadableSpan[]; reason: KeptReason }[] = [];
  const counts = { kept: 0, dropped: {} as Partial<Record<DropReason, number>> };
  const counters: SpanCounters = {
    kept: (_reason, spans) => {
      counts.kept += spans;
    },
    dropped: (reason, spans) => {
      counts.dropped[reason] = (counts.dropped[reason] ?? 0) + spans;
    },
  };
  const sampler = new TailSamplingProcessor({
    counters,
    onKept: (spans, reason) => kept.push({ spans, reason }),
    staleTraceMs: 0,
    ...options,
  });
  const provider = new NodeTracerProvider({ spanProcessors: [sampler] });
  const tracer = provider.getTracer('test');
  /** A root with `children` child spans; the root ends last. */
  function turnTrace(attributes: Record<string, string | number>, children = 3, error = false) {
    const root = tracer.startSpan('novel_engine.turn_execution', { attributes }, ROOT_CONTEXT);
    const context = trace.setSpan(ROOT_CONTEXT, root);
    for (let index = 0; index < children; index++) {
      const child = tracer.startSpan(`novel_engine.phase.p${index}`, {}, context);
      if (error && index === children - 1) child.setStatus({ code: SpanStatusCode.ERROR });
      child.end();
    }
    root.end();
    return root.spanContext().traceId;
  }
  return { sampler, tracer, kept, counts, turnTrace };
}

describe('TailSamplingProcessor with real SDK spans', () => {
  it('hands over a kept trace whole, root last, with its reason', () => {
    const h = harness();
    const id = h.turnTrace({ 'turn.origin': 'ui' }, 4);
    expect(h.kept).toHaveLength(1);
    expect(h.kept[0]!.reason).toBe('ui');
    expect(h.kept[0]!.spans.map((span) => span.name)).toEqual([
      'novel_engine.phase.p0',
      'novel_engine.phase.p1',
      'novel_engine.phase.p2',
      'novel_engine.phase.p3',
      'novel_engine.turn_execution',
    ]);
    expect(h.kept[0]!.spans.every((span) => span.spanContext().traceId === id)).toBe(true);
    expect(h.sampler.pendingTraces()).toBe(0);
  });

  it('keeps a trace whose only error is in a child span', () => {
    const h = harness();
    h.turnTrace({ 'turn.origin': 'cli' }, 3, true);
    expect(h.kept.map((k) => k.reason)).toEqual(['error']);
  });

  it('accounts for every span: kept plus dropped equals ended', () => {
    const h = harness();
    const ids: string[] = [];
    for (let index = 0; index < 2000; index++)
      ids.push(h.turnTrace({ 'turn.origin': 'cli', 'turn.total_cost': index % 4 === 0 ? 2 : 0.1 }, 2));
    expect(h.counts.kept + (h.counts.dropped.sampled_out ?? 0)).toBe(2000 * 3);
    expect(h.counts.kept).toBe(h.kept.reduce((sum, k) => sum + k.spans.length, 0));
    // The processor decides exactly as the pure rule does.
    const expected = ids.filter((id, index) => decideTrace({ ...plain(id), totalCost: index % 4 === 0 ? 2 : 0.1 }) !== null);
    expect(h.kept.map((k) => k.spans[0]!.spanContext().traceId)).toEqual(expected);
  });

  it('evicts the oldest pending trace beyond maxPendingTraces and counts its spans', () => {
    const h = harness({ maxPendingTraces: 2 });
    const roots = [0, 1, 2].map(() =>
      h.tracer.startSpan('novel_engine.turn_execution', { attributes: { 'turn.origin': 'ui' } }, ROOT_CONTEXT),
    );
    for (const root of roots) h.tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, root)).end();
    expect(h.sampler.pendingTraces()).toBe(2);
    expect(h.counts.dropped.evicted).toBe(1);
    for (const root of roots) root.end();
    // The evicted trace's root arrives alone and is still kept (it is a UI turn); the others are whole.
    expect(h.kept.map((k) => k.spans.length)).toEqual([1, 2, 2]);
  });

  it('drops spans beyond maxSpansPerTrace but keeps the root, counting the overflow', () => {
    const h = harness({ maxSpansPerTrace: 3 });
    h.turnTrace({ 'turn.origin': 'ui' }, 5);
    expect(h.kept[0]!.spans).toHaveLength(4);
    expect(h.kept[0]!.spans.at(-1)!.name).toBe('novel_engine.turn_execution');
    expect(h.counts.dropped.trace_too_large).toBe(2);
  });

  it('drops a trace whose root never ends once it is stale, and counts late spans of decided traces', () => {
    let now = 0;
    const h = harness({ staleTraceMs: 1000, now: () => now });
    const root = h.tracer.startSpan('novel_engine.turn_execution', { attributes: { 'turn.origin': 'ui' } }, ROOT_CONTEXT);
    const context = trace.setSpan(ROOT_CONTEXT, root);
    h.tracer.startSpan('a', {}, context).end();
    h.tracer.startSpan('b', {}, context).end();
    now = 2000;
    h.sampler.sweep();
    expect(h.counts.dropped.stale).toBe(2);
    expect(h.sampler.pendingTraces()).toBe(0);

    const decided = h.tracer.startSpan('novel_engine.turn_execution', { attributes: { 'turn.origin': 'ui' } }, ROOT_CONTEXT);
    const decidedContext = trace.setSpan(ROOT_CONTEXT, decided);
    h.tracer.startSpan('child', {}, decidedContext).end();
    const late = h.tracer.startSpan('late', {}, decidedContext);
    decided.end();
    late.end();
    expect(h.counts.dropped.late).toBe(1);
    expect(h.sampler.pendingTraces()).toBe(0);
  });

  it('counts traces still pending at shutdown as unfinished', async () => {
    const h = harness();
    const root = h.tracer.startSpan('novel_engine.turn_execution', {}, ROOT_CONTEXT);
    h.tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, root)).end();
    await h.sampler.shutdown();
    expect(h.counts.dropped.unfinished).toBe(1);
  });

  it('uses the documented default policy', () => {
    expect(DEFAULT_SAMPLING_POLICY).toEqual({ slowMs: 10_000, costlyAbove: 1.0, costlyRatio: 0.5, baseRatio: 0.1 });
  });
});
