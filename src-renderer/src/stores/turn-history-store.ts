/**
 * The turn history (`turns.list`): filters, the page on screen and the turns picked for a diff.
 */
import { create } from 'zustand';
import type { OverallStatus, TurnSummary } from '../../../src-shared/domain/turn';
import type { Bridge } from '../bridge';
import { type SelectedTurn, toggleSelection } from '../pages/turns/history/turn-selection';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export const HISTORY_PAGE_SIZE = 20;

export interface HistoryFilters {
  /** '' = every campaign. */
  campaignId: string;
  /** '' = every status. */
  status: OverallStatus | '';
}

interface TurnHistoryStore {
  filters: HistoryFilters;
  offset: number;
  list: Loadable<{ turns: TurnSummary[]; total: number }>;
  selected: SelectedTurn[];
  load(bridge: Bridge): Promise<void>;
  setFilters(bridge: Bridge, filters: Partial<HistoryFilters>): void;
  setOffset(bridge: Bridge, offset: number): void;
  toggleSelected(turn: SelectedTurn): void;
  clearSelection(): void;
}

export const useTurnHistoryStore = create<TurnHistoryStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    filters: { campaignId: '', status: '' },
    offset: 0,
    list: idleLoadable(),
    selected: [],
    async load(bridge) {
      const isLatest = begin('list');
      const { filters, offset } = get();
      set({ list: loadingFrom(get().list) });
      try {
        const answer = await bridge.invoke('turns.list', {
          ...(filters.campaignId ? { campaignId: filters.campaignId } : {}),
          ...(filters.status ? { status: filters.status } : {}),
          limit: HISTORY_PAGE_SIZE,
          offset,
        });
        if (isLatest()) set({ list: loadedWith(answer) });
      } catch (error) {
        if (isLatest()) set({ list: failedFrom(get().list, error) });
      }
    },
    setFilters(bridge, filters) {
      set({ filters: { ...get().filters, ...filters }, offset: 0 });
      void get().load(bridge);
    },
    setOffset(bridge, offset) {
      set({ offset: Math.max(0, offset) });
      void get().load(bridge);
    },
    toggleSelected(turn) {
      set({ selected: toggleSelection(get().selected, turn) });
    },
    clearSelection() {
      set({ selected: [] });
    },
  };
});
