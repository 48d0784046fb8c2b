/**
 * Where a span's bar sits on the waterfall's shared time axis (the whole trace, or the window zoomed
 * into), and how times on that axis read. Positions are fractions of the axis (0..1), so rows lay out
 * with CSS percentages and need no measuring.
 */
import { timeTicks } from '../../../../../src-shared/domain/trace-analysis';

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
  /** A span wholly outside a zoomed axis has no bar: it lies `before` or `after` the window. */
  outside: 'before' | 'after' | null;
  /** The part of the span on the axis, epoch ms (what the bar stands for when it is clipped). */
  visibleStartMs: number;
  visibleEndMs: number;
}

export function barGeometry(startMs: number, durationMs: number, axisStartMs: number, axisMs: number): BarGeometry {
  const span = axisMs > 0 ? axisMs : 1;
  const axisEndMs = axisStartMs + span;
  const endMs = startMs + durationMs;
  const visibleStartMs = Math.max(startMs, axisStartMs);
  const visibleEndMs = Math.min(endMs, axisEndMs);
  if (endMs < axisStartMs) return { left: 0, width: 0, label: 'right', outside: 'before', visibleStartMs, visibleEndMs };
  if (startMs > axisEndMs) return { left: 1, width: 0, label: 'left', outside: 'after', visibleStartMs, visibleEndMs };
  const left = clamp01((visibleStartMs - axisStartMs) / span);
  const width = Math.min(1 - left, Math.max(0, (visibleEndMs - visibleStartMs) / span));
  const label = left + width <= 0.8 ? 'right' : left >= 0.2 ? 'left' : 'inside';
  return { left, width, label, outside: null, visibleStartMs, visibleEndMs };
}

export interface AxisTick {
  /** Time from the trace's start, ms (the label). */
  offsetMs: number;
  /** Position on the axis, 0..1. */
  at: number;
}

/**
 * Round ticks for an axis showing `windowMs` from `windowStartMs` after the trace's start: multiples of
 * a 1-2-5 step, so a zoomed axis still reads 1.2 s, 1.4 s… rather than odd offsets.
 */
export function axisTicks(windowStartMs: number, windowMs: number, target = 6): AxisTick[] {
  if (!(windowMs > 0)) return [{ offsetMs: windowStartMs, at: 0 }];
  const step = timeTicks(windowMs, target)[1] ?? windowMs;
  const ticks: AxisTick[] = [];
  for (let k = Math.ceil(windowStartMs / step - 1e-9); k * step <= windowStartMs + windowMs + step * 1e-9; k++) {
    const offsetMs = Number((k * step).toPrecision(12));
    ticks.push({ offsetMs, at: (offsetMs - windowStartMs) / windowMs });
  }
  return ticks;
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/**
 * A tick's label with as many decimals as its step needs, so ticks 200 ms apart two minutes in read
 * `2 m 11.2 s`, `2 m 11.4 s` rather than the same `2 m 11 s` twice.
 */
export function formatTick(offsetMs: number, stepMs: number): string {
  if (offsetMs === 0) return '0';
  const decimals = (unitMs: number) => Math.min(6, Math.max(0, Math.ceil(-Math.log10(stepMs / unitMs) - 1e-9)));
  if (offsetMs < 1000) return `${Number(offsetMs.toFixed(decimals(1)))} ms`;
  if (offsetMs < 60_000) return `${(offsetMs / 1000).toFixed(decimals(1000))} s`;
  const minutes = Math.floor(offsetMs / 60_000);
  const seconds = (offsetMs - minutes * 60_000) / 1000;
  const places = decimals(1000);
  const text = seconds.toFixed(places);
  return `${minutes} m ${text.padStart(places > 0 ? places + 3 : 2, '0')} s`;
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
