/**
 * The trace on screen (`traces.get`) and everything the waterfall derives from it: the span tree (built
 * once per trace), the collapse state and the rows it yields (computed once per collapse or filter
 * change, never per render), the selected and the keyboard-focused span, the critical path (computed on
 * first use) and the in-trace search. Only one trace is kept: a 50,000-span trace is tens of megabytes.
 *
 * Performance marks (`trace:fetch-start`, `trace:fetched`, `trace:analysed`) let the `waterfall`
 * benchmark split a trace's time to first paint; the waterfall adds `trace:painted`.
 */
import { create } from 'zustand';
import type { TraceDetail } from '../../../src-shared/domain/trace';
import {
  buildSpanTree,
  type CriticalPath,
  collapseAll,
  criticalPath,
  expandAncestors,
  filteredRows,
  type SpanSearch,
  type SpanTree,
  searchSpans,
  stepMatch,
  visibleRows,
} from '../../../src-shared/domain/trace-analysis';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export type SearchMode = 'highlight' | 'filter';
export type DetailTab = 'attributes' | 'events' | 'exceptions' | 'genai';

export interface TraceViewState {
  traceId: string | null;
  trace: Loadable<TraceDetail>;
  tree: SpanTree | null;
  collapsed: Uint8Array;
  /** Span index per waterfall row. */
  rows: Int32Array;
  /** Row of each span, -1 when hidden (collapsed away or filtered out). */
  rowOf: Int32Array;
  /** Span whose detail shows, or -1. */
  selected: number;
  /** Span the keyboard is on, or -1. */
  active: number;
  showCritical: boolean;
  critical: CriticalPath | null;
  query: string;
  search: SpanSearch | null;
  searchMode: SearchMode;
  /** The match last stepped to, or -1. */
  currentMatch: number;
  /** The tab the user picked; null = the span's natural first tab (GenAI for an AI call). */
  detailTab: DetailTab | null;
  /**
   * A request to bring a span's row into view (centred if it is off screen): bumped by selecting,
   * stepping through matches and changing the search mode; the waterfall scrolls on each new `seq`.
   */
  reveal: { span: number; seq: number };
  /** The time window the axis shows (epoch ms), or null for the whole trace. */
  zoom: { startMs: number; endMs: number } | null;
}

interface TraceViewActions {
  open(bridge: Bridge, traceId: string): Promise<void>;
  /** Collapses or expands one span (`undefined` toggles). */
  setCollapsed(span: number, collapsed?: boolean): void;
  setAllCollapsed(collapsed: boolean): void;
  /** Selects a span (-1 clears), opening its collapsed ancestors so it has a row. */
  select(span: number): void;
  selectById(spanId: string | null): void;
  setActive(span: number): void;
  setShowCritical(on: boolean): void;
  setQuery(query: string): void;
  setSearchMode(mode: SearchMode): void;
  /** Goes to the next or previous match, selecting it. */
  stepMatch(direction: 1 | -1): void;
  setDetailTab(tab: DetailTab): void;
  /** Shows this time window on the axis (clipped to the trace; at least 1 µs), or the whole trace. */
  setZoom(range: { startMs: number; endMs: number } | null): void;
  /** Zooms the axis onto a span, with a margin each side. */
  zoomToSpan(span: number): void;
}

const EMPTY = new Int32Array(0);

function initialState(): TraceViewState {
  return {
    traceId: null,
    trace: idleLoadable(),
    tree: null,
    collapsed: new Uint8Array(0),
    rows: EMPTY,
    rowOf: EMPTY,
    selected: -1,
    active: -1,
    showCritical: false,
    critical: null,
    query: '',
    search: null,
    searchMode: 'highlight',
    currentMatch: -1,
    detailTab: null,
    reveal: { span: -1, seq: 0 },
    zoom: null,
  };
}

/** Rows and row lookup for a collapse state and search: the one place rows are computed. */
function layout(
  tree: SpanTree,
  collapsed: Uint8Array,
  search: SpanSearch | null,
  mode: SearchMode,
): Pick<TraceViewState, 'collapsed' | 'rows' | 'rowOf'> {
  const filtering = mode === 'filter' && search !== null && search.terms.length > 0;
  const rows = filtering ? filteredRows(tree, collapsed, search.mask) : visibleRows(tree, collapsed);
  const rowOf = new Int32Array(tree.size).fill(-1);
  for (let r = 0; r < rows.length; r++) rowOf[rows[r] as number] = r;
  return { collapsed, rows, rowOf };
}

function mark(name: string, traceId: string): void {
  performance.mark(name, { detail: { traceId } });
}

