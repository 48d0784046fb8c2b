/**
 * The trace store on a real SQLite file: a trace round-trips with every span field, and each search
 * filter (time, status, duration, cost, campaign, turn, span name) selects exactly the matching traces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src-main/engine/db/database';
import { createTraceStore, type TraceStore } from '../../../src-main/engine/telemetry/trace-store';
import type { TraceDetail, TraceSpan } from '../../../src-shared/domain/trace';
import { TracesSearchRequest } from '../../../src-shared/domain/trace';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let db: Db;
let store: TraceStore;
let cleanup: () => void;

const BASE = Date.parse('2026-11-20T10:00:00.000Z');

function span(overrides: Partial<TraceSpan> & Pick<TraceSpan, 'spanId' | 'name'>): TraceSpan {
  return {
    parentSpanId: null,
    kind: 'internal',
    startMs: BASE,
    durationMs: 1,
    status: 'unset',
    statusMessage: null,
    attributes: {},
    events: [],
    ...overrides,
  };
}

function trace(n: number, overrides: Partial<TraceDetail> = {}, extraSpans: TraceSpan[] = []): TraceDetail {
  const startMs = BASE + n * 60_000;
  const spans = [
    span({ spanId: `${n}`.padStart(16, '0'), name: 'novel_engine.turn_execution', startMs, durationMs: 100 + n }),
    ...extraSpans,
  ];
  return {
    traceId: n.toString(16).padStart(32, '0'),
    rootName: 'novel_engine.turn_execution',
    startedAt: new Date(startMs).toISOString(),
    durationMs: 100 + n,
    status: 'ok',
    spanCount: spans.length,
    errorCount: 0,
    turnId: `turn-${n}`,
    campaignId: n % 2 === 0 ? 'even' : 'odd',
    cost: n / 10,
    keptReason: 'sampled',
    spans,
    ...overrides,
  };
}

beforeAll(() => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  db = openDatabase({ path: `${data.dir}/traces.db` }).db;
  store = createTraceStore(db);
  const traces: TraceDetail[] = [];
  for (let n = 1; n <= 20; n++) traces.push(trace(n));
  traces.push(
    trace(21, { status: 'error', errorCount: 1, keptReason: 'error', spanCount: 2 }, [
      span({
        spanId: 'aaaaaaaaaaaaaaaa',
        parentSpanId: '0000000000000021',
        name: 'novel_engine.phase.world_update',
        startMs: BASE + 21 * 60_000 + 2.5,
        durationMs: 7.125,
        status: 'error',
        statusMessage: 'consistency: critical issue',
        kind: 'client',
        attributes: { 'phase.order': 1, 'phase.success': false, tags: ['a', 'b'] },
        events: [
          {
            name: 'exception',
            timeMs: BASE + 21 * 60_000 + 9,
            attributes: { 'exception.type': 'PhaseFailure', 'exception.message': 'critical issue' },
          },
        ],
      }),
    ]),
  );
  store.insert(traces);
});

afterAll(() => {
  db.close();
  cleanup();
});

const search = (request: Record<string, unknown>) => store.search(TracesSearchRequest.parse(request));

describe('trace store', () => {
  it('round-trips a trace with every span field', () => {
    const got = store.get((21).toString(16).padStart(32, '0'));
    expect(got).not.toBeNull();
    expect(got?.spans).toHaveLength(2);
    expect(got?.status).toBe('error');
    expect(got?.startedAt).toBe(new Date(BASE + 21 * 60_000).toISOString());
    expect(got?.spans[1]).toEqual({
      spanId: 'aaaaaaaaaaaaaaaa',
      parentSpanId: '0000000000000021',
      name: 'novel_engine.phase.world_update',
      kind: 'client',
      startMs: BASE + 21 * 60_000 + 2.5,
      durationMs: 7.125,
      status: 'error',
      statusMessage: 'consistency: critical issue',
      attributes: { 'phase.order': 1, 'phase.success': false, tags: ['a', 'b'] },
      events: [
        {
          name: 'exception',
          timeMs: BASE + 21 * 60_000 + 9,
          attributes: { 'exception.type': 'PhaseFailure', 'exception.message': 'critical issue' },
        },
      ],
    });
  });

  it('answers null for an unknown trace id', () => {
    expect(store.get('f'.repeat(32))).toBeNull();
  });

  it('lists newest first with a total that counts every match', () => {
    const page = search({ limit: 5 });
    expect(page.total).toBe(21);
    expect(page.traces.map((t) => t.turnId)).toEqual(['turn-21', 'turn-20', 'turn-19', 'turn-18', 'turn-17']);
    expect(search({ limit: 5, offset: 20 }).traces.map((t) => t.turnId)).toEqual(['turn-1']);
  });

  it('filters by time range', () => {
    const page = search({
      since: new Date(BASE + 5 * 60_000).toISOString(),
      until: new Date(BASE + 7 * 60_000).toISOString(),
    });
    expect(page.traces.map((t) => t.turnId)).toEqual(['turn-7', 'turn-6', 'turn-5']);
  });

  it('filters by status, minimum duration and minimum cost', () => {
    expect(search({ status: 'error' }).traces.map((t) => t.turnId)).toEqual(['turn-21']);
    expect(search({ status: 'ok' }).total).toBe(20);
    expect(search({ minDurationMs: 118 }).traces.map((t) => t.turnId)).toEqual(['turn-21', 'turn-20', 'turn-19', 'turn-18']);
    expect(search({ minCost: 1.95 }).traces.map((t) => t.turnId)).toEqual(['turn-21', 'turn-20']);
  });

  it('filters by campaign, turn id and span name', () => {
    expect(search({ campaignId: 'even' }).total).toBe(10);
    expect(search({ campaignId: 'even', status: 'ok', minCost: 1.5 }).traces.map((t) => t.turnId)).toEqual([
      'turn-20',
      'turn-18',
      'turn-16',
    ]);
    expect(search({ turnId: 'turn-3' }).traces.map((t) => t.traceId)).toEqual([(3).toString(16).padStart(32, '0')]);
    expect(search({ spanName: 'phase.world' }).traces.map((t) => t.turnId)).toEqual(['turn-21']);
    expect(search({ spanName: 'PHASE.WORLD' }).total).toBe(1);
    // LIKE wildcards in the text are literal.
    expect(search({ spanName: 'phase%world' }).total).toBe(0);
    expect(search({ spanName: 'turn_execution' }).total).toBe(21);
  });

  it('deletes traces that started before a cutoff, at most `limit` at a time', () => {
    const before = store.count();
    expect(store.deleteOlderThan(BASE + 3 * 60_000, 1)).toBe(1);
    expect(store.deleteOlderThan(BASE + 3 * 60_000)).toBe(1);
    expect(store.count()).toBe(before - 2);
    expect(search({ turnId: 'turn-1' }).total).toBe(0);
  });
});
