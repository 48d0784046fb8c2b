import { describe, expect, it } from 'vitest';
import {
  liveTurnState,
  parseCompensationMessage,
  progressChangesStoredTurn,
} from '../../../../../../src-renderer/src/pages/turns/live/phase-steps';
import type { TurnProgress } from '../../../../../../src-shared/domain/turn';
import type { PhaseName } from '../../../../../../src-shared/domain/turn-configuration';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function progress(atMs: number, patch: Partial<TurnProgress>): TurnProgress {
  return {
    turnId: 't1',
    campaignId: 'c1',
    number: 1,
    phase: null,
    phaseStatus: null,
    overallStatus: 'running',
    completion: 0,
    totalAiCost: 0,
    compensation: null,
    message: '',
    at: new Date(T0 + atMs).toISOString(),
    ...patch,
  };
}

const phase = (atMs: number, name: PhaseName, phaseStatus: TurnProgress['phaseStatus'], totalAiCost = 0, completion = 0) =>
  progress(atMs, { phase: name, phaseStatus, totalAiCost, completion, message: `${name} ${phaseStatus}` });

describe('liveTurnState', () => {
  it('shows every phase pending before any event', () => {
    const state = liveTurnState([]);
    expect(state.status).toBeNull();
    expect(state.steps.map((step) => step.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
  });

  it('marks the running phase, and the finished ones with their duration', () => {
    const state = liveTurnState([
      progress(0, { message: 'turn 1 started' }),
      phase(0, 'world_update', 'running'),
      phase(3, 'world_update', 'succeeded', 0, 0.2),
      phase(3, 'subjective_brief', 'running', 0, 0.2),
    ]);
    expect(state.status).toBe('running');
    expect(state.steps.map((step) => step.status)).toEqual(['succeeded', 'running', 'pending', 'pending', 'pending']);
    expect(state.steps[0]?.durationMs).toBe(3);
    expect(state.completion).toBe(0.2);
    expect(state.message).toBe('subjective_brief running');
  });

  it('takes a phase cost from the total at the next event, since the runner adds it after announcing the end', () => {
    const state = liveTurnState([
      phase(0, 'subjective_brief', 'running', 0),
      phase(450, 'subjective_brief', 'succeeded', 0),
      phase(450, 'interaction_orchestration', 'running', 0.002),
      phase(451, 'interaction_orchestration', 'succeeded', 0.002),
      phase(451, 'event_integration', 'running', 0.002),
    ]);
    expect(state.steps[1]?.aiCost).toBeCloseTo(0.002);
    expect(state.steps[2]?.aiCost).toBe(0);
    expect(state.steps[1]?.durationMs).toBe(450);
  });

  it('takes the last phase cost from the terminal event', () => {
    const state = liveTurnState([
      phase(0, 'narrative_integration', 'running', 0.002),
      phase(700, 'narrative_integration', 'succeeded', 0.002, 1),
      progress(701, { overallStatus: 'completed', totalAiCost: 0.0023, completion: 1 }),
    ]);
    expect(state.steps[4]?.aiCost).toBeCloseTo(0.0003);
    expect(state.status).toBe('completed');
    expect(state.totalAiCost).toBe(0.0023);
  });

  it('shows compensation steps as they happen and marks the phases they undo', () => {
    const state = liveTurnState([
      phase(0, 'world_update', 'running'),
      phase(1, 'world_update', 'succeeded', 0, 0.2),
      phase(1, 'subjective_brief', 'running'),
      progress(2, { phase: 'subjective_brief', phaseStatus: 'failed', message: 'subjective_brief failed (cost_cap): over the cap' }),
      progress(3, {
        compensation: 'rollback_world_state',
        message: 'rollback_world_state (world_update): world restored to its state before the turn (version 7)',
      }),
      progress(4, { compensation: 'log_failure', message: 'log_failure: subjective_brief failed (cost_cap)' }),
      progress(5, { overallStatus: 'compensated', completion: 0.2 }),
    ]);
    expect(state.steps.map((step) => step.status)).toEqual(['compensated', 'failed', 'not_run', 'not_run', 'not_run']);
    expect(state.steps[1]?.error).toBe('subjective_brief failed (cost_cap): over the cap');
    expect(state.compensations).toEqual([
      expect.objectContaining({ seq: 0, type: 'rollback_world_state', phase: 'world_update', success: true }),
      expect.objectContaining({ seq: 1, type: 'log_failure', phase: null, success: true }),
    ]);
    expect(state.status).toBe('compensated');
  });

  it('lets the stored turn overrule the events for the phases it holds', () => {
    const state = liveTurnState([phase(0, 'world_update', 'running')], {
      turn: { status: 'running', completion: 0.2, totalAiCost: 0 },
      phases: [
        {
          phase: 'world_update',
          status: 'succeeded',
          durationMs: 0.7,
          eventsProcessed: 6,
          eventsGenerated: 2,
          aiCost: 0,
          tokensIn: 0,
          tokensOut: 0,
          error: null,
        },
      ],
      compensations: [],
    });
    expect(state.steps[0]).toMatchObject({ status: 'succeeded', durationMs: 0.7, tokensIn: 0 });
    // Known only from the stored turn: the next phase is the one running.
    expect(state.steps[1]?.status).toBe('running');
    expect(state.completion).toBe(0.2);
  });

  it('takes the final status from the stored turn when the terminal event was missed', () => {
    const state = liveTurnState([phase(0, 'world_update', 'running')], {
      turn: { status: 'cancelled', completion: 0, totalAiCost: 0 },
      phases: [],
      compensations: [],
    });
    expect(state.status).toBe('cancelled');
    // Started but never reported as ended: it did not succeed.
    expect(state.steps[0]?.status).toBe('failed');
    expect(state.steps[1]?.status).toBe('not_run');
  });

  it('prefers the stored compensation records, which carry the outcome', () => {
    const state = liveTurnState([progress(0, { compensation: 'log_failure', message: 'log_failure: x' })], {
      turn: { status: 'compensated', completion: 0, totalAiCost: 0 },
      phases: [],
      compensations: [
        { seq: 0, type: 'log_failure', phase: null, success: false, detail: 'failed: disk full', at: '2026-01-01T00:00:00.000Z' },
      ],
    });
    expect(state.compensations).toEqual([expect.objectContaining({ success: false, detail: 'failed: disk full' })]);
  });
});

describe('parseCompensationMessage', () => {
  it('reads the phase, the outcome and the detail of a reported step', () => {
    expect(parseCompensationMessage('remove_events', 'remove_events (event_integration): 4 events removed')).toEqual({
      phase: 'event_integration',
      success: true,
      detail: '4 events removed',
    });
    expect(parseCompensationMessage('notify_participants', 'notify_participants: failed: no channel')).toEqual({
      phase: null,
      success: false,
      detail: 'failed: no channel',
    });
  });

  it('keeps a message it does not recognise whole, with an unknown outcome', () => {
    expect(parseCompensationMessage('cancel_interactions', 'something else')).toEqual({
      phase: 'interaction_orchestration',
      success: null,
      detail: 'something else',
    });
  });
});

describe('progressChangesStoredTurn', () => {
  it('is true when a phase or the turn ends, false while a phase starts', () => {
    expect(progressChangesStoredTurn(phase(0, 'world_update', 'running'))).toBe(false);
    expect(progressChangesStoredTurn(phase(0, 'world_update', 'succeeded'))).toBe(true);
    expect(progressChangesStoredTurn(phase(0, 'world_update', 'failed'))).toBe(true);
    expect(progressChangesStoredTurn(progress(0, { overallStatus: 'completed' }))).toBe(true);
  });
});
