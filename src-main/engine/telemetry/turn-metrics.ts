/**
 * Turns into Prometheus observations (SPEC section 2): the runner's TurnObserver events become the
 * novel_engine_* counters, gauges and histograms. This runs on every phase and AI call, so each label
 * set is bound once (prom-client's `labels(...)` child, plus its exemplar buckets) and found again by a
 * cheap key, instead of prom-client hashing a label object on every observation.
 */
import type { TurnObserver } from '../orchestrator/turn-observer';
import { bound, type Metrics, PHASE_DURATION_BUCKETS, participantsCount, participantsRange, TURN_DURATION_BUCKETS } from './metrics';
import type { ExemplarSeries } from './openmetrics';

interface Observed<Child> {
  child: Child;
  exemplars: ExemplarSeries;
}

export function turnMetricsObserver(metrics: Metrics): TurnObserver {
  const phaseDuration = bound((phase_type, success): Observed<{ observe(value: number): void }> => {
    const labels = { phase_type, success } as { phase_type: string; success: string };
    return {
      child: metrics.phaseDuration.labels(labels),
      exemplars: metrics.exemplars.series('novel_engine_phase_duration_seconds', PHASE_DURATION_BUCKETS, labels),
    };
  });
  const turnDuration = bound((participants_count, ai_enabled): Observed<{ observe(value: number): void }> => {
    const labels = { phase: 'total', participants_count, ai_enabled } as { phase: string; participants_count: string; ai_enabled: string };
    return {
      child: metrics.turnDuration.labels(labels),
      exemplars: metrics.exemplars.series('novel_engine_turn_duration_seconds', TURN_DURATION_BUCKETS, labels),
    };
  });
  const phaseEvents = bound((phase_type, event_type) => metrics.phaseEventsProcessed.labels({ phase_type, event_type }));
  const aiRequests = bound((provider, model, phase, status) => metrics.aiRequests.labels({ provider, model, phase, status }));
  const llmCost = bound((phase, model_type, success) => metrics.llmCostPerRequest.labels({ phase, model_type, success }));
  const aiCost = bound((provider, model, phase) => metrics.aiCost.labels({ provider, model, phase }));
  const aiTokens = bound((provider, model, token_type) => metrics.aiTokens.labels({ provider, model, token_type }));
  const compensations = bound((compensation_type, success) => metrics.compensations.labels({ compensation_type, success }));
  const turnsTotal = bound((status, participants_range) => metrics.turnsTotal.labels({ status, participants_range }));
  const eventCounts = new Map<string, number>();

  return {
    turnStarted() {
      metrics.turnsActive.inc();
    },
    phaseEnded(turn, result, events) {
      const seconds = result.durationMs / 1000;
      const duration = phaseDuration(result.phase, result.status === 'succeeded' ? 'true' : 'false');
      duration.child.observe(seconds);
      if (turn.traceId) duration.exemplars.record(seconds, turn.traceId);
      if (events.length === 0) return;
      for (const event of events) eventCounts.set(event.type, (eventCounts.get(event.type) ?? 0) + 1);
      for (const [type, count] of eventCounts) phaseEvents(result.phase, type).inc(count);
      eventCounts.clear();
    },
    aiCall(_turn, call) {
      aiRequests(call.provider, call.model, call.phase, call.success ? 'success' : 'error').inc();
      llmCost(call.phase, call.model, call.success ? 'true' : 'false').set(call.cost);
      if (call.cost > 0) aiCost(call.provider, call.model, call.phase).inc(call.cost);
      if (call.inputTokens > 0) aiTokens(call.provider, call.model, 'input').inc(call.inputTokens);
      if (call.outputTokens > 0) aiTokens(call.provider, call.model, 'output').inc(call.outputTokens);
    },
    compensation(_turn, type, success) {
      compensations(type, success ? 'true' : 'false').inc();
    },
    turnEnded(turn, outcome) {
      metrics.turnsActive.dec();
      turnsTotal(outcome.status, participantsRange(turn.participants)).inc();
      const seconds = outcome.durationMs / 1000;
      const duration = turnDuration(participantsCount(turn.participants), turn.aiEnabled ? 'true' : 'false');
      duration.child.observe(seconds);
      if (turn.traceId) duration.exemplars.record(seconds, turn.traceId);
    },
  };
}
