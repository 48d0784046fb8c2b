/**
 * The lifetimes the mint form offers (presets, or a custom `90m`-style value) and the check of a custom
 * one against the contract's rule (a number and a unit, at most 365 days), so the form can say what is
 * wrong before asking the engine (which checks it again).
 */
import { MAX_TTL_S, ttlSeconds } from '../../../../../src-shared/domain/security-vocabulary';
import { formatDuration } from '../../../ui/format-units';

export const LIFETIME_PRESETS = [
  { ttl: '1h', label: '1 hour' },
  { ttl: '8h', label: '8 hours' },
  { ttl: '7d', label: '7 days' },
  { ttl: '30d', label: '30 days' },
] as const;

export const DEFAULT_TTL = '8h';

/** `custom` means the text field holds the lifetime. */
export type LifetimeChoice = (typeof LIFETIME_PRESETS)[number]['ttl'] | 'custom';

/** The lifetime to send, or the reason it cannot be sent. */
export function resolveLifetime(choice: LifetimeChoice, custom: string): { ttl: string } | { error: string } {
  if (choice !== 'custom') return { ttl: choice };
  const ttl = custom.trim();
  if (ttl === '') return { error: 'Enter a lifetime such as 90m, 12h or 14d.' };
  const seconds = ttlSeconds(ttl);
  if (seconds === undefined) return { error: `“${ttl}” is not a lifetime: use a whole number and s, m, h or d, e.g. 90m or 14d.` };
  if (seconds > MAX_TTL_S) return { error: 'A token may live at most 365 days (365d).' };
  return { ttl };
}

/** `in 7 h 59 m`, `3 d 02 h ago`. */
export function relativeTo(instantMs: number, nowMs: number): string {
  const seconds = Math.round((instantMs - nowMs) / 1000);
  if (Math.abs(seconds) < 1) return 'now';
  return seconds > 0 ? `in ${formatDuration(seconds)}` : `${formatDuration(-seconds)} ago`;
}
