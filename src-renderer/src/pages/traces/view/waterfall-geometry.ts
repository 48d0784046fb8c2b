/**
 * Where a span's bar sits on the waterfall's shared time axis, and how times on that axis read.
 * Positions are fractions of the trace's duration (0..1), so rows lay out with CSS percentages and need
 * no measuring.
 */

/** Row height in CSS pixels: fixed, so the virtualizer never measures a row. */
export const ROW_HEIGHT = 24;

export interface BarGeometry {
  /** Start as a fraction of the axis. */
  left: number;
  /** Length as a fraction of the axis (may be 0: the bar keeps a minimum width in CSS). */
  width: number;
  /**
   * Where the duration label goes: right of the bar, left of it when the bar ends near the right edge,
   * or inside it when the bar spans nearly the whole axis.
   */
  label: 'right' | 'left' | 'inside';
}

export function barGeometry(startMs: number, durationMs: number, axisStartMs: number, axisMs: number): BarGeometry {
  const span = axisMs > 0 ? axisMs : 1;
  const left = clamp01((startMs - axisStartMs) / span);
  const width = Math.min(1 - left, Math.max(0, durationMs / span));
  const label = left + width <= 0.8 ? 'right' : left >= 0.2 ? 'left' : 'inside';
  return { left, width, label };
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** An offset on the axis: `0`, `0.25 ms`, `480 ms`, `1.5 s`, `2 m 05 s`. */
export function formatOffset(ms: number): string {
  if (ms === 0) return '0';
  const abs = Math.abs(ms);
  if (abs < 1) return `${Number(ms.toFixed(3))} ms`;
  if (abs < 1000) return `${Number(ms.toPrecision(3))} ms`;
  if (abs < 60_000) return `${Number((ms / 1000).toPrecision(3))} s`;
  const minutes = Math.floor(abs / 60_000);
  const seconds = Math.floor((abs % 60_000) / 1000);
  return `${ms < 0 ? '-' : ''}${minutes} m ${String(seconds).padStart(2, '0')} s`;
}
