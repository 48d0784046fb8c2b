/**
 * When a failed delivery is tried again (SPEC section 6, Delivery): exponential backoff with jitter, capped,
 * and a horizon after which the notification is given up. Pure: the dispatcher passes the clock's time and
 * a random source, so tests can check every delay.
 */

export interface RetryPolicy {
  /** Delay after the first failed attempt, before jitter. */
  baseMs: number;
  /** No delay is longer than this. */
  capMs: number;
  /** A notification still undelivered this long after it was queued is given up (marked failed). */
  horizonMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1000, capMs: 5 * 60_000, horizonMs: 24 * 3600_000 };

/**
 * The wait after the `attempts`-th failed attempt (1-based): the exponential step `base * 2^(attempts-1)`,
 * capped, of which the upper half is jittered ("equal jitter"), so retries of many rows spread out but a
 * retry never comes sooner than half its step.
 */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const half = step / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}

/** What to do after a failed attempt: try again at `at`, or give up because the horizon has passed. */
export function afterFailure(
  policy: RetryPolicy,
  row: { createdAt: number; attempts: number },
  now: number,
  random: () => number = Math.random,
): { retryAt: number } | { giveUp: true } {
  const retryAt = now + retryDelayMs(policy, row.attempts, random);
  if (retryAt - row.createdAt > policy.horizonMs) return { giveUp: true };
  return { retryAt };
}
