/**
 * The engine's one Prometheus registry (prom-client): SPEC section 2's metrics with their exact names,
 * labels and buckets, plus prom-client's default process and Node metrics. Label values are bounded sets
 * (phase names, statuses, ranges, configured models), never ids.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { registerEventLoopLag } from './event-loop-lag';
import { createExemplarStore } from './openmetrics';

export const TURN_DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 25, 60];
export const PHASE_DURATION_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30];
export const HTTP_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** SPEC's participants_range label values. */
export function participantsRange(count: number): '1' | '2-3' | '4-5' | '6-10' | '10+' {
  if (count <= 1) return '1';
  if (count <= 3) return '2-3';
  if (count <= 5) return '4-5';
  if (count <= 10) return '6-10';
  return '10+';
}

/** participants_count, bounded: exact up to 10, then "10+". */
export function participantsCount(count: number): string {
  return count > 10 ? '10+' : String(count);
}

const LINT_FAILING_DEFAULT_METRICS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client names these gauges *_total, which Prometheus' linter (promtool check metrics) rejects
  // for non-counters; their per-type breakdown (nodejs_active_handles etc.) stays.
  for (const name of LINT_FAILING_DEFAULT_METRICS) registry.removeSingleMetric(name);
  // Event-loop delay over fixed windows instead of "since whoever read last" (event-loop-lag.ts).
  const stopEventLoopLag = registerEventLoopLag(registry);
  const registers = [registry];

  const metrics = {
    registry,
    /** Stops the timers behind the registry's gauges (host.close). */
    close: stopEventLoopLag,
    /** trace_id exemplars of the turn and phase histograms, shown in the OpenMetrics exposition. */
    exemplars: createExemplarStore(),
    llmCostPerRequest: new Gauge({
      name: 'novel_engine_llm_cost_per_request_dollars',
      help: 'AI/LLM cost of the last request, by phase, model and outcome',
      labelNames: ['phase', 'model_type', 'success'] as const,
      registers,
    }),
    // The gauge above keeps only the last request's cost; spend per hour (dashboards, budget rules) needs a counter.
    aiCost: new Counter({
      name: 'novel_engine_ai_cost_dollars_total',
      help: 'AI/LLM cost in dollars, summed over requests, by provider, model and phase',
      labelNames: ['provider', 'model', 'phase'] as const,
      registers,
    }),
    turnDuration: new Histogram({
      name: 'novel_engine_turn_duration_seconds',
      help: 'Turn execution duration in seconds',
      labelNames: ['phase', 'participants_count', 'ai_enabled'] as const,
      buckets: TURN_DURATION_BUCKETS,
      registers,
    }),
    turnsTotal: new Counter({
      name: 'novel_engine_turns_total',
      help: 'Turns executed, by final status and participants range',
      labelNames: ['status', 'participants_range'] as const,
      registers,
    }),
    turnsActive: new Gauge({ name: 'novel_engine_turns_active', help: 'Turns executing now', registers }),
    phaseDuration: new Histogram({
      name: 'novel_engine_phase_duration_seconds',
      help: 'Phase execution duration in seconds',
      labelNames: ['phase_type', 'success'] as const,
      buckets: PHASE_DURATION_BUCKETS,
      registers,
    }),
    phaseEventsProcessed: new Counter({
      name: 'novel_engine_phase_events_processed_total',
      help: 'Events produced by phases, by phase and event type',
      labelNames: ['phase_type', 'event_type'] as const,
      registers,
    }),
    aiRequests: new Counter({
      name: 'novel_engine_ai_requests_total',
      help: 'AI/LLM requests made',
      labelNames: ['provider', 'model', 'phase', 'status'] as const,
      registers,
    }),
    aiTokens: new Counter({
      name: 'novel_engine_ai_token_usage_total',
      help: 'AI/LLM tokens used',
      labelNames: ['provider', 'model', 'token_type'] as const,
      registers,
    }),
    compensations: new Counter({
      name: 'novel_engine_compensations_total',
      help: 'Saga compensation actions executed',
      labelNames: ['compensation_type', 'success'] as const,
      registers,
    }),
    memoryUsage: new Gauge({
      name: 'novel_engine_memory_usage_bytes',
      help: 'Resident memory of the engine process',
      registers,
      collect() {
        this.set(process.memoryUsage().rss);
      },
    }),
    concurrentOperations: new Gauge({
      name: 'novel_engine_concurrent_operations',
      help: 'Interaction sessions and AI calls in flight',
      registers,
    }),
    authenticationFailures: new Counter({
      name: 'authentication_failures_total',
      help: 'Requests refused for a missing or invalid token',
      labelNames: ['reason'] as const,
      registers,
    }),
    authorizationFailures: new Counter({
      name: 'authorization_failures_total',
      help: 'Requests refused for a missing permission',
      labelNames: ['permission', 'user_role'] as const,
      registers,
    }),
    circuitBreakerState: new Gauge({
      name: 'novel_engine_circuit_breaker_state',
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker'] as const,
      registers,
    }),
    circuitBreakerTransitions: new Counter({
      name: 'novel_engine_circuit_breaker_transitions_total',
      help: 'Circuit breaker state changes, by breaker and the state entered',
      labelNames: ['breaker', 'to'] as const,
      registers,
    }),
    // Notifications (issue 6): every delivery attempt's outcome, and the outbox backlog.
    notifications: new Counter({
      name: 'novel_engine_notifications_total',
      help: 'Notification delivery outcomes by channel kind: delivered, retried (an attempt failed and will be retried), failed (given up), skipped',
      labelNames: ['channel_kind', 'outcome'] as const,
      registers,
    }),
    notificationsPending: new Gauge({
      name: 'novel_engine_notifications_pending',
      help: 'Notifications waiting in the delivery outbox, by channel kind',
      labelNames: ['channel_kind'] as const,
      registers,
    }),
    // Trust (issue 6, SPEC section 5): changes by reason and quarantines by trigger. The per-agent score,
    // quarantined count and band gauges are read from the trust store at each scrape (trust/trust-gauges.ts).
    trustAdjustments: new Counter({
      name: 'novel_engine_trust_adjustments_total',
      help: 'Trust score changes recorded, by reason (interaction outcomes, ai_failure, quarantine, conflict_risk, release, compensation, reconcile)',
      labelNames: ['reason'] as const,
      registers,
    }),
    trustQuarantines: new Counter({
      name: 'novel_engine_trust_quarantines_total',
      help: 'Agents quarantined, by trigger: threshold (score fell below the policy threshold) or conflict_risk (intervention)',
      labelNames: ['trigger'] as const,
      registers,
    }),
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served, by method, route template and status',
      labelNames: ['method', 'endpoint', 'status'] as const,
      registers,
    }),
    spansKept: new Counter({
      name: 'novel_console_spans_kept_total',
      help: 'Spans of traces the tail sampler kept, by why it kept them (error, slow, ui, costly, sampled)',
      labelNames: ['reason'] as const,
      registers,
    }),
    spansDropped: new Counter({
      name: 'novel_console_spans_dropped_total',
      help: 'Spans not stored: sampled out, evicted from a full buffer, stale, over the per-trace limit, or failed to store',
      labelNames: ['reason'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route template and status',
      labelNames: ['method', 'endpoint', 'status'] as const,
      buckets: HTTP_DURATION_BUCKETS,
      registers,
    }),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The histograms whose buckets carry trace_id exemplars in OpenMetrics. */
export const EXEMPLAR_METRICS: ReadonlySet<string> = new Set(['novel_engine_turn_duration_seconds', 'novel_engine_phase_duration_seconds']);

/**
 * Memoizes `make` by its string arguments: one pre-bound child (`metric.labels(...)`) per label set,
 * found again by a cheap key on hot paths. As bounded as the label values.
 */
export function bound<T>(make: (...values: string[]) => T): (...values: string[]) => T {
  const children = new Map<string, T>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (child === undefined) {
      child = make(...values);
      children.set(key, child);
    }
    return child;
  };
}

const CIRCUIT_STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * Reports one circuit breaker (`breaker` is a bounded name: `ai_provider`, later one per configured alert
 * channel): its state now, and every change.
 */
export function circuitBreakerReporter(metrics: Metrics, breaker: string) {
  const state = metrics.circuitBreakerState.labels({ breaker });
  state.set(0);
  return (change: { to: keyof typeof CIRCUIT_STATE_VALUES }) => {
    state.set(CIRCUIT_STATE_VALUES[change.to]);
    metrics.circuitBreakerTransitions.inc({ breaker, to: change.to });
  };
}
