/**
 * Which kept trace belongs to a turn (`traces.search` by turn id), for the Turns page's link to it.
 * A trace is written only after its turn ends (the tail sampler waits for the root span, the exporter
 * batches), so a lookup that finds nothing right after the end is tried again a few times.
 */
import { create } from 'zustand';
import type { TraceSummary } from '../../../src-shared/domain/trace';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, type Loadable, loadedWith, loadingFrom } from './loadable';

/** Tries after a turn ends, and the pause between them. */
export const LOOKUP_ATTEMPTS = 6;
export const LOOKUP_RETRY_MS = 1_000;

interface TraceLookupStore {
  byTurn: Record<string, Loadable<TraceSummary | null>>;
  /** Looks the turn's trace up, retrying while none is found yet. */
  lookup(bridge: Bridge, turnId: string): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const useTraceLookupStore = create<TraceLookupStore>()((set, get) => {
  const begin = createLatestGate();
  const patch = (turnId: string, value: Loadable<TraceSummary | null>) => set({ byTurn: { ...get().byTurn, [turnId]: value } });
  return {
    byTurn: {},
    async lookup(bridge, turnId) {
      const isLatest = begin(turnId);
      patch(turnId, loadingFrom(get().byTurn[turnId]));
      for (let attempt = 1; attempt <= LOOKUP_ATTEMPTS; attempt++) {
        try {
          const { traces } = await bridge.invoke('traces.search', { turnId, limit: 1 });
          if (!isLatest()) return;
          const found = traces[0] ?? null;
          if (found || attempt === LOOKUP_ATTEMPTS) return patch(turnId, loadedWith(found));
        } catch (error) {
          if (isLatest()) patch(turnId, failedFrom(get().byTurn[turnId], error));
          return;
        }
        await sleep(LOOKUP_RETRY_MS);
        if (!isLatest()) return;
      }
    },
  };
});
