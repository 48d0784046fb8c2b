/**
 * Data of the System page: the last `system.health` and `system.info` answers (kept when a refresh fails,
 * so the card shows the last known values beside the error) and a bounded history of `system.tick`.
 */
import { create } from 'zustand';
import type { SystemHealth, SystemInfo, SystemTick } from '../../../src-shared/contract';
import type { Bridge } from '../bridge';
import { toErrorView } from '../ui/error-view';
import { idleLoadable, type Loadable } from './loadable';

/** ~5 minutes of history at the engine's 5 s tick. */
export const TICK_HISTORY = 60;

interface SystemStore {
  health: Loadable<SystemHealth>;
  info: Loadable<SystemInfo>;
  ticks: SystemTick[];
  loadHealth(bridge: Bridge): Promise<void>;
  loadInfo(bridge: Bridge): Promise<void>;
  addTick(tick: SystemTick): void;
}

/** Appends to a history capped at `max` entries, dropping the oldest. */
export function appendBounded<T>(list: readonly T[], item: T, max: number): T[] {
  const next = [...list, item];
  return next.length > max ? next.slice(next.length - max) : next;
}

export const useSystemStore = create<SystemStore>()((set, get) => {
  // Only the newest request of each kind may write its answer: a slow reply must not overwrite a newer one.
  const latestRequest = { health: 0, info: 0 };

  async function load<K extends 'health' | 'info'>(key: K, fetch: () => Promise<NonNullable<SystemStore[K]['data']>>) {
    const id = ++latestRequest[key];
    set({ [key]: { ...get()[key], loading: true } } as Pick<SystemStore, K>);
    try {
      const data = await fetch();
      if (id !== latestRequest[key]) return;
      set({ [key]: { data, error: null, loading: false, updatedAt: Date.now() } } as Pick<SystemStore, K>);
    } catch (error) {
      if (id !== latestRequest[key]) return;
      set({ [key]: { ...get()[key], error: toErrorView(error), loading: false } } as Pick<SystemStore, K>);
    }
  }

  return {
    health: idleLoadable(),
    info: idleLoadable(),
    ticks: [],
    loadHealth: (bridge) => load('health', () => bridge.invoke('system.health', {})),
    loadInfo: (bridge) => load('info', () => bridge.invoke('system.info', {})),
    addTick(tick) {
      const ticks = get().ticks;
      // The event stream replays the latest tick on every (re)connect; keep each tick once.
      if (ticks.at(-1)?.at === tick.at) return;
      set({ ticks: appendBounded(ticks, tick, TICK_HISTORY) });
    },
  };
});
