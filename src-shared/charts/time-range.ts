/**
 * The dashboard's time range: a preset relative to now (last 15 m … 7 d) or a custom start–end, the
 * step its queries ask for, and the auto-refresh choices.
 */
import type { TimeRange } from '../domain/dashboard';

export interface RangePreset {
  id: TimeRange;
  label: string;
  seconds: number;
}

export const RANGE_PRESETS: readonly RangePreset[] = [
  { id: '15m', label: 'Last 15 minutes', seconds: 15 * 60 },
  { id: '1h', label: 'Last hour', seconds: 3600 },
  { id: '6h', label: 'Last 6 hours', seconds: 6 * 3600 },
  { id: '24h', label: 'Last 24 hours', seconds: 86_400 },
  { id: '7d', label: 'Last 7 days', seconds: 7 * 86_400 },
];

export type RangeChoice = { kind: 'preset'; preset: TimeRange } | { kind: 'custom'; startMs: number; endMs: number };

export interface ResolvedRange {
  startMs: number;
  endMs: number;
}

export function presetSeconds(preset: TimeRange): number {
  return RANGE_PRESETS.find((candidate) => candidate.id === preset)?.seconds ?? 3600;
}

/** The instants a choice covers now: a preset ends at `nowMs`, a custom range is fixed. */
export function resolveRange(choice: RangeChoice, nowMs: number): ResolvedRange {
  if (choice.kind === 'custom') return { startMs: choice.startMs, endMs: choice.endMs };
  return { startMs: nowMs - presetSeconds(choice.preset) * 1000, endMs: nowMs };
}

/** Steps a query may ask for: the recorder's 15 s, then round minutes and hours. */
const NICE_STEPS_S = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/**
 * Seconds between points so a series has at most `maxPoints` points (a chart a few hundred pixels wide
 * shows no more), never finer than the recorder's 15 s.
 */
export function stepFor(range: ResolvedRange, maxPoints = 480): number {
  const seconds = Math.max(1, (range.endMs - range.startMs) / 1000);
  const wanted = seconds / maxPoints;
  return NICE_STEPS_S.find((step) => step >= wanted) ?? 86_400;
}

export type CustomRangeResult = { ok: true; choice: RangeChoice } | { ok: false; error: string };

/** Reads the two `datetime-local` inputs (local time) of a custom range. */
export function parseCustomRange(startText: string, endText: string, nowMs: number): CustomRangeResult {
  const startMs = Date.parse(startText);
  const endMs = Date.parse(endText);
  if (startText === '' || Number.isNaN(startMs)) return { ok: false, error: 'Enter a start date and time.' };
  if (endText === '' || Number.isNaN(endMs)) return { ok: false, error: 'Enter an end date and time.' };
  if (endMs <= startMs) return { ok: false, error: 'The end must come after the start.' };
  if (startMs > nowMs) return { ok: false, error: 'The start is in the future: there is no data there yet.' };
  if (endMs - startMs > 90 * 86_400_000) return { ok: false, error: 'A range can span at most 90 days (the rollup retention).' };
  return { ok: true, choice: { kind: 'custom', startMs, endMs } };
}

/** `2026-11-23T14:05` in local time, what a `datetime-local` input holds. */
export function toLocalInput(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export interface RefreshChoice {
  ms: number;
  label: string;
}

export const REFRESH_CHOICES: readonly RefreshChoice[] = [
  { ms: 0, label: 'Off' },
  { ms: 10_000, label: '10 s' },
  { ms: 30_000, label: '30 s' },
  { ms: 60_000, label: '1 m' },
  { ms: 300_000, label: '5 m' },
];

/** The auto-refresh a dashboard opens with: the choice nearest its definition's `refreshS`. */
export function defaultRefreshMs(refreshS: number): number {
  const wanted = refreshS * 1000;
  let best = REFRESH_CHOICES[1]?.ms ?? 10_000;
  for (const { ms } of REFRESH_CHOICES) {
    if (ms > 0 && Math.abs(ms - wanted) < Math.abs(best - wanted)) best = ms;
  }
  return best;
}
