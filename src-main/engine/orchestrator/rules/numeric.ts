/**
 * Rounding and clamping shared by the rules. Rule outputs are rounded to 12 decimals so that values that
 * are equal on paper are equal in code: 1 - 70/100 is 0.30000000000000004 in binary floating point, and
 * SPEC's "proximity > 0.3" must not let a pair at distance exactly 70 through.
 */
export function roundRule(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Numbers as they read in prompts and text: integers as they are, others with one decimal. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
