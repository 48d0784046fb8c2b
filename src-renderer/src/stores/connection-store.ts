/**
 * The bridge's connection state as a store, so the top bar, the banners and the pages read one value.
 */
import { create } from 'zustand';
import type { Bridge, ConnectionState } from '../bridge';

interface ConnectionStore {
  state: ConnectionState;
  /** Epoch ms of the last change; lets views say how long a state has lasted. */
  changedAt: number;
  setState(state: ConnectionState): void;
}

export const useConnectionStore = create<ConnectionStore>()((set, get) => ({
  state: 'connecting',
  changedAt: Date.now(),
  setState(state) {
    if (get().state !== state) set({ state, changedAt: Date.now() });
  },
}));

/** Feeds the bridge's connection events into the store; returns the unsubscribe function. */
export function bindConnectionStore(bridge: Bridge): () => void {
  return bridge.onConnection((state) => useConnectionStore.getState().setState(state));
}
