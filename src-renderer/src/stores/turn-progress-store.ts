/**
 * Every `turn.progress` event the console has received, per turn, for the most recent turns. Fed by the
 * Turns page's subscription; read by the live stepper of whichever turn is on screen.
 */
import { create } from 'zustand';
import type { TurnProgress } from '../../../src-shared/domain/turn';
import { appendProgress, EMPTY_PROGRESS_LOG, type ProgressLog } from '../pages/turns/live/progress-log';

export const PROGRESS_TURNS_KEPT = 50;

interface TurnProgressStore {
  log: ProgressLog;
  add(event: TurnProgress): void;
}

export const useTurnProgressStore = create<TurnProgressStore>()((set, get) => ({
  log: EMPTY_PROGRESS_LOG,
  add(event) {
    const next = appendProgress(get().log, event, PROGRESS_TURNS_KEPT);
    if (next !== get().log) set({ log: next });
  },
}));

const NO_EVENTS: readonly TurnProgress[] = [];

/** The events of one turn (a stable empty list when there are none). */
export function useTurnProgress(turnId: string | null): readonly TurnProgress[] {
  return useTurnProgressStore((store) => (turnId ? (store.log.byTurn[turnId] ?? NO_EVENTS) : NO_EVENTS));
}
