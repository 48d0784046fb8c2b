/**
 * Picking two turns to compare, across pages of the history: a third pick drops the oldest pick, and
 * the pair is ordered so that A is the turn that started first (a diff reads "from A to B").
 */

export const MAX_SELECTED = 2;

export interface SelectedTurn {
  id: string;
  number: number;
  campaignId: string;
  startedAt: string;
}

export function toggleSelection<T extends { id: string }>(selected: readonly T[], turn: T): T[] {
  if (selected.some((item) => item.id === turn.id)) return selected.filter((item) => item.id !== turn.id);
  return [...selected, turn].slice(-MAX_SELECTED);
}

/** The selected pair as [A, B] with A started first; null unless exactly two are selected. */
export function orderedPair<T extends { startedAt: string }>(selected: readonly T[]): [T, T] | null {
  const [first, second] = selected;
  if (selected.length !== MAX_SELECTED || !first || !second) return null;
  return first.startedAt <= second.startedAt ? [first, second] : [second, first];
}
