/**
 * Stored turns (`turns.get`) by id, refreshed while a turn runs, and the cancel requests made from the
 * console. Each turn's newest request wins.
 */
import { create } from 'zustand';
import type { TurnDetail } from '../../../src-shared/domain/turn';
import type { Bridge } from '../bridge';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, type Loadable, loadedWith, loadingFrom } from './loadable';

export interface CancelState {
  pending: boolean;
  error: ErrorView | null;
  /** The engine's answer: false when the turn had already ended. */
  cancelled: boolean | null;
}

interface TurnDetailStore {
  details: Record<string, Loadable<TurnDetail>>;
  cancels: Record<string, CancelState>;
  load(bridge: Bridge, turnId: string): Promise<void>;
  cancel(bridge: Bridge, turnId: string): Promise<void>;
}

export const useTurnDetailStore = create<TurnDetailStore>()((set, get) => {
  const begin = createLatestGate();
  const patchDetail = (turnId: string, value: Loadable<TurnDetail>) => set({ details: { ...get().details, [turnId]: value } });
  const patchCancel = (turnId: string, value: CancelState) => set({ cancels: { ...get().cancels, [turnId]: value } });

  return {
    details: {},
    cancels: {},
    async load(bridge, turnId) {
      const isLatest = begin(turnId);
      patchDetail(turnId, loadingFrom(get().details[turnId]));
      try {
        const detail = await bridge.invoke('turns.get', { turnId });
        if (isLatest()) patchDetail(turnId, loadedWith(detail));
      } catch (error) {
        if (isLatest()) patchDetail(turnId, failedFrom(get().details[turnId], error));
      }
    },
    async cancel(bridge, turnId) {
      patchCancel(turnId, { pending: true, error: null, cancelled: null });
      try {
        const { cancelled } = await bridge.invoke('turns.cancel', { turnId });
        patchCancel(turnId, { pending: false, error: null, cancelled });
      } catch (error) {
        patchCancel(turnId, { pending: false, error: toErrorView(error), cancelled: null });
      }
    },
  };
});
