/**
 * How one side of a world change reads in the diff table: compact JSON, `—` when the path is absent on
 * that side, and long values cut with their full text kept for a title.
 */

export const MAX_CELL_CHARS = 160;

export function formatChangeValue(value: unknown): { text: string; full: string } {
  if (value === undefined) return { text: '—', full: 'absent' };
  const full = JSON.stringify(value) ?? String(value);
  return { text: full.length > MAX_CELL_CHARS ? `${full.slice(0, MAX_CELL_CHARS - 1)}…` : full, full };
}
