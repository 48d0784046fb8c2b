/**
 * What the Traces page computes from a trace's spans, as pure functions over plain data (no DOM, no
 * zod): the span tree, the rows a waterfall shows for a collapse state, the critical path, in-trace
 * search and the minimap's density grid. Every function is linear or n·log n in the number of spans,
 * so a 50,000-span trace costs milliseconds; typed arrays keep the per-span state compact.
 */
import type { TraceSpan } from './trace';

/** How a span reads at a glance, from its name (SPEC section 3's span names). */
export const SPAN_CATEGORIES = ['turn', 'phase', 'ai', 'compensation', 'api', 'other'] as const;
export type SpanCategory = (typeof SPAN_CATEGORIES)[number];

export function spanCategory(name: string): SpanCategory {
  if (name === 'novel_engine.turn_execution') return 'turn';
  if (name.startsWith('novel_engine.phase.')) return 'phase';
  if (name.startsWith('ai_gateway.')) return 'ai';
  if (name.startsWith('novel_engine.compensation.')) return 'compensation';
  if (name.startsWith('api.')) return 'api';
  return 'other';
}

export interface SpanTree {
  readonly spans: readonly TraceSpan[];
  readonly size: number;
  /** Index of each span id (the first span, when an id repeats). */
  readonly indexById: ReadonlyMap<string, number>;
  /** Parent's index, or -1 for a span shown at the top level. */
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** Every span in depth-first order: a span, then its children's subtrees by start time. */
  readonly order: Int32Array;
  /** Where each span sits in `order`. */
  readonly position: Int32Array;
  /** Spans below each span (itself excluded): its subtree is order[position+1 .. position+descendants]. */
  readonly descendants: Int32Array;
  readonly childCount: Int32Array;
  /**
   * 1 when the span names a parent that is not in the trace, or sits in a loop of parents: it is shown
   * at the top level and marked, rather than dropped.
   */
  readonly orphan: Uint8Array;
  readonly orphanCount: number;
  /** The span the trace is about: the parentless span that ends last (-1 for an empty trace). */
  readonly root: number;
  /** Earliest start and latest end over all spans, epoch ms. */
  readonly startMs: number;
  readonly endMs: number;
  readonly maxDepth: number;
  readonly errorCount: number;
}

const endOf = (span: TraceSpan) => span.startMs + span.durationMs;

