import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceSpan } from '../../../src-shared/domain/trace';
import {
  buildSpanTree,
  childrenOf,
  collapseAll,
  criticalPath,
  expandAncestors,
  filteredRows,
  minimapGrid,
  searchSpans,
  spanCategory,
  stepMatch,
  timeTicks,
  visibleRows,
} from '../../../src-shared/domain/trace-analysis';
import { syntheticTrace } from '../../fixtures/synthetic-trace';

/** A span from `[id, parent, start, end]` and optional fields. */
function span(id: string, parent: string | null, start: number, end: number, extra: Partial<TraceSpan> = {}): TraceSpan {
  return {
    spanId: id,
    parentSpanId: parent,
    name: `op.${id}`,
    kind: 'internal',
    startMs: start,
    durationMs: end - start,
    status: 'ok',
    statusMessage: null,
    attributes: {},
    events: [],
    ...extra,
  };
}

const ids = (spans: readonly TraceSpan[], indices: Iterable<number>) => [...indices].map((i) => spans[i]?.spanId);

describe('buildSpanTree', () => {
  it('orders spans depth-first with children by start time, whatever the input order', () => {
    const spans = [span('c', 'root', 50, 60), span('root', null, 0, 100), span('a', 'root', 10, 20), span('a1', 'a', 12, 15)];
    const tree = buildSpanTree(spans);
    expect(ids(spans, tree.order)).toEqual(['root', 'a', 'a1', 'c']);
    expect(ids(spans, [tree.root])).toEqual(['root']);
    expect([...tree.depth]).toEqual([1, 0, 1, 2]);
    expect(tree.descendants[1]).toBe(3);
    expect(tree.childCount[1]).toBe(2);
    expect(ids(spans, childrenOf(tree, 1))).toEqual(['a', 'c']);
    expect(tree.startMs).toBe(0);
    expect(tree.endMs).toBe(100);
    expect(tree.maxDepth).toBe(2);
  });

  it('shows a span whose parent is missing at the top level, marked, with its own children below it', () => {
    const spans = [span('root', null, 0, 100), span('lost', 'gone', 20, 30), span('lost-child', 'lost', 21, 25), span('b', 'root', 5, 10)];
    const tree = buildSpanTree(spans);
    expect(ids(spans, tree.order)).toEqual(['root', 'b', 'lost', 'lost-child']);
    expect(tree.orphan[1]).toBe(1);
    expect(tree.orphan[2]).toBe(0);
    expect(tree.orphanCount).toBe(1);
    expect(tree.parent[1]).toBe(-1);
    expect(tree.depth[1]).toBe(0);
    expect(tree.depth[2]).toBe(1);
    // The root is the trace's own parentless span, not the orphan.
    expect(tree.root).toBe(0);
  });

  it('cuts a loop of parents instead of losing its spans', () => {
    const spans = [span('root', null, 0, 10), span('x', 'y', 2, 4), span('y', 'x', 3, 5), span('self', 'self', 6, 7)];
    const tree = buildSpanTree(spans);
    expect(new Set(tree.order)).toEqual(new Set([0, 1, 2, 3]));
    expect(ids(spans, tree.order)).toEqual(['root', 'x', 'y', 'self']);
    expect(tree.orphan[1]).toBe(1);
    expect(tree.parent[2]).toBe(1);
    expect(tree.orphan[3]).toBe(1);
  });

  it('keeps the first of two spans with the same id as the parent of their children', () => {
    const spans = [span('root', null, 0, 10), span('dup', 'root', 1, 2), span('dup', 'root', 3, 4), span('kid', 'dup', 1.5, 1.8)];
    const tree = buildSpanTree(spans);
    expect(tree.size).toBe(4);
    expect(tree.parent[3]).toBe(1);
    expect(ids(spans, tree.order)).toEqual(['root', 'dup', 'kid', 'dup']);
  });

  it('builds the synthetic fixture with exactly the spans asked for', () => {
    for (const spanCount of [10, 11, 37, 1_000]) expect(syntheticTrace({ spanCount, seed: spanCount }).spans).toHaveLength(spanCount);
  });

  it('handles an empty trace and a 50,000-span trace', () => {
    const empty = buildSpanTree([]);
    expect(empty.root).toBe(-1);
    expect(visibleRows(empty, new Uint8Array(0))).toHaveLength(0);

    const trace = syntheticTrace({ spanCount: 50_000, seed: 3 });
    const tree = buildSpanTree(trace.spans);
    expect(tree.size).toBe(50_000);
    expect(new Set(tree.order).size).toBe(50_000);
    expect(trace.spans[tree.root]?.name).toBe('novel_engine.turn_execution');
    expect(tree.descendants[tree.root]).toBe(49_999);
    // Every span's parent comes before it, and the span lies inside the parent's subtree range.
    const misplaced: number[] = [];
    for (let p = 1; p < tree.size; p++) {
      const parent = tree.parent[tree.order[p]!]!;
      if (!(tree.position[parent]! < p && p <= tree.position[parent]! + tree.descendants[parent]!)) misplaced.push(p);
    }
    expect(misplaced).toEqual([]);
  });
});

