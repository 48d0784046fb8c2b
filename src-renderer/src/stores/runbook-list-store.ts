/**
 * The runbooks list (`runbooks.list`) and the search typed over it. The whole list is loaded (a console
 * holds tens of runbooks, not thousands) and filtered here, so typing answers at once.
 */
import { create } from 'zustand';
import type { RunbookSummary } from '../../../src-shared/domain/runbooks';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

interface RunbookListStore {
  list: Loadable<RunbookSummary[]>;
  query: string;
  load(bridge: Bridge): Promise<void>;
  setQuery(query: string): void;
}

export const useRunbookListStore = create<RunbookListStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    list: idleLoadable(),
    query: '',
    async load(bridge) {
      const isLatest = begin('list');
      set({ list: loadingFrom(get().list) });
      try {
        const { runbooks } = await bridge.invoke('runbooks.list', {});
        if (isLatest()) set({ list: loadedWith(runbooks) });
      } catch (error) {
        if (isLatest()) set({ list: failedFrom(get().list, error) });
      }
    },
    setQuery(query) {
      set({ query });
    },
  };
});

/**
 * The runbooks matching a search: every word must appear in the title, name, summary, an alert name or
 * a tag (case-insensitive), the way runbooks.list's `query` matches one phrase.
 */
export function filterRunbooks(runbooks: readonly RunbookSummary[], query: string): RunbookSummary[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...runbooks];
  return runbooks.filter((runbook) => {
    const haystack = [runbook.title, runbook.slug, runbook.summary, ...runbook.alerts, ...runbook.tags].join('\n').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
