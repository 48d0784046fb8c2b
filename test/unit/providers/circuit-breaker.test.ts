import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitStateChange } from '../../../src-main/engine/orchestrator/providers/circuit-breaker';

function harness(options: ConstructorParameters<typeof CircuitBreaker>[0] = {}) {
  let now = 1_000_000;
  const changes: CircuitStateChange[] = [];
  const breaker = new CircuitBreaker({ now: () => now, onStateChange: (change) => changes.push(change), ...options });
  const fail = (times = 1) => {
    for (let index = 0; index < times; index++) breaker.tryAcquire()?.failure();
  };
  const succeed = () => breaker.tryAcquire()?.success();
  return {
    breaker,
    changes,
    fail,
    succeed,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('circuit breaker', () => {
  it('starts closed and admits calls', () => {
    const { breaker } = harness();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).not.toBeNull();
  });

  it('opens after 5 failures within 60 s and refuses calls', () => {
    const { breaker, changes, fail, advance } = harness();
    fail(4);
    expect(breaker.state).toBe('closed');
    advance(10_000);
    fail();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBeNull();
    expect(breaker.retryInMs).toBe(30_000);
    expect(changes).toEqual([{ from: 'closed', to: 'open', at: 1_010_000 }]);
  });

  it('forgets failures older than the window', () => {
    const { breaker, fail, advance } = harness();
    fail(4);
    advance(60_000);
    fail(4);
    expect(breaker.state).toBe('closed');
    fail();
    expect(breaker.state).toBe('open');
  });

  it('starts counting again after a success', () => {
    const { breaker, fail, succeed } = harness();
    fail(4);
    succeed();
    fail(4);
    expect(breaker.state).toBe('closed');
  });

  it('turns half-open after the cool-down and lets one probe through at a time', () => {
    const { breaker, changes, fail, advance } = harness();
    fail(5);
    advance(29_999);
    expect(breaker.state).toBe('open');
    advance(1);
    expect(breaker.state).toBe('half_open');
    const probe = breaker.tryAcquire();
    expect(probe).not.toBeNull();
    expect(breaker.tryAcquire()).toBeNull();
    probe?.success();
    expect(breaker.tryAcquire()).not.toBeNull();
    expect(changes.map((change) => change.to)).toEqual(['open', 'half_open']);
  });

  it('closes after 3 successful probes', () => {
    const { breaker, changes, fail, succeed, advance } = harness();
    fail(5);
    advance(30_000);
    succeed();
    succeed();
    expect(breaker.state).toBe('half_open');
    succeed();
    expect(breaker.state).toBe('closed');
    expect(changes.map((change) => change.to)).toEqual(['open', 'half_open', 'closed']);
    // Closed again with a clean slate: it takes 5 new failures to open.
    fail(4);
    expect(breaker.state).toBe('closed');
  });

  it('re-opens on a failed probe and restarts the cool-down', () => {
    const { breaker, changes, fail, succeed, advance } = harness();
    fail(5);
    advance(30_000);
    succeed();
    fail();
    expect(breaker.state).toBe('open');
    expect(breaker.retryInMs).toBe(30_000);
    advance(30_000);
    expect(breaker.state).toBe('half_open');
    expect(changes.map((change) => change.to)).toEqual(['open', 'half_open', 'open', 'half_open']);
  });

  it('frees the probe slot without a verdict when a probe is released', () => {
    const { breaker, fail, advance } = harness();
    fail(5);
    advance(30_000);
    breaker.tryAcquire()?.release();
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).not.toBeNull();
  });

  it('counts a permit once, however often it is settled', () => {
    const { breaker } = harness({ failureThreshold: 2 });
    const permit = breaker.tryAcquire();
    permit?.failure();
    permit?.failure();
    expect(breaker.state).toBe('closed');
  });

  it('honours custom thresholds and cool-down', () => {
    const { breaker, fail, succeed, advance } = harness({ failureThreshold: 2, windowMs: 1000, coolDownMs: 100, successThreshold: 1 });
    fail(2);
    expect(breaker.state).toBe('open');
    advance(100);
    succeed();
    expect(breaker.state).toBe('closed');
  });

  it('keeps working when a state-change listener throws, and unsubscribes', () => {
    const { breaker, fail } = harness({ failureThreshold: 1 });
    const seen: string[] = [];
    const unsubscribe = breaker.subscribe((change) => {
      seen.push(change.to);
      throw new Error('broken metric');
    });
    fail();
    expect(breaker.state).toBe('open');
    unsubscribe();
    breaker.reset();
    expect(breaker.state).toBe('closed');
    expect(seen).toEqual(['open']);
  });

  it('rejects invalid settings', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0 })).toThrow(/failureThreshold/);
  });
});
