import { describe, expect, it } from 'vitest';
import { failureEndsTurn, planCompensation } from '../../../../src-main/engine/orchestrator/saga-planner';

describe('saga planner', () => {
  it('undoes committed phases in reverse order with SPEC compensations, then logs and notifies', () => {
    const steps = planCompensation({
      committed: ['world_update', 'subjective_brief', 'interaction_orchestration', 'event_integration'],
      failure: { phase: 'narrative_integration', reason: 'validation', critical: false },
      rollbackEnabled: true,
    });
    expect(steps.map((s) => `${s.type}${s.phase ? `@${s.phase}` : ''}`)).toEqual([
      'remove_events@event_integration',
      'rollback_world_state@event_integration',
      'cancel_interactions@interaction_orchestration',
      'invalidate_subjective_briefs@subjective_brief',
      'rollback_world_state@world_update',
      'log_failure',
      'notify_participants',
    ]);
  });

  it('asks for manual review when world_update or event_integration failed, or the failure is critical', () => {
    const review = (phase: 'world_update' | 'event_integration' | 'subjective_brief', critical: boolean) =>
      planCompensation({ committed: [], failure: { phase, reason: 'consistency', critical }, rollbackEnabled: true }).some(
        (s) => s.type === 'trigger_manual_review',
      );
    expect(review('world_update', false)).toBe(true);
    expect(review('event_integration', false)).toBe(true);
    expect(review('subjective_brief', false)).toBe(false);
    expect(review('subjective_brief', true)).toBe(true);
  });

  it('only logs and notifies when rollback is disabled', () => {
    const steps = planCompensation({
      committed: ['world_update', 'subjective_brief'],
      failure: { phase: 'interaction_orchestration', reason: 'validation', critical: false },
      rollbackEnabled: false,
    });
    expect(steps.map((s) => s.type)).toEqual(['log_failure', 'notify_participants']);
  });

  it('orders by phase even when committed phases are given out of order', () => {
    const steps = planCompensation({
      committed: ['subjective_brief', 'world_update'],
      failure: { phase: 'interaction_orchestration', reason: 'timeout', critical: false },
      rollbackEnabled: true,
    });
    expect(steps.slice(0, 2).map((s) => s.phase)).toEqual(['subjective_brief', 'world_update']);
  });

  it('ends the turn on structural failures, critical ones, cancellation and timeouts, and on any failure with fail-fast', () => {
    expect(failureEndsTurn({ phase: 'world_update', reason: 'consistency', critical: false }, false)).toBe(true);
    expect(failureEndsTurn({ phase: 'event_integration', reason: 'consistency', critical: false }, false)).toBe(true);
    expect(failureEndsTurn({ phase: 'subjective_brief', reason: 'validation', critical: true }, false)).toBe(true);
    expect(failureEndsTurn({ phase: 'subjective_brief', reason: 'cancelled', critical: false }, false)).toBe(true);
    expect(failureEndsTurn({ phase: 'narrative_integration', reason: 'turn_timeout', critical: false }, false)).toBe(true);
    expect(failureEndsTurn({ phase: 'narrative_integration', reason: 'cost_cap', critical: false }, false)).toBe(false);
    expect(failureEndsTurn({ phase: 'narrative_integration', reason: 'cost_cap', critical: false }, true)).toBe(true);
  });
});