describe('visibleRows and collapse', () => {
  const spans = [
    span('root', null, 0, 100),
    span('a', 'root', 10, 40),
    span('a1', 'a', 11, 20),
    span('a2', 'a', 21, 30),
    span('b', 'root', 50, 90),
    span('b1', 'b', 55, 60),
  ];
  const tree = buildSpanTree(spans);

  it('lists every span when nothing is collapsed', () => {
    expect(ids(spans, visibleRows(tree, new Uint8Array(6)))).toEqual(['root', 'a', 'a1', 'a2', 'b', 'b1']);
  });

  it('hides the subtree of a collapsed span but keeps the span', () => {
    const collapsed = new Uint8Array(6);
    collapsed[1] = 1;
    expect(ids(spans, visibleRows(tree, collapsed))).toEqual(['root', 'a', 'b', 'b1']);
    collapsed[0] = 1;
    expect(ids(spans, visibleRows(tree, collapsed))).toEqual(['root']);
  });

  it('collapses all spans with children, and expands the ancestors of a span to reveal it', () => {
    const all = collapseAll(tree, true);
    expect([...all]).toEqual([1, 1, 0, 0, 1, 0]);
    expect([...collapseAll(tree, false)]).toEqual([0, 0, 0, 0, 0, 0]);
    const revealed = expandAncestors(tree, all, 3);
    expect(ids(spans, visibleRows(tree, revealed))).toEqual(['root', 'a', 'a1', 'a2', 'b']);
    expect(all[0]).toBe(1);
    // Nothing to open: the same array comes back (no new rows to compute).
    expect(expandAncestors(tree, revealed, 2)).toBe(revealed);
  });

  it('filters to matches and their ancestors, still honouring collapse', () => {
    const matches = new Uint8Array(6);
    matches[3] = 1;
    matches[5] = 1;
    expect(ids(spans, filteredRows(tree, new Uint8Array(6), matches))).toEqual(['root', 'a', 'a2', 'b', 'b1']);
    const collapsed = new Uint8Array(6);
    collapsed[4] = 1;
    expect(ids(spans, filteredRows(tree, collapsed, matches))).toEqual(['root', 'a', 'a2', 'b']);
    expect(filteredRows(tree, collapsed, new Uint8Array(6))).toHaveLength(0);
  });
});

