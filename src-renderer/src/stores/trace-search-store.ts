/**
 * The trace search (`traces.search`): the form as typed, the filters of the search on screen, its page
 * and its answer. Kept while the console is open, so coming back from a trace finds the same results.
 */
import { create } from 'zustand';
import type { TraceSummary } from '../../../src-shared/domain/trace';
import type { Bridge } from '../bridge';
import {
  EMPTY_FILTERS,
  searchFiltersFromForm,
  type TraceFilterErrors,
  type TraceFilterForm,
  type TraceSearchFilters,
} from '../pages/traces/search/trace-filters';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export const TRACE_PAGE_SIZE = 25;

interface TraceSearchStore {
  form: TraceFilterForm;
  fieldErrors: TraceFilterErrors;
  /** The filters of the results on screen (null before the first search). */
  applied: TraceSearchFilters | null;
  offset: number;
  results: Loadable<{ traces: TraceSummary[]; total: number }>;
  setField<K extends keyof TraceFilterForm>(key: K, value: TraceFilterForm[K]): void;
  /** Searches with the form as it is now, from the first page. */
  search(bridge: Bridge): Promise<void>;
  resetForm(bridge: Bridge): Promise<void>;
  setOffset(bridge: Bridge, offset: number): Promise<void>;
  /** Runs the applied search again (same filters, same page). */
  refresh(bridge: Bridge): Promise<void>;
}

export const useTraceSearchStore = create<TraceSearchStore>()((set, get) => {
  const begin = createLatestGate();

  async function load(bridge: Bridge) {
    const { applied, offset } = get();
    if (!applied) return;
    const isLatest = begin('results');
    set({ results: loadingFrom(get().results) });
    try {
      const answer = await bridge.invoke('traces.search', { ...applied, limit: TRACE_PAGE_SIZE, offset });
      if (isLatest()) set({ results: loadedWith(answer) });
    } catch (error) {
      if (isLatest()) set({ results: failedFrom(get().results, error) });
    }
  }

  return {
    form: EMPTY_FILTERS,
    fieldErrors: {},
    applied: null,
    offset: 0,
    results: idleLoadable(),
    setField(key, value) {
      const { [key]: _cleared, ...rest } = get().fieldErrors;
      set({ form: { ...get().form, [key]: value }, fieldErrors: rest });
    },
    async search(bridge) {
      const parsed = searchFiltersFromForm(get().form, Date.now());
      if (parsed.errors) {
        set({ fieldErrors: parsed.errors });
        return;
      }
      set({ applied: parsed.filters, offset: 0, fieldErrors: {} });
      await load(bridge);
    },
    async resetForm(bridge) {
      set({ form: EMPTY_FILTERS, fieldErrors: {} });
      await get().search(bridge);
    },
    async setOffset(bridge, offset) {
      set({ offset: Math.max(0, offset) });
      await load(bridge);
    },
    async refresh(bridge) {
      if (!get().applied) return get().search(bridge);
      await load(bridge);
    },
  };
});
