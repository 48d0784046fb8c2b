/**
 * Prometheus duration text (`30s`, `5m`, `1h30m`, `0s`) as the rule and silence forms take it, read and
 * written the way the engine's schema does (src-shared/domain/alerts.ts, which the renderer cannot
 * import: it carries zod). Units from largest to smallest, each at most once.
 */
const UNIT_MS = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
const UNITS = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;
const PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds of a duration, or null when the text is not one. */
export function parseDurationText(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (trimmed === '') return null;
  const match = PATTERN.exec(trimmed);
  if (!match) return null;
  return UNITS.reduce((total, unit, index) => total + Number(match[index + 1] ?? 0) * UNIT_MS[unit], 0);
}

/** The canonical spelling: `5400000` -> `1h30m`, `0` -> `0s`. */
export function formatDurationText(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms);
  let text = '';
  for (const unit of UNITS) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * UNIT_MS[unit];
    }
  }
  return text;
}

export const DURATION_HINT = 'a duration such as 30s, 5m, 1h30m or 0s';