/** Builds the tree in O(n log n) (children are sorted by start); tolerates missing parents and parent loops. */
export function buildSpanTree(spans: readonly TraceSpan[]): SpanTree {
  const size = spans.length;
  const indexById = new Map<string, number>();
  for (let i = 0; i < size; i++) {
    const id = (spans[i] as TraceSpan).spanId;
    if (!indexById.has(id)) indexById.set(id, i);
  }

  const parent = new Int32Array(size).fill(-1);
  const orphan = new Uint8Array(size);
  const childCount = new Int32Array(size);
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  let errorCount = 0;
  for (let i = 0; i < size; i++) {
    const span = spans[i] as TraceSpan;
    if (span.startMs < startMs) startMs = span.startMs;
    if (endOf(span) > endMs) endMs = endOf(span);
    if (span.status === 'error') errorCount++;
    if (span.parentSpanId === null) continue;
    const p = indexById.get(span.parentSpanId);
    if (p === undefined || p === i) {
      orphan[i] = 1;
      continue;
    }
    parent[i] = p;
    childCount[p] = (childCount[p] as number) + 1;
  }
  if (size === 0) {
    startMs = 0;
    endMs = 0;
  }

  // Children lists in one array (compressed rows): children of i are childList[childStart[i] .. childStart[i+1]).
  const childStart = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) childStart[i + 1] = (childStart[i] as number) + (childCount[i] as number);
  const fill = childStart.slice(0, size);
  const childList = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const p = parent[i] as number;
    if (p >= 0) {
      childList[fill[p] as number] = i;
      fill[p] = (fill[p] as number) + 1;
    }
  }
  const byStart = (a: number, b: number) => (spans[a] as TraceSpan).startMs - (spans[b] as TraceSpan).startMs || a - b;
  for (let i = 0; i < size; i++) {
    if ((childCount[i] as number) > 1) childList.subarray(childStart[i] as number, childStart[i + 1] as number).sort(byStart);
  }

  const order = new Int32Array(size);
  const position = new Int32Array(size);
  const depth = new Int32Array(size);
  const visited = new Uint8Array(size);
  const treeChildren = new Int32Array(size);
  let placed = 0;
  let maxDepth = 0;
  const stack: number[] = [];
  const walk = (top: number) => {
    stack.push(top);
    visited[top] = 1;
    while (stack.length > 0) {
      const i = stack.pop() as number;
      position[i] = placed;
      order[placed++] = i;
      const d = parent[i] === -1 ? 0 : (depth[parent[i] as number] as number) + 1;
      depth[i] = d;
      if (d > maxDepth) maxDepth = d;
      // Pushed in reverse so the earliest child is walked first.
      for (let c = (childStart[i + 1] as number) - 1; c >= (childStart[i] as number); c--) {
        const child = childList[c] as number;
        if (visited[child] || parent[child] !== i) continue;
        visited[child] = 1;
        treeChildren[i] = (treeChildren[i] as number) + 1;
        stack.push(child);
      }
    }
  };
  const walkAll = (tops: number[]) => {
    placed = 0;
    maxDepth = 0;
    visited.fill(0);
    treeChildren.fill(0);
    for (const top of tops) walk(top);
  };

  const tops: number[] = [];
  for (let i = 0; i < size; i++) if (parent[i] === -1) tops.push(i);
  tops.sort(byStart);
  walkAll(tops);
  if (placed < size) {
    // Spans in a loop of parents are reachable from no top-level span: each loop is cut at its earliest
    // span, which joins the top level in start order, and the walk starts over.
    const rest: number[] = [];
    for (let i = 0; i < size; i++) if (!visited[i]) rest.push(i);
    rest.sort(byStart);
    for (const i of rest) {
      if (visited[i]) continue;
      parent[i] = -1;
      orphan[i] = 1;
      tops.push(i);
      walk(i);
    }
    tops.sort(byStart);
    walkAll(tops);
  }

  const descendants = new Int32Array(size);
  for (let k = size - 1; k >= 0; k--) {
    const i = order[k] as number;
    const p = parent[i] as number;
    if (p >= 0) descendants[p] = (descendants[p] as number) + (descendants[i] as number) + 1;
  }

  let root = -1;
  for (const top of tops) {
    const span = spans[top] as TraceSpan;
    if (orphan[top]) continue;
    if (root === -1 || endOf(span) > endOf(spans[root] as TraceSpan)) root = top;
  }
  if (root === -1 && size > 0) root = order[0] as number;

  let orphanCount = 0;
  for (let i = 0; i < size; i++) orphanCount += orphan[i] as number;

  return {
    spans,
    size,
    indexById,
    parent,
    depth,
    order,
    position,
    descendants,
    childCount: treeChildren,
    orphan,
    orphanCount,
    root,
    startMs,
    endMs,
    maxDepth,
    errorCount,
  };
}

/** The direct children of span `i`, by start time. */
export function childrenOf(tree: SpanTree, i: number): number[] {
  const children: number[] = [];
  const end = (tree.position[i] as number) + (tree.descendants[i] as number);
  for (let p = (tree.position[i] as number) + 1; p <= end; ) {
    const child = tree.order[p] as number;
    children.push(child);
    p += (tree.descendants[child] as number) + 1;
  }
  return children;
}

/**
 * The rows a waterfall shows, in depth-first order: every span except those below a collapsed span.
 * `collapsed[i] = 1` collapses span i. O(rows shown), since a collapsed subtree is skipped in one step.
 */
export function visibleRows(tree: SpanTree, collapsed: Uint8Array): Int32Array {
  const rows = new Int32Array(tree.size);
  let count = 0;
  for (let p = 0; p < tree.size; ) {
    const i = tree.order[p] as number;
    rows[count++] = i;
    p += collapsed[i] ? (tree.descendants[i] as number) + 1 : 1;
  }
  return rows.slice(0, count);
}

/**
 * The rows when a search filters: the matching spans and their ancestors (so each match keeps its
 * place in the tree), still honouring the collapse state.
 */
export function filteredRows(tree: SpanTree, collapsed: Uint8Array, matches: Uint8Array): Int32Array {
  const keep = new Uint8Array(tree.size);
  for (let k = tree.size - 1; k >= 0; k--) {
    const i = tree.order[k] as number;
    if (matches[i]) keep[i] = 1;
    const p = tree.parent[i] as number;
    if (keep[i] && p >= 0) keep[p] = 1;
  }
  const rows = new Int32Array(tree.size);
  let count = 0;
  for (let p = 0; p < tree.size; ) {
    const i = tree.order[p] as number;
    if (!keep[i]) {
      p += (tree.descendants[i] as number) + 1;
      continue;
    }
    rows[count++] = i;
    p += collapsed[i] ? (tree.descendants[i] as number) + 1 : 1;
  }
  return rows.slice(0, count);
}

