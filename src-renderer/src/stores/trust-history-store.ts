/**
 * One agent's trust history for the Trust page's chart and change list (`trust.history`, oldest first,
 * within the page's range). Only the newest request writes its answer, so switching agents quickly never
 * shows the previous agent's history under the new name.
 */
import { create } from 'zustand';
import type { TrustHistoryEntry } from '../../../src-shared/domain/trust';
import type { Bridge } from '../bridge';
import { sinceOf, type TrustRangeId } from '../pages/trust/trust-route';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

/** The chart reads well up to a few hundred changes; older ones in the range are left out (the newest kept). */
export const HISTORY_LIMIT = 500;

export interface AgentHistory {
  campaignId: string;
  agentId: string;
  entries: TrustHistoryEntry[];
  /** Changes in the range, including those beyond HISTORY_LIMIT. */
  total: number;
}

interface TrustHistoryStore {
  history: Loadable<AgentHistory>;
  load(bridge: Bridge, campaignId: string, agentId: string, range: TrustRangeId): Promise<void>;
}

export const useTrustHistoryStore = create<TrustHistoryStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    history: idleLoadable(),
    async load(bridge, campaignId, agentId, range) {
      const isLatest = begin('history');
      const previous = get().history;
      const same = previous.data?.campaignId === campaignId && previous.data.agentId === agentId;
      set({ history: same ? loadingFrom(previous) : { ...idleLoadable(), loading: true } });
      try {
        const since = sinceOf(range, Date.now());
        const answer = await bridge.invoke('trust.history', {
          campaignId,
          agentId,
          ...(since === undefined ? {} : { since }),
          order: 'desc',
          limit: HISTORY_LIMIT,
        });
        if (isLatest()) set({ history: loadedWith({ campaignId, agentId, entries: answer.entries.reverse(), total: answer.total }) });
      } catch (error) {
        if (isLatest()) set({ history: failedFrom(get().history, error) });
      }
    },
  };
});
