/**
 * The waterfall's state: rows computed per collapse and search change, selection revealing collapsed
 * spans, the keyboard's span handed to a visible ancestor, stale answers ignored. The bridge here only
 * hands back a synthetic trace (the real transport and engine are covered by test/e2e/traces-page.spec.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bridge } from '../../../src-renderer/src/bridge';
import { useTraceViewStore } from '../../../src-renderer/src/stores/trace-view-store';
import type { TraceDetail, TraceSpan } from '../../../src-shared/domain/trace';

/**
 * A turn-shaped trace by hand (this project's web typecheck cannot reach test/fixtures): the root, five
 * phases, `calls` brief calls with three children each, and the narrative call.
 */
function turnTrace(traceId: string, calls: number): TraceDetail {
  const spans: TraceSpan[] = [];
  let next = 0;
  const add = (parent: string | null, name: string, startMs: number, durationMs: number): string => {
    const spanId = (++next).toString(16).padStart(16, '0');
    spans.push({
      spanId,
      parentSpanId: parent,
      name,
      kind: 'internal',
      startMs,
      durationMs,
      status: 'ok',
      statusMessage: null,
      attributes: {},
      events: [],
    });
    return spanId;
  };
  const call = (parent: string, name: string, at: number) => {
    const id = add(parent, name, at, 10);
    for (const child of ['prompt_guard.check', 'provider.http', 'output_guard.check']) add(id, child, at + 1, 2);
  };
  const root = add(null, 'novel_engine.turn_execution', 0, 1000);
  add(root, 'novel_engine.phase.world_update', 1, 5);
  const brief = add(root, 'novel_engine.phase.subjective_brief', 10, 500);
  for (let k = 0; k < calls; k++) call(brief, 'ai_gateway.generate_brief', 10 + k);
  add(root, 'novel_engine.phase.interaction_orchestration', 520, 5);
  add(root, 'novel_engine.phase.event_integration', 530, 5);
  call(add(root, 'novel_engine.phase.narrative_integration', 540, 400), 'ai_gateway.generate_narrative', 545);
  return {
    traceId,
    rootName: 'novel_engine.turn_execution',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1000,
    status: 'ok',
    spanCount: spans.length,
    errorCount: 0,
    turnId: null,
    campaignId: null,
    cost: 0,
    keptReason: 'sampled',
    spans,
  };
}

// 1 + 5 phases + 98 calls x 4 + the narrative call's 4 = 402 spans.
const trace = turnTrace('a'.repeat(32), 98);
const other = turnTrace('b'.repeat(32), 5);
const SPANS = trace.spans.length;

/** A bridge answering traces.get from a table, each answer released by hand. */
function bridgeOf(traces: TraceDetail[]) {
  const pending: (() => void)[] = [];
  const bridge = {
    kind: 'http',
    invoke: (channel: string, request: { traceId: string }) =>
      new Promise((resolve, reject) => {
        pending.push(() => {
          const found = traces.find((candidate) => candidate.traceId === request.traceId);
          if (channel === 'traces.get' && found) resolve(found);
          else reject(new Error(`no ${request.traceId}`));
        });
      }),
    subscribe: () => () => {},
    onConnection: () => () => {},
  } as unknown as Bridge;
  const release = () => {
    for (const answer of pending.splice(0)) answer();
  };
  return { bridge, release };
}

async function opened(id = trace.traceId) {
  const { bridge, release } = bridgeOf([trace, other]);
  const opening = useTraceViewStore.getState().open(bridge, id);
  release();
  await opening;
  return useTraceViewStore.getState();
}

const indexOf = (name: string) => trace.spans.findIndex((span) => span.name === name);

beforeEach(() => {
  useTraceViewStore.setState({ traceId: null, tree: null });
});