describe('criticalPath', () => {
  const segmentsOf = (spans: TraceSpan[], result: ReturnType<typeof criticalPath>) =>
    Object.fromEntries([...result.segments].map(([i, list]) => [spans[i]?.spanId, list]));

  it('follows the last-finishing child back from the end, with the parent’s own time between', () => {
    const spans = [
      span('root', null, 0, 100),
      span('a', 'root', 10, 40),
      span('b', 'root', 30, 90),
      span('c', 'b', 35, 60),
      span('d', 'root', 12, 20),
    ];
    const result = criticalPath(buildSpanTree(spans));
    expect(segmentsOf(spans, result)).toEqual({
      root: [0, 10, 90, 100],
      b: [30, 35, 60, 90],
      c: [35, 60],
      // a overlaps b: only its part before b started is on the path.
      a: [10, 30],
    });
    expect([...result.onPath]).toEqual([1, 1, 1, 1, 0]);
    expect(result.totalMs).toBe(100);
  });

  it('clips a child that outlives its parent to the parent’s end', () => {
    const spans = [span('root', null, 0, 50), span('async', 'root', 20, 80)];
    expect(segmentsOf(spans, criticalPath(buildSpanTree(spans)))).toEqual({ root: [0, 20], async: [20, 50] });
  });

  it('leaves spans of a missing parent off the path, and ignores zero-length children', () => {
    const spans = [span('root', null, 0, 10), span('lost', 'gone', 0, 10), span('instant', 'root', 9, 9)];
    const result = criticalPath(buildSpanTree(spans));
    expect(segmentsOf(spans, result)).toEqual({ root: [0, 10] });
  });

  it('covers the root’s duration exactly, in disjoint stretches (any tree)', () => {
    const arbitraryTrace = fc.array(fc.record({ parent: fc.nat(), start: fc.nat(1000), length: fc.nat(500) }), {
      minLength: 0,
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: 1, max: 1000 }), arbitraryTrace, (rootStart, rootLength, rows) => {
        const spans = [span('s0', null, rootStart, rootStart + rootLength)];
        rows.forEach((row, k) => {
          spans.push(span(`s${k + 1}`, `s${row.parent % (k + 1)}`, row.start, row.start + row.length));
        });
        const result = criticalPath(buildSpanTree(spans));
        const stretches = [...result.segments.values()].flatMap((list) =>
          list.flatMap((value, k) => (k % 2 === 0 ? [[value, list[k + 1]!]] : [])),
        );
        stretches.sort((x, y) => x[0]! - y[0]!);
        let covered = 0;
        let at = rootStart;
        for (const [from, to] of stretches) {
          expect(from).toBeCloseTo(at, 6);
          covered += to! - from!;
          at = to!;
        }
        expect(covered).toBeCloseTo(rootLength, 6);
      }),
      { numRuns: 300 },
    );
  });
});

describe('searchSpans', () => {
  const spans = [
    span('root', null, 0, 100, { name: 'novel_engine.turn_execution', attributes: { 'turn.id': 'T-42' } }),
    span('ai1', 'root', 1, 50, {
      name: 'ai_gateway.generate_brief',
      attributes: { 'gen_ai.request.model': 'sim-brief-large', 'ai.agent': 'aria-vell' },
      events: [{ name: 'gen_ai.content.prompt', timeMs: 2, attributes: { 'gen_ai.prompt': 'The Storm approaches' } }],
    }),
    span('ai2', 'root', 51, 90, {
      name: 'ai_gateway.generate_brief',
      status: 'error',
      statusMessage: 'Provider Timeout',
      attributes: { 'ai.agent': 'brom' },
    }),
  ];
  const tree = buildSpanTree(spans);

  it('matches names, attributes as key=value, status messages and event text, case-insensitively', () => {
    expect(ids(spans, searchSpans(tree, 'GENERATE_brief').matches)).toEqual(['ai1', 'ai2']);
    expect(ids(spans, searchSpans(tree, 'ai.agent=aria').matches)).toEqual(['ai1']);
    expect(ids(spans, searchSpans(tree, 'timeout').matches)).toEqual(['ai2']);
    expect(ids(spans, searchSpans(tree, 'storm').matches)).toEqual(['ai1']);
    expect(ids(spans, searchSpans(tree, 't-42').matches)).toEqual(['root']);
    expect(ids(spans, searchSpans(tree, 'ai1').matches)).toEqual(['ai1']);
  });

  it('needs every word to match, and a blank query matches nothing', () => {
    expect(ids(spans, searchSpans(tree, 'brief brom').matches)).toEqual(['ai2']);
    expect(searchSpans(tree, 'brief nowhere').matches).toHaveLength(0);
    const blank = searchSpans(tree, '   ');
    expect(blank.matches).toHaveLength(0);
    expect(blank.terms).toEqual([]);
    expect([...searchSpans(tree, 'brief').mask]).toEqual([0, 1, 1]);
  });

  it('steps to the next and previous match in tree order, wrapping around', () => {
    const { matches } = searchSpans(tree, 'brief');
    expect(stepMatch(tree, matches, -1, 1)).toBe(1);
    expect(stepMatch(tree, matches, 1, 1)).toBe(2);
    expect(stepMatch(tree, matches, 2, 1)).toBe(1);
    expect(stepMatch(tree, matches, 1, -1)).toBe(2);
    expect(stepMatch(tree, matches, 0, 1)).toBe(1);
    expect(stepMatch(tree, matches, 0, -1)).toBe(2);
    expect(stepMatch(tree, new Int32Array(0), 0, 1)).toBe(-1);
  });
});

