/**
 * Diffs of two turns (`turns.diff`) by pair, and the replays started from the console (`turns.replay`)
 * by original turn, each with the diff the engine returns.
 */
import { create } from 'zustand';
import type { ReplayMode, TurnDiff } from '../../../src-shared/domain/turn';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, type Loadable, loadedWith, loadingFrom } from './loadable';

export interface ReplayOutcome {
  mode: ReplayMode;
  replayTurnId: string;
  diff: TurnDiff;
}

interface TurnDiffStore {
  diffs: Record<string, Loadable<TurnDiff>>;
  replays: Record<string, Loadable<ReplayOutcome> & { mode: ReplayMode }>;
  loadDiff(bridge: Bridge, a: string, b: string): Promise<void>;
  replay(bridge: Bridge, turnId: string, mode: ReplayMode): Promise<void>;
}

export const diffKey = (a: string, b: string) => `${a}:${b}`;

export const useTurnDiffStore = create<TurnDiffStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    diffs: {},
    replays: {},
    async loadDiff(bridge, a, b) {
      const key = diffKey(a, b);
      const isLatest = begin(`diff:${key}`);
      set({ diffs: { ...get().diffs, [key]: loadingFrom(get().diffs[key]) } });
      try {
        const diff = await bridge.invoke('turns.diff', { a, b });
        if (isLatest()) set({ diffs: { ...get().diffs, [key]: loadedWith(diff) } });
      } catch (error) {
        if (isLatest()) set({ diffs: { ...get().diffs, [key]: failedFrom(get().diffs[key], error) } });
      }
    },
    async replay(bridge, turnId, mode) {
      const isLatest = begin(`replay:${turnId}`);
      // A new replay replaces the previous one's result: it answers a different question (mode).
      set({ replays: { ...get().replays, [turnId]: { data: null, error: null, loading: true, updatedAt: null, mode } } });
      try {
        const { replayTurnId, diff } = await bridge.invoke('turns.replay', { turnId, mode });
        if (isLatest()) set({ replays: { ...get().replays, [turnId]: { ...loadedWith({ mode, replayTurnId, diff }), mode } } });
      } catch (error) {
        if (isLatest()) set({ replays: { ...get().replays, [turnId]: { ...failedFrom(undefined, error), mode } } });
      }
    },
  };
});
