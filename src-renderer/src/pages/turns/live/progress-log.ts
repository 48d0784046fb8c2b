/**
 * The `turn.progress` events kept per turn: each event once (the event stream replays its latest event
 * on every reconnect), in the order they happened, for the most recent turns only.
 */
import type { TurnProgress } from '../../../../../src-shared/domain/turn';

export interface ProgressLog {
  /** Events per turn id, oldest first. */
  byTurn: Readonly<Record<string, readonly TurnProgress[]>>;
  /** Turn ids, least recently updated first (the first to drop). */
  order: readonly string[];
}

export const EMPTY_PROGRESS_LOG: ProgressLog = { byTurn: {}, order: [] };

function sameEvent(a: TurnProgress, b: TurnProgress): boolean {
  return (
    a.at === b.at && a.message === b.message && a.phase === b.phase && a.phaseStatus === b.phaseStatus && a.compensation === b.compensation
  );
}

/** Adds one event; returns the same log when it is a repeat. Keeps the events of at most `maxTurns` turns. */
export function appendProgress(log: ProgressLog, event: TurnProgress, maxTurns: number): ProgressLog {
  const events = log.byTurn[event.turnId] ?? [];
  if (events.some((known) => sameEvent(known, event))) return log;
  // Events carry ISO instants of one clock; insert in time order in case one arrives late.
  let index = events.length;
  while (index > 0 && (events[index - 1]?.at ?? '') > event.at) index -= 1;
  const nextEvents = [...events.slice(0, index), event, ...events.slice(index)];
  const order = [...log.order.filter((id) => id !== event.turnId), event.turnId];
  const byTurn: Record<string, readonly TurnProgress[]> = { ...log.byTurn, [event.turnId]: nextEvents };
  while (order.length > maxTurns) {
    const dropped = order.shift();
    if (dropped !== undefined) delete byTurn[dropped];
  }
  return { byTurn, order };
}
