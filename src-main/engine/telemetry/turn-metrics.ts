/**
 * Turns into Prometheus observations (SPEC section 2): the runner's TurnObserver events become the
 * novel_engine_* counters, gauges and histograms.
 */
import type { TurnObserver } from '../orchestrator/turn-observer';
import { type Metrics, PHASE_DURATION_BUCKETS, participantsCount, participantsRange, TURN_DURATION_BUCKETS } from './metrics';

export function turnMetricsObserver(metrics: Metrics): TurnObserver {
  return {
    turnStarted() {
      metrics.turnsActive.inc();
    },
    phaseEnded(turn, result, events) {
      const labels = { phase_type: result.phase, success: String(result.status === 'succeeded') };
      const seconds = result.durationMs / 1000;
      metrics.phaseDuration.observe(labels, seconds);
      if (turn.traceId)
        metrics.exemplars.record('novel_engine_phase_duration_seconds', PHASE_DURATION_BUCKETS, labels, seconds, turn.traceId);
      for (const event of events) metrics.phaseEventsProcessed.inc({ phase_type: result.phase, event_type: event.type });
    },
    aiCall(_turn, call) {
      const success = String(call.success);
      metrics.aiRequests.inc({ provider: call.provider, model: call.model, phase: call.phase, status: call.success ? 'success' : 'error' });
      metrics.llmCostPerRequest.set({ phase: call.phase, model_type: call.model, success }, call.cost);
      if (call.cost > 0) metrics.aiCost.inc({ provider: call.provider, model: call.model, phase: call.phase }, call.cost);
      if (call.inputTokens > 0) metrics.aiTokens.inc({ provider: call.provider, model: call.model, token_type: 'input' }, call.inputTokens);
      if (call.outputTokens > 0)
        metrics.aiTokens.inc({ provider: call.provider, model: call.model, token_type: 'output' }, call.outputTokens);
    },
    compensation(_turn, type, success) {
      metrics.compensations.inc({ compensation_type: type, success: String(success) });
    },
    turnEnded(turn, outcome) {
      metrics.turnsActive.dec();
      metrics.turnsTotal.inc({ status: outcome.status, participants_range: participantsRange(turn.participants) });
      const labels = { phase: 'total', participants_count: participantsCount(turn.participants), ai_enabled: String(turn.aiEnabled) };
      const seconds = outcome.durationMs / 1000;
      metrics.turnDuration.observe(labels, seconds);
      if (turn.traceId)
        metrics.exemplars.record('novel_engine_turn_duration_seconds', TURN_DURATION_BUCKETS, labels, seconds, turn.traceId);
    },
  };
}
