/**
 * Widths of the per-phase timing bars of a diff: both turns on one linear scale (the slowest phase of
 * either turn fills the track), with a sliver for any phase that ran so a 0.3 ms phase is still seen.
 */

export interface PhaseTiming {
  phase: string;
  aMs: number | null;
  bMs: number | null;
}

export interface TimingBar {
  phase: string;
  /** Share of the track, 0..1; null when the phase did not run in that turn. */
  a: number | null;
  b: number | null;
  /** B relative to A (`1.5` = 50% slower); null when either is missing or A is 0. */
  ratio: number | null;
}

export const MIN_VISIBLE_SHARE = 0.005;

export function timingBars(timings: readonly PhaseTiming[]): TimingBar[] {
  const max = Math.max(0, ...timings.flatMap((timing) => [timing.aMs ?? 0, timing.bMs ?? 0]));
  const share = (ms: number | null) => {
    if (ms === null) return null;
    if (max === 0) return MIN_VISIBLE_SHARE;
    return Math.max(MIN_VISIBLE_SHARE, ms / max);
  };
  return timings.map((timing) => ({
    phase: timing.phase,
    a: share(timing.aMs),
    b: share(timing.bMs),
    ratio: timing.aMs !== null && timing.bMs !== null && timing.aMs > 0 ? timing.bMs / timing.aMs : null,
  }));
}