/** A collapse state with every span that has children collapsed, or none. */
export function collapseAll(tree: SpanTree, collapsed: boolean): Uint8Array {
  const state = new Uint8Array(tree.size);
  if (collapsed) for (let i = 0; i < tree.size; i++) if ((tree.childCount[i] as number) > 0) state[i] = 1;
  return state;
}

/** Opens every collapsed ancestor of span `i` (so it becomes a row); returns the same array when nothing changes. */
export function expandAncestors(tree: SpanTree, collapsed: Uint8Array, i: number): Uint8Array {
  let next = collapsed;
  for (let p = tree.parent[i] as number; p >= 0; p = tree.parent[p] as number) {
    if (!next[p]) continue;
    if (next === collapsed) next = collapsed.slice();
    next[p] = 0;
  }
  return next;
}

export interface CriticalPath {
  /** 1 for each span that contributes time to the critical path. */
  onPath: Uint8Array;
  /** Per span on the path, its own stretches of the path as [startMs, endMs, startMs, endMs, …] (epoch ms). */
  segments: Map<number, number[]>;
  /** The path's length: the root's duration, when the root has one. */
  totalMs: number;
}

/**
 * The critical path from the root: the chain of work that decides the trace's duration. Walking back
 * from a span's end, the child that finished last before that moment is on the path (clipped to it),
 * the parent's own time after that child is on the path, and the walk continues from the child's start.
 * Children sorted by end once per span: O(n log n) overall, with no recursion (deep traces are fine).
 */
export function criticalPath(tree: SpanTree): CriticalPath {
  const onPath = new Uint8Array(tree.size);
  const segments = new Map<number, number[]>();
  if (tree.root < 0) return { onPath, segments, totalMs: 0 };
  const spans = tree.spans;
  const addSegment = (i: number, from: number, to: number) => {
    if (to <= from) return;
    onPath[i] = 1;
    let list = segments.get(i);
    if (!list) {
      list = [];
      segments.set(i, list);
    }
    list.push(from, to);
  };

  const rootSpan = spans[tree.root] as TraceSpan;
  // [span, window start, window end] triples still to walk.
  const work: number[] = [tree.root, rootSpan.startMs, endOf(rootSpan)];
  while (work.length > 0) {
    const windowEnd = work.pop() as number;
    const windowStart = work.pop() as number;
    const i = work.pop() as number;
    const children = childrenOf(tree, i).filter((child) => (spans[child] as TraceSpan).durationMs > 0);
    children.sort((a, b) => endOf(spans[b] as TraceSpan) - endOf(spans[a] as TraceSpan) || b - a);
    let cursor = windowEnd;
    for (const child of children) {
      if (cursor <= windowStart) break;
      const span = spans[child] as TraceSpan;
      if (span.startMs >= cursor) continue;
      const childEnd = Math.min(endOf(span), cursor);
      if (childEnd <= windowStart) break;
      addSegment(i, childEnd, cursor);
      const childStart = Math.max(span.startMs, windowStart);
      onPath[child] = 1;
      work.push(child, childStart, childEnd);
      cursor = childStart;
    }
    addSegment(i, windowStart, cursor);
  }
  for (const list of segments.values()) sortSegments(list);
  return { onPath, segments, totalMs: rootSpan.durationMs };
}

