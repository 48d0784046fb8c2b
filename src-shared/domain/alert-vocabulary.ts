/**
 * The alert engine's words without zod, for both sides (the renderer ships no zod): severities, states,
 * comparisons, rule kinds, silence states, and Prometheus duration text (`30s`, `5m`, `1h30m`). The
 * schemas in alerts.ts build on these.
 */

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** inactive -> pending -> firing -> resolved; every transition is stored. */
export const ALERT_STATES = ['inactive', 'pending', 'firing', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const COMPARISONS = ['>', '>=', '<', '<=', '==', '!='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const RULE_KINDS = ['threshold', 'anomaly', 'budget'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const SILENCE_STATES = ['pending', 'active', 'expired'] as const;
export type SilenceState = (typeof SILENCE_STATES)[number];

const DURATION_UNITS_MS = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
type DurationUnit = keyof typeof DURATION_UNITS_MS;
/** Prometheus' duration syntax: units from largest to smallest, each at most once (`1h30m`, `90s`, `0s`). */
export const DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const PATTERN_UNITS: readonly DurationUnit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Milliseconds of a Prometheus duration string; null when it is not one. */
export function parseDurationMs(text: string): number | null {
  if (text === '' || text === '0') return text === '0' ? 0 : null;
  const match = DURATION_PATTERN.exec(text);
  if (!match) return null;
  let total = 0;
  PATTERN_UNITS.forEach((unit, index) => {
    const count = match[index + 1];
    if (count !== undefined) total += Number(count) * DURATION_UNITS_MS[unit];
  });
  return total;
}

/** The canonical Prometheus spelling of a duration (`5400000` -> `1h30m`, `0` -> `0s`). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let text = '';
  for (const unit of PATTERN_UNITS) {
    const size = DURATION_UNITS_MS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}

/** What a duration field says when its text is not one. */
export const DURATION_HINT = 'a duration such as 30s, 5m, 1h30m or 0s';
