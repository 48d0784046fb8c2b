/**
 * Retry timing of failed deliveries: exponential backoff with jitter, capped at 5 minutes, given up after
 * 24 hours — for any attempt count and any jitter draw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_RETRY_POLICY, retryDelayMs } from '../../../src-main/engine/notifications/retry-policy';

describe('retry policy', () => {
  it('waits between half and all of the doubling step, never more than the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempts, draw) => {
        const step = Math.min(DEFAULT_RETRY_POLICY.capMs, DEFAULT_RETRY_POLICY.baseMs * 2 ** (attempts - 1));
        const delay = retryDelayMs(DEFAULT_RETRY_POLICY, attempts, () => draw);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
        expect(delay).toBeLessThanOrEqual(step);
        expect(delay).toBeLessThanOrEqual(5 * 60_000);
      }),
    );
  });

  it('spreads retries of rows that failed together (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(DEFAULT_RETRY_POLICY, 6)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('retries until the 24 h horizon and gives up after it, whatever the jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 30 * 3600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempts, age, draw) => {
          const createdAt = 1_000_000;
          const decision = afterFailure(DEFAULT_RETRY_POLICY, { createdAt, attempts }, createdAt + age, () => draw);
          if ('giveUp' in decision) expect(age + retryDelayMs(DEFAULT_RETRY_POLICY, attempts, () => draw)).toBeGreaterThan(24 * 3600_000);
          else expect(decision.retryAt - createdAt).toBeLessThanOrEqual(24 * 3600_000);
        },
      ),
    );
  });
});
