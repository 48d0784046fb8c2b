/**
 * combineObservers (how the host puts tracing before metrics): every hook reaches every observer in
 * order, optional timing hooks only those that have them, an AI call's scopes are merged (the first
 * traceparent, every end), and the trace id set by the first observer is seen by the next.
 */
import { describe, expect, it } from 'vitest';
import {
  type AiCallScope,
  combineObservers,
  NO_OBSERVER,
  type ObservedTurn,
  type TurnObserver,
} from '../../../src-main/engine/orchestrator/turn-observer';

const turn = (): ObservedTurn => ({
  id: 't1',
  campaignId: 'c',
  participants: 2,
  aiEnabled: true,
  origin: 'ui',
  narrativeDepth: 'standard',
});
const call = {
  provider: 'simulated',
  model: 'm',
  phase: 'subjective_brief' as const,
  operation: 'subjective_brief',
  agentId: 'a',
  seed: 's',
  prompt: () => 'p',
};
const end = {
  provider: 'simulated',
  model: 'm',
  phase: 'subjective_brief' as const,
  success: true,
  inputTokens: 1,
  outputTokens: 2,
  cost: 0.1,
  completion: 'c',
  error: null,
};

function recording(name: string, log: string[], scope?: Partial<AiCallScope>): TurnObserver {
  return {
    turnStarted: (t) => {
      log.push(`${name}:turnStarted:${t.traceId ?? '-'}`);
      if (name === 'tracing') t.traceId = 'f'.repeat(32);
    },
    phaseEnded: () => log.push(`${name}:phaseEnded`),
    aiCall: () => log.push(`${name}:aiCall`),
    compensation: () => log.push(`${name}:compensation`),
    turnEnded: () => log.push(`${name}:turnEnded`),
    ...(scope
      ? {
          phaseStarted: () => log.push(`${name}:phaseStarted`),
          aiCallStarted: () => ({ traceparent: scope.traceparent, ended: () => log.push(`${name}:ended`) }),
          compensationStarted: () => log.push(`${name}:compensationStarted`),
        }
      : {}),
  };
}

describe('combineObservers', () => {
  it('calls every observer in order, and a later one sees the trace id the first set', () => {
    const log: string[] = [];
    const combined = combineObservers(recording('tracing', log, { traceparent: '00-x-y-01' }), recording('metrics', log));
    const t = turn();
    combined.turnStarted(t);
    combined.phaseStarted?.(t, 'world_update', 1);
    const scope = combined.aiCallStarted?.(t, call);
    scope?.ended(end);
    combined.aiCall(t, end);
    combined.compensationStarted?.(t, 'log_failure', null);
    combined.compensation(t, 'log_failure', true);
    combined.turnEnded(t, { status: 'completed', durationMs: 1, totalAiCost: 0, completion: 1 });
    expect(log).toEqual([
      'tracing:turnStarted:-',
      `metrics:turnStarted:${'f'.repeat(32)}`,
      'tracing:phaseStarted',
      'tracing:ended',
      'tracing:aiCall',
      'metrics:aiCall',
      'tracing:compensationStarted',
      'tracing:compensation',
      'metrics:compensation',
      'tracing:turnEnded',
      'metrics:turnEnded',
    ]);
    expect(scope?.traceparent).toBe('00-x-y-01');
  });

  it('merges the scopes of two observers that follow AI calls', () => {
    const log: string[] = [];
    const combined = combineObservers(recording('first', log, {}), recording('second', log, { traceparent: '00-a-b-01' }));
    const scope = combined.aiCallStarted?.(turn(), call);
    expect(scope?.traceparent).toBe('00-a-b-01');
    scope?.ended(end);
    expect(log).toEqual(['first:ended', 'second:ended']);
  });

  it('is the no-op observer for none and the observer itself for one', () => {
    expect(combineObservers()).toBe(NO_OBSERVER);
    const only = recording('only', []);
    expect(combineObservers(only)).toBe(only);
    expect(combineObservers(only, NO_OBSERVER).aiCallStarted?.(turn(), call)).toBeUndefined();
  });
});