describe('trace view store', () => {
  it('lays out every span once the trace arrives, and marks the fetch and analysis', async () => {
    performance.clearMarks();
    const state = await opened();
    expect(state.trace.data?.traceId).toBe(trace.traceId);
    expect(state.rows).toHaveLength(SPANS);
    expect(state.rowOf[state.rows[17]!]).toBe(17);
    expect(performance.getEntriesByName('trace:fetched')).toHaveLength(1);
    expect(performance.getEntriesByName('trace:analysed')).toHaveLength(1);
  });

  it('ignores the answer for a trace the user already left', async () => {
    const { bridge, release } = bridgeOf([trace, other]);
    const first = useTraceViewStore.getState().open(bridge, trace.traceId);
    const second = useTraceViewStore.getState().open(bridge, other.traceId);
    release();
    await Promise.all([first, second]);
    expect(useTraceViewStore.getState().trace.data?.traceId).toBe(other.traceId);
    expect(useTraceViewStore.getState().rows).toHaveLength(other.spans.length);
  });

  it('collapses one span, hands the keyboard to it, and collapses all but the root', async () => {
    await opened();
    const store = useTraceViewStore.getState;
    const brief = indexOf('novel_engine.phase.subjective_brief');
    const firstCall = store().tree!.order[store().tree!.position[brief]! + 1]!;
    store().setActive(firstCall);
    store().setCollapsed(brief, true);
    expect(store().rows.length).toBe(SPANS - store().tree!.descendants[brief]!);
    expect(store().active).toBe(brief);
    store().setAllCollapsed(true);
    expect(store().rows).toHaveLength(6);
    store().setAllCollapsed(false);
    expect(store().rows).toHaveLength(SPANS);
  });

  it('opens the collapsed ancestors of a selected span and asks the waterfall to reveal it', async () => {
    await opened();
    const store = useTraceViewStore.getState;
    store().setAllCollapsed(true);
    const leaf = indexOf('output_guard.check');
    const seq = store().reveal.seq;
    store().selectById(trace.spans[leaf]!.spanId);
    expect(store().selected).toBe(leaf);
    expect(store().rowOf[leaf]).toBeGreaterThan(0);
    expect(store().reveal).toEqual({ span: leaf, seq: seq + 1 });
    store().selectById('not-a-span');
    expect(store().selected).toBe(leaf);
  });

  it('filters rows to matches and their ancestors, and steps through the matches', async () => {
    await opened();
    const store = useTraceViewStore.getState;
    store().setQuery('generate_narrative');
    expect(store().search?.matches).toHaveLength(1);
    expect(store().rows).toHaveLength(SPANS);
    store().setSearchMode('filter');
    // Root, the narrative phase and the call.
    expect(store().rows).toHaveLength(3);
    store().stepMatch(1);
    expect(store().currentMatch).toBe(indexOf('ai_gateway.generate_narrative'));
    expect(store().selected).toBe(store().currentMatch);
    store().setQuery('');
    expect(store().search).toBeNull();
    expect(store().rows).toHaveLength(SPANS);
  });

  it('zooms onto a window clipped to the trace, onto a span with a margin, and back', async () => {
    await opened();
    const store = useTraceViewStore.getState;
    store().setZoom({ startMs: 600, endMs: -50 });
    expect(store().zoom).toEqual({ startMs: 0, endMs: 600 });
    store().setZoom({ startMs: -10, endMs: 5000 });
    expect(store().zoom).toBeNull();
    const narrative = indexOf('novel_engine.phase.narrative_integration');
    store().zoomToSpan(narrative);
    expect(store().zoom).toEqual({ startMs: 520, endMs: 960 });
    store().setZoom(null);
    expect(store().zoom).toBeNull();
  });

  it('computes the critical path on first use only', async () => {
    await opened();
    const store = useTraceViewStore.getState;
    expect(store().critical).toBeNull();
    store().setShowCritical(true);
    const path = store().critical;
    expect(path?.onPath[store().tree!.root]).toBe(1);
    store().setShowCritical(false);
    store().setShowCritical(true);
    expect(store().critical).toBe(path);
  });
});