describe('minimapGrid', () => {
  it('counts the bars crossing each cell, rows grouped into bands, errors apart', () => {
    const spans = [
      span('root', null, 0, 100),
      span('a', 'root', 0, 50),
      span('b', 'root', 50, 100, { status: 'error' }),
      span('c', 'root', 75, 100),
    ];
    const tree = buildSpanTree(spans);
    const grid = minimapGrid(tree, visibleRows(tree, new Uint8Array(4)), 4, 2);
    expect(grid.bands).toBe(2);
    // Band 0 = root and a; band 1 = b and c.
    expect([...grid.counts]).toEqual([2, 2, 1, 1, 0, 0, 1, 2]);
    expect([...grid.errors]).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(grid.max).toBe(2);
  });

  it('never has more bands than rows, and gives a zero-length span one cell (or minCells where there is room)', () => {
    const spans = [span('root', null, 0, 10), span('tick', 'root', 10, 10), span('blip', 'root', 2, 2.1)];
    const tree = buildSpanTree(spans);
    const rows = visibleRows(tree, new Uint8Array(3));
    const grid = minimapGrid(tree, rows, 5, 100);
    expect(grid.bands).toBe(3);
    expect([...grid.counts.subarray(5, 10)]).toEqual([0, 1, 0, 0, 0]);
    expect([...grid.counts.subarray(10)]).toEqual([0, 0, 0, 0, 1]);
    const wide = minimapGrid(tree, rows, 5, 100, 2);
    expect([...wide.counts.subarray(5, 10)]).toEqual([0, 1, 1, 0, 0]);
    expect([...wide.counts.subarray(10)]).toEqual([0, 0, 0, 0, 1]);
  });

  it('builds a 50,000-span grid without a cell over the span count', () => {
    const tree = buildSpanTree(syntheticTrace({ spanCount: 50_000, seed: 9 }).spans);
    const grid = minimapGrid(tree, visibleRows(tree, new Uint8Array(tree.size)), 120, 600);
    expect(grid.counts).toHaveLength(120 * 600);
    expect(grid.max).toBeGreaterThan(0);
    expect(grid.max).toBeLessThanOrEqual(50_000);
  });
});

describe('spanCategory and timeTicks', () => {
  it('reads SPEC section 3’s span names', () => {
    expect(spanCategory('novel_engine.turn_execution')).toBe('turn');
    expect(spanCategory('novel_engine.phase.world_update')).toBe('phase');
    expect(spanCategory('ai_gateway.generate_brief')).toBe('ai');
    expect(spanCategory('novel_engine.compensation.rollback_world_state')).toBe('compensation');
    expect(spanCategory('api.turns.run')).toBe('api');
    expect(spanCategory('event.apply')).toBe('other');
  });

  it('puts round ticks across the axis', () => {
    expect(timeTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(95_000, 5)).toEqual([0, 20_000, 40_000, 60_000, 80_000]);
    expect(timeTicks(0)).toEqual([0]);
    expect(timeTicks(0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
  });
});
