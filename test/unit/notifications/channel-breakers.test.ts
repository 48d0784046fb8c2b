/**
 * The per-channel circuit breaker (SPEC section 6: 5 failures in 60 s -> open; one probe every 30 s ->
 * half-open; 3 successes -> closed), driven by an injected clock: for any sequence of delivery outcomes
 * and pauses it moves exactly as the SPEC's rule says, and every state it takes shows on
 * novel_engine_circuit_breaker_state{breaker="channel:<id>"} with each transition counted.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannelBreakers } from '../../../src-main/engine/notifications/channel-breakers';
import { createMetrics, type Metrics } from '../../../src-main/engine/telemetry/metrics';

type State = 'closed' | 'open' | 'half_open';
type Step = { waitMs: number; outcome: 'success' | 'failure' };

/** The SPEC's rule, written out independently of the implementation. */
class SpecBreaker {
  state: State = 'closed';
  failures: number[] = [];
  openedAt = 0;
  probes = 0;
  transitions: State[] = [];

  private go(to: State) {
    this.state = to;
    this.transitions.push(to);
  }

  /** Whether a delivery may go out at time t (settled at once, so a probe is never in flight). */
  admits(t: number): boolean {
    if (this.state === 'open' && t - this.openedAt >= 30_000) {
      this.go('half_open');
      this.probes = 0;
    }
    return this.state !== 'open';
  }

  settle(t: number, outcome: 'success' | 'failure') {
    if (this.state === 'half_open') {
      if (outcome === 'failure') {
        this.openedAt = t;
        this.go('open');
      } else if (++this.probes >= 3) {
        this.failures = [];
        this.go('closed');
      }
      return;
    }
    if (outcome === 'success') {
      this.failures = [];
      return;
    }
    this.failures = [...this.failures.filter((time) => t - time < 60_000), t];
    if (this.failures.length >= 5) {
      this.failures = [];
      this.openedAt = t;
      this.go('open');
    }
  }
}

const GAUGE = { closed: 0, half_open: 1, open: 2 } as const;
const metricsToClose: Metrics[] = [];
afterEach(() => {
  for (const metrics of metricsToClose.splice(0)) metrics.close();
});

async function gaugeValue(metrics: Metrics, breaker: string): Promise<number | undefined> {
  const { values } = await metrics.circuitBreakerState.get();
  return values.find((value) => value.labels.breaker === breaker)?.value;
}

async function transitions(metrics: Metrics, breaker: string): Promise<Record<string, number>> {
  const { values } = await metrics.circuitBreakerTransitions.get();
  return Object.fromEntries(values.filter((value) => value.labels.breaker === breaker).map((value) => [value.labels.to, value.value]));
}

const step: fc.Arbitrary<Step> = fc.record({
  // Mostly short pauses (bursts inside the 60 s window), sometimes long enough to cross the window or the cool-down.
  waitMs: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 5_000, max: 70_000 })),
  outcome: fc.constantFrom('success' as const, 'failure' as const),
});

describe('channel circuit breaker', () => {
  it('follows the SPEC rule for any sequence of outcomes and pauses, and reports each state on the gauge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 80 }), async (steps) => {
        const metrics = createMetrics();
        metricsToClose.push(metrics);
        let now = 1_000_000;
        const seen: State[] = [];
        const breakers = createChannelBreakers({ metrics, now: () => now, onChange: (_, change) => seen.push(change.to) });
        const breaker = breakers.get('ops');
        const spec = new SpecBreaker();
        for (const { waitMs, outcome } of steps) {
          now += waitMs;
          const permit = breaker.tryAcquire();
          expect(permit !== null).toBe(spec.admits(now));
          if (permit) {
            if (outcome === 'success') permit.success();
            else permit.failure();
            spec.settle(now, outcome);
          }
          expect(breaker.state).toBe(spec.state);
          expect(await gaugeValue(metrics, 'channel:ops')).toBe(GAUGE[spec.state]);
        }
        expect(seen).toEqual(spec.transitions);
        const counted = await transitions(metrics, 'channel:ops');
        for (const state of ['open', 'half_open', 'closed'] as const) {
          expect(counted[state] ?? 0).toBe(spec.transitions.filter((to) => to === state).length);
        }
        metrics.close();
        metricsToClose.pop();
      }),
      { numRuns: 150 },
    );
  });

  it('opens at the 5th failure exactly when all five fall within 60 s, and not before', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 4, maxLength: 4 }), (gaps) => {
        let now = 0;
        const breaker = createChannelBreakers({ metrics: null, now: () => now }).get('c');
        const times = [0];
        for (const gap of gaps) times.push((times.at(-1) ?? 0) + gap);
        times.forEach((time, index) => {
          now = time;
          breaker.tryAcquire()?.failure();
          if (index < 4) expect(breaker.state).toBe('closed');
        });
        expect(breaker.state).toBe((times[4] ?? 0) - (times[0] ?? 0) < 60_000 ? 'open' : 'closed');
      }),
    );
  });

  it('lets one probe through every 30 s while open, and closes after exactly 3 successful probes', () => {
    let now = 0;
    const breaker = createChannelBreakers({ metrics: null, now: () => now }).get('c');
    for (let index = 0; index < 5; index++) breaker.tryAcquire()?.failure();
    expect(breaker.state).toBe('open');
    now += 29_999;
    expect(breaker.tryAcquire()).toBeNull();
    now += 1;
    const probe = breaker.tryAcquire();
    expect(probe).not.toBeNull();
    expect(breaker.tryAcquire()).toBeNull(); // one probe at a time
    probe?.failure();
    expect(breaker.state).toBe('open');
    now += 30_000;
    for (let success = 1; success <= 3; success++) {
      expect(breaker.state).toBe('half_open');
      breaker.tryAcquire()?.success();
    }
    expect(breaker.state).toBe('closed');
  });

  it('removes a deleted channel from the gauge', async () => {
    const metrics = createMetrics();
    metricsToClose.push(metrics);
    const breakers = createChannelBreakers({ metrics, now: () => 0 });
    breakers.get('gone');
    expect(await gaugeValue(metrics, 'channel:gone')).toBe(0);
    breakers.remove('gone');
    expect(await gaugeValue(metrics, 'channel:gone')).toBeUndefined();
  });
});