function sortSegments(list: number[]): void {
  if (list.length <= 2) return;
  const pairs: [number, number][] = [];
  for (let k = 0; k < list.length; k += 2) pairs.push([list[k] as number, list[k + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  list.length = 0;
  for (const [from, to] of pairs) {
    const last = list.length - 1;
    if (last > 0 && (list[last] as number) >= from) list[last] = Math.max(list[last] as number, to);
    else list.push(from, to);
  }
}

export interface SpanSearch {
  /** The query's lower-cased words; empty when the query is blank. */
  terms: string[];
  /** 1 for each matching span. */
  mask: Uint8Array;
  /** Matching spans in depth-first order (the order next/previous walk). */
  matches: Int32Array;
}

/**
 * Spans matching every word of `query` (case-insensitive), each word found in the span's name, id,
 * status message, an attribute as `key=value`, or an event's name or attribute values. A blank query
 * matches nothing.
 */
export function searchSpans(tree: SpanTree, query: string): SpanSearch {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  const mask = new Uint8Array(tree.size);
  if (terms.length === 0) return { terms, mask, matches: new Int32Array(0) };
  const found: number[] = [];
  for (let p = 0; p < tree.size; p++) {
    const i = tree.order[p] as number;
    if (terms.every((term) => spanContains(tree.spans[i] as TraceSpan, term))) {
      mask[i] = 1;
      found.push(i);
    }
  }
  return { terms, mask, matches: Int32Array.from(found) };
}

function spanContains(span: TraceSpan, term: string): boolean {
  if (span.name.toLowerCase().includes(term) || span.spanId.includes(term)) return true;
  if (span.statusMessage?.toLowerCase().includes(term)) return true;
  for (const [key, value] of Object.entries(span.attributes)) {
    if (`${key}=${String(value)}`.toLowerCase().includes(term)) return true;
  }
  for (const event of span.events) {
    if (event.name.toLowerCase().includes(term)) return true;
    for (const value of Object.values(event.attributes)) if (String(value).toLowerCase().includes(term)) return true;
  }
  return false;
}

/** The match to go to from row `current` (a span index, or -1): the next or previous one in depth-first order, wrapping. */
export function stepMatch(tree: SpanTree, matches: Int32Array, current: number, direction: 1 | -1): number {
  if (matches.length === 0) return -1;
  const at = current >= 0 ? (tree.position[current] as number) : -1;
  // Binary search for the first match at or after the current position.
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tree.position[matches[mid] as number] as number) < at) lo = mid + 1;
    else hi = mid;
  }
  if (direction === 1) {
    const next = lo < matches.length && matches[lo] === current ? lo + 1 : lo;
    return matches[next % matches.length] as number;
  }
  return matches[(lo - 1 + matches.length) % matches.length] as number;
}

export interface MinimapGrid {
  columns: number;
  bands: number;
  /** Spans covering each cell, band-major: cell (band, column) is counts[band * columns + column]. */
  counts: Uint32Array;
  /** The same for spans with an error status. */
  errors: Uint32Array;
  max: number;
}

/**
 * The minimap's picture of all rows: time across `columns`, rows down `bands` (each band stands for
 * rows.length / bands consecutive rows), and per cell how many span bars cross it; a bar covers at least
 * `minCells` cells (where the row has room), so short spans stay visible. Difference arrays make it
 * O(rows + columns × bands), whatever the spans' lengths.
 */
export function minimapGrid(tree: SpanTree, rows: Int32Array, columns: number, bands: number, minCells = 1): MinimapGrid {
  const cols = Math.max(1, Math.floor(columns));
  const bandCount = Math.max(1, Math.min(Math.floor(bands), Math.max(1, rows.length)));
  const width = cols + 1;
  const diff = new Int32Array(bandCount * width);
  const errorDiff = new Int32Array(bandCount * width);
  const duration = Math.max(tree.endMs - tree.startMs, 1e-9);
  for (let r = 0; r < rows.length; r++) {
    const span = tree.spans[rows[r] as number] as TraceSpan;
    const band = Math.min(bandCount - 1, Math.floor((r * bandCount) / rows.length));
    const from = Math.min(cols - 1, Math.max(0, Math.floor(((span.startMs - tree.startMs) / duration) * cols)));
    const to = Math.min(cols - 1, Math.max(from + minCells - 1, Math.ceil(((endOf(span) - tree.startMs) / duration) * cols) - 1));
    const base = band * width;
    diff[base + from] = (diff[base + from] as number) + 1;
    diff[base + to + 1] = (diff[base + to + 1] as number) - 1;
    if (span.status === 'error') {
      errorDiff[base + from] = (errorDiff[base + from] as number) + 1;
      errorDiff[base + to + 1] = (errorDiff[base + to + 1] as number) - 1;
    }
  }
  const counts = new Uint32Array(bandCount * cols);
  const errors = new Uint32Array(bandCount * cols);
  let max = 0;
  for (let band = 0; band < bandCount; band++) {
    let running = 0;
    let runningErrors = 0;
    for (let c = 0; c < cols; c++) {
      running += diff[band * width + c] as number;
      runningErrors += errorDiff[band * width + c] as number;
      counts[band * cols + c] = running;
      errors[band * cols + c] = runningErrors;
      if (running > max) max = running;
    }
  }
  return { columns: cols, bands: bandCount, counts, errors, max };
}

/** Round tick steps (1, 2, 5 × 10^k ms) for a time axis of `spanMs`, about `target` ticks across. */
export function timeTicks(spanMs: number, target = 6): number[] {
  if (!(spanMs > 0)) return [0];
  const raw = spanMs / Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let k = 0; k * step <= spanMs + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}
