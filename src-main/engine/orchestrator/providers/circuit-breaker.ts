/**
 * A circuit breaker in front of an unreliable dependency (SPEC sections 1 and 6):
 *   closed    -> open       after `failureThreshold` failures within `windowMs` with no success between
 *                           them (default 5 in 60 s);
 *   open      -> half_open  once `coolDownMs` has passed (default 30 s): one probe at a time is let through;
 *   half_open -> closed     after `successThreshold` successful probes in a row (default 3);
 *   half_open -> open       on a failed probe (and the cool-down starts again).
 * The clock is injectable so tests drive it without waiting; state changes are reported through
 * `onStateChange` (metrics and dashboard events subscribe to it).
 */
import { z } from 'zod';

export const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

export const CircuitBreakerSettings = z.strictObject({
  failureThreshold: z.number().int().min(1).max(1000).default(5),
  windowMs: z.number().int().min(1).max(86_400_000).default(60_000),
  coolDownMs: z.number().int().min(0).max(86_400_000).default(30_000),
  successThreshold: z.number().int().min(1).max(1000).default(3),
});
export type CircuitBreakerSettings = z.output<typeof CircuitBreakerSettings>;
export type CircuitBreakerSettingsInput = z.input<typeof CircuitBreakerSettings>;

export interface CircuitStateChange {
  from: CircuitState;
  to: CircuitState;
  /** Clock time of the change (ms). */
  at: number;
}

export interface CircuitBreakerOptions extends CircuitBreakerSettingsInput {
  /** Milliseconds clock; Date.now by default. */
  now?: () => number;
  onStateChange?: (change: CircuitStateChange) => void;
}

/** A permit to make one call; settle it exactly once with the call's outcome. */
export interface CircuitPermit {
  success(): void;
  failure(): void;
  /** The call ended without telling anything about the dependency (e.g. the caller cancelled it). */
  release(): void;
}

export class CircuitBreaker {
  readonly settings: CircuitBreakerSettings;
  private readonly now: () => number;
  private readonly listeners = new Set<(change: CircuitStateChange) => void>();
  private current: CircuitState = 'closed';
  /** Times of the failures since the last success (closed state). */
  private failures: number[] = [];
  private openedAt = 0;
  private probeInFlight = false;
  private probeSuccesses = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    const { now, onStateChange, ...settings } = options;
    this.settings = CircuitBreakerSettings.parse(settings);
    this.now = now ?? Date.now;
    if (onStateChange) this.listeners.add(onStateChange);
  }

  /** The current state; an open circuit whose cool-down has passed reads (and becomes) half_open. */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.settings.coolDownMs) this.transition('half_open');
    return this.current;
  }

  /** Milliseconds until an open circuit lets a probe through (0 when not open). */
  get retryInMs(): number {
    return this.state === 'open' ? Math.max(0, this.openedAt + this.settings.coolDownMs - this.now()) : 0;
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  subscribe(listener: (change: CircuitStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A permit for one call, or null when the circuit refuses it (open, or a half-open probe is in flight). */
  tryAcquire(): CircuitPermit | null {
    const state = this.state;
    if (state === 'open') return null;
    if (state === 'half_open') {
      if (this.probeInFlight) return null;
      this.probeInFlight = true;
    }
    const probe = state === 'half_open';
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      if (probe) this.probeInFlight = false;
      outcome();
    };
    return {
      success: () => settle(() => this.onSuccess(probe)),
      failure: () => settle(() => this.onFailure(probe)),
      release: () => settle(() => {}),
    };
  }

  /** Back to closed with no history (an operator's manual reset). */
  reset(): void {
    this.failures = [];
    this.probeInFlight = false;
    this.probeSuccesses = 0;
    this.transition('closed');
  }

  private onSuccess(probe: boolean): void {
    if (probe && this.current === 'half_open') {
      this.probeSuccesses += 1;
      if (this.probeSuccesses >= this.settings.successThreshold) this.transition('closed');
      return;
    }
    if (this.current === 'closed') this.failures = [];
  }

  private onFailure(probe: boolean): void {
    const at = this.now();
    if (probe && this.current === 'half_open') {
      this.open(at);
      return;
    }
    if (this.current !== 'closed') return;
    this.failures = [...this.failures.filter((time) => at - time < this.settings.windowMs), at];
    if (this.failures.length >= this.settings.failureThreshold) this.open(at);
  }

  private open(at: number): void {
    this.openedAt = at;
    this.transition('open');
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.failures = [];
    this.probeSuccesses = 0;
    if (to !== 'half_open') this.probeInFlight = false;
    const change = { from, to, at: this.now() };
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A broken observer (a metric, a dashboard push) must not change how calls are admitted.
      }
    }
  }
}