export const useTraceViewStore = create<TraceViewState & TraceViewActions>()((set, get) => {
  const begin = createLatestGate();

  const revealing = (span: number) => ({ reveal: { span, seq: get().reveal.seq + 1 } });

  /** Collapse state with span's ancestors opened; re-lays out only when that changed anything. */
  const reveal = (span: number): Partial<TraceViewState> => {
    const { tree, collapsed, search, searchMode } = get();
    if (!tree || span < 0) return {};
    const opened = expandAncestors(tree, collapsed, span);
    return opened === collapsed ? {} : layout(tree, opened, search, searchMode);
  };

  return {
    ...initialState(),

    async open(bridge, traceId) {
      const current = get();
      if (current.traceId === traceId && (current.trace.data || current.trace.loading)) return;
      const isLatest = begin('trace');
      set({ ...initialState(), traceId, trace: loadingFrom(undefined) });
      mark('trace:fetch-start', traceId);
      try {
        const trace = await bridge.invoke('traces.get', { traceId });
        if (!isLatest()) return;
        mark('trace:fetched', traceId);
        const tree = buildSpanTree(trace.spans);
        const collapsed = new Uint8Array(tree.size);
        set({ trace: loadedWith(trace), tree, ...layout(tree, collapsed, null, 'highlight') });
        mark('trace:analysed', traceId);
      } catch (error) {
        if (isLatest()) set({ trace: failedFrom(get().trace, error) });
      }
    },

    setCollapsed(span, collapsed) {
      const { tree, search, searchMode } = get();
      if (!tree || span < 0 || (tree.childCount[span] as number) === 0) return;
      const next = get().collapsed.slice();
      const value = collapsed ?? !next[span];
      if (Boolean(next[span]) === value) return;
      next[span] = value ? 1 : 0;
      const laidOut = layout(tree, next, search, searchMode);
      // Collapsing above the keyboard's span hands the keyboard to the collapsed span.
      const active = get().active;
      set({
        ...laidOut,
        active: active >= 0 && (laidOut.rowOf[active] as number) < 0 ? visibleAncestor(tree, laidOut.rowOf, active) : active,
      });
    },

    setAllCollapsed(collapsed) {
      const { tree, search, searchMode } = get();
      if (!tree) return;
      const state = collapseAll(tree, collapsed);
      // The root stays open when collapsing all: its direct children (the phases) are the useful overview.
      if (collapsed && tree.root >= 0) state[tree.root] = 0;
      const next = layout(tree, state, search, searchMode);
      // The keyboard's span, if it went out of sight, hands over to its visible ancestor.
      let active = get().active;
      if (active >= 0 && (next.rowOf[active] as number) < 0) active = visibleAncestor(tree, next.rowOf, active);
      set({ ...next, active, ...revealing(active) });
    },

    select(span) {
      if (span < 0) return set({ selected: -1 });
      set({ ...reveal(span), selected: span, active: span, ...revealing(span) });
    },

    selectById(spanId) {
      const { tree } = get();
      if (!tree) return;
      if (spanId === null) return set({ selected: -1 });
      const span = tree.indexById.get(spanId);
      if (span !== undefined) get().select(span);
    },

    setActive(span) {
      if (span !== get().active) set({ active: span });
    },

    setShowCritical(on) {
      const { tree, critical } = get();
      set({ showCritical: on, critical: on && tree && !critical ? criticalPath(tree) : critical });
    },

    setQuery(query) {
      const { tree, collapsed, searchMode } = get();
      if (!tree) return set({ query });
      const search = query.trim() ? searchSpans(tree, query) : null;
      set({ query, search, currentMatch: -1, ...layout(tree, collapsed, search, searchMode) });
    },

    setSearchMode(mode) {
      const { tree, collapsed, search, selected, active } = get();
      if (!tree || mode === get().searchMode) return set({ searchMode: mode });
      set({ searchMode: mode, ...layout(tree, collapsed, search, mode), ...revealing(selected >= 0 ? selected : active) });
    },

    stepMatch(direction) {
      const { tree, search, currentMatch, active } = get();
      if (!tree || !search || search.matches.length === 0) return;
      const from = currentMatch >= 0 ? currentMatch : active;
      const next = stepMatch(tree, search.matches, from, direction);
      set({ ...reveal(next), currentMatch: next, selected: next, active: next, ...revealing(next) });
    },

    setDetailTab(tab) {
      set({ detailTab: tab });
    },

    setZoom(range) {
      const { tree } = get();
      if (!tree || !range) return set({ zoom: null });
      const startMs = Math.max(tree.startMs, Math.min(range.startMs, range.endMs));
      const endMs = Math.min(tree.endMs, Math.max(range.startMs, range.endMs));
      if (endMs - startMs < 0.001 || (startMs <= tree.startMs && endMs >= tree.endMs)) return set({ zoom: null });
      set({ zoom: { startMs, endMs } });
    },

    zoomToSpan(span) {
      const { tree } = get();
      const data = tree?.spans[span];
      if (!data) return;
      const margin = Math.max(data.durationMs * 0.05, 0.01);
      get().setZoom({ startMs: data.startMs - margin, endMs: data.startMs + data.durationMs + margin });
    },
  };
});

function visibleAncestor(tree: SpanTree, rowOf: Int32Array, span: number): number {
  let at = span;
  while (at >= 0 && (rowOf[at] as number) < 0) at = tree.parent[at] as number;
  return at;
}
