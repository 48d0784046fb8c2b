/**
 * One circuit breaker per notification channel (SPEC section 6: 5 failures in 60 s -> open; one probe every
 * 30 s -> half-open; 3 successes -> closed), the same CircuitBreaker the AI provider uses. While a channel's
 * breaker is open its notifications wait in the outbox; every state change is reported as
 * `novel_engine_circuit_breaker_state{breaker="channel:<id>"}` and its transitions counter (so the
 * Operational dashboard shows it and alert rules can fire on it), and to `onChange`.
 */
import {
  CircuitBreaker,
  type CircuitBreakerSettingsInput,
  type CircuitState,
  type CircuitStateChange,
} from '../orchestrator/providers/circuit-breaker';
import { circuitBreakerReporter, type Metrics } from '../telemetry/metrics';

export interface ChannelBreakerOptions {
  metrics: Metrics | null;
  now: () => number;
  settings?: CircuitBreakerSettingsInput;
  onChange?: (channelId: string, change: CircuitStateChange) => void;
}

export function breakerLabel(channelId: string): string {
  return `channel:${channelId}`;
}

export function createChannelBreakers(options: ChannelBreakerOptions) {
  const breakers = new Map<string, { breaker: CircuitBreaker; changedAt: number | null }>();

  function entry(channelId: string) {
    let found = breakers.get(channelId);
    if (!found) {
      const report = options.metrics ? circuitBreakerReporter(options.metrics, breakerLabel(channelId)) : null;
      const created = { breaker: new CircuitBreaker({ ...options.settings, now: options.now }), changedAt: null as number | null };
      created.breaker.subscribe((change) => {
        created.changedAt = change.at;
        report?.(change);
        options.onChange?.(channelId, change);
      });
      breakers.set(channelId, created);
      found = created;
    }
    return found;
  }

  return {
    get(channelId: string): CircuitBreaker {
      return entry(channelId).breaker;
    },
    info(channelId: string): { state: CircuitState; changedAt: number | null; retryInMs: number } {
      const found = entry(channelId);
      const state = found.breaker.state;
      return { state, changedAt: found.changedAt, retryInMs: Math.round(found.breaker.retryInMs) };
    },
    /** A channel whose settings changed starts afresh: its breaker closes (a reported change when it was not closed). */
    reset(channelId: string): void {
      breakers.get(channelId)?.breaker.reset();
    },
    /** A deleted channel: its breaker and its metric series go. */
    remove(channelId: string): void {
      breakers.delete(channelId);
      options.metrics?.circuitBreakerState.remove({ breaker: breakerLabel(channelId) });
    },
  };
}

export type ChannelBreakers = ReturnType<typeof createChannelBreakers>;
