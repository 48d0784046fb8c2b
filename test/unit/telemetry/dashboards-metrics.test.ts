import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src-main/engine/telemetry/metrics';
import { turnMetricsObserver } from '../../../src-main/engine/telemetry/turn-metrics';

/** The metrics the Executive dashboard needs beyond SPEC's table: AI spend as a counter. */
describe('AI cost counter for the dashboards', () => {
  it('sums the cost of every AI call by provider, model and phase', async () => {
    const metrics = createMetrics();
    const observer = turnMetricsObserver(metrics);
    const turn = { id: 't', campaignId: 'c', participants: 3, aiEnabled: true, origin: 'ui', narrativeDepth: 'standard' as const };
    const call = { provider: 'simulated', model: 'sim-standard', success: true, inputTokens: 100, outputTokens: 50 };
    observer.aiCall(turn, { ...call, phase: 'subjective_brief', cost: 0.0015 });
    observer.aiCall(turn, { ...call, phase: 'subjective_brief', cost: 0.0025 });
    observer.aiCall(turn, { ...call, phase: 'narrative_integration', cost: 0.01 });
    observer.aiCall(turn, { ...call, phase: 'narrative_integration', success: false, cost: 0 });
    const { values } = await metrics.aiCost.get();
    const byPhase = Object.fromEntries(values.map((value) => [value.labels.phase, value.value]));
    expect(byPhase.subjective_brief).toBeCloseTo(0.004, 10);
    expect(byPhase.narrative_integration).toBeCloseTo(0.01, 10);
    expect(values.every((value) => value.labels.provider === 'simulated' && value.labels.model === 'sim-standard')).toBe(true);
  });
});
