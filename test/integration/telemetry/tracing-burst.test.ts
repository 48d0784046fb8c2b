/**
 * No kept span is lost under a burst: 10,000 turns' worth of traces (real SDK spans on the host's
 * tracing, shaped like turns: root, five phases, five brief calls and a narrative call with prompt and
 * completion events) end back to back in one synchronous loop — the event loop never turns, so only the
 * exporter's size-triggered synchronous writes can keep up — and every trace the sampling rule keeps is
 * in SQLite whole, with every other span counted as sampled out. (Spans are driven directly rather than
 * by running 10,000 turns: the burst is about the span pipeline, and 10,000 real turns take ~30 s here.)
 */
import { ROOT_CONTEXT, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src-main/engine/db/database';
import { silentLogger } from '../../../src-main/engine/logger';
import { createMetrics, type Metrics } from '../../../src-main/engine/telemetry/metrics';
import { decideTrace } from '../../../src-main/engine/telemetry/tail-sampler';
import { createTraceStore, type TraceStore } from '../../../src-main/engine/telemetry/trace-store';
import { createTracing } from '../../../src-main/engine/telemetry/tracing';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const TURNS = 10_000;
const SPANS_PER_TURN = 12;

let db: Db;
let store: TraceStore;
let metrics: Metrics;
let cleanup: () => void;

beforeAll(() => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  db = openDatabase({ path: `${data.dir}/burst.db` }).db;
  store = createTraceStore(db);
  metrics = createMetrics();
});

afterAll(() => {
  db.close();
  cleanup();
});

async function counterValues(name: string): Promise<Record<string, number>> {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  return Object.fromEntries(metric.values.map((value) => [String(value.labels.reason), value.value]));
}

describe('a burst of 10,000 turn traces', () => {
  it('stores every kept trace whole and counts every other span', async () => {
    const tracing = createTracing({ store, metrics, logger: silentLogger() });
    const { tracer } = tracing;
    const expectedKept = new Map<string, string>();
    for (let turn = 0; turn < TURNS; turn++) {
      const origin = turn % 3 === 0 ? 'ui' : 'cli';
      const failing = turn % 17 === 0;
      const cost = turn % 5 === 0 ? 1.5 : 0.02;
      const root = tracer.startSpan(
        'novel_engine.turn_execution',
        { attributes: { 'turn.id': `turn-${turn}`, 'campaign.id': 'burst', 'turn.origin': origin } },
        ROOT_CONTEXT,
      );
      const rootContext = trace.setSpan(ROOT_CONTEXT, root);
      for (let order = 1; order <= 5; order++) {
        const phase = tracer.startSpan(`novel_engine.phase.p${order}`, { attributes: { 'phase.order': order } }, rootContext);
        const calls = order === 2 ? 5 : order === 5 ? 1 : 0;
        for (let index = 0; index < calls; index++) {
          const call: Span = tracer.startSpan(
            `ai_gateway.${order === 2 ? 'subjective_brief' : 'narrative'}`,
            { attributes: { 'gen_ai.system': 'simulated', 'gen_ai.request.model': 'sim-standard', 'ai.agent': `agent-${index}` } },
            trace.setSpan(rootContext, phase),
          );
          call.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': `system: brief for agent-${index} in turn ${turn}` });
          call.addEvent('gen_ai.content.completion', { 'gen_ai.completion': `agent-${index} watches the river and waits.` });
          call.setAttributes({ 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 40, 'ai.cost': cost / 6 });
          call.end();
        }
        if (failing && order === 3) phase.setStatus({ code: SpanStatusCode.ERROR, message: 'injected' });
        phase.end();
      }
      root.setAttributes({ 'turn.total_cost': cost });
      root.end();
      const traceId = root.spanContext().traceId;
      const reason = decideTrace({ traceId, hasError: failing, rootDurationMs: 0, origin, totalCost: cost });
      if (reason) expectedKept.set(traceId, reason);
    }
    await tracing.close();

    expect(expectedKept.size).toBeGreaterThan(3000);
    expect(store.count()).toBe(expectedKept.size);
    const stats = db.prepare('SELECT count(*) AS traces, sum(span_count) AS spans, min(span_count) AS least FROM traces').get() as {
      traces: number;
      spans: number;
      least: number;
    };
    expect(stats).toEqual({ traces: expectedKept.size, spans: expectedKept.size * SPANS_PER_TURN, least: SPANS_PER_TURN });
    const reasons = db.prepare('SELECT trace_id, kept_reason FROM traces').all() as { trace_id: string; kept_reason: string }[];
    expect(new Map(reasons.map((row) => [row.trace_id, row.kept_reason]))).toEqual(expectedKept);

    const kept = await counterValues('novel_console_spans_kept_total');
    const dropped = await counterValues('novel_console_spans_dropped_total');
    expect(Object.values(kept).reduce((sum, value) => sum + value, 0)).toBe(expectedKept.size * SPANS_PER_TURN);
    expect(dropped).toEqual({ sampled_out: (TURNS - expectedKept.size) * SPANS_PER_TURN });

    // A stored trace reads back whole, its GenAI events included.
    const [someId] = expectedKept.keys();
    const detail = store.get(someId!)!;
    expect(detail.spans).toHaveLength(SPANS_PER_TURN);
    expect(detail.spans.filter((span) => span.name === 'ai_gateway.subjective_brief')).toHaveLength(5);
    expect(detail.spans.find((span) => span.name === 'ai_gateway.narrative')!.events.map((event) => event.name)).toEqual([
      'gen_ai.content.prompt',
      'gen_ai.content.completion',
    ]);
  });
});
