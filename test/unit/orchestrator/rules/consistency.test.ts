import { describe, expect, it } from 'vitest';
import { checkEventConsistency, checkWorldConsistency } from '../../../../src-main/engine/orchestrator/rules/consistency';
import type { TurnEvent } from '../../../../src-shared/domain/turn';
import { makeAgent, makeWorld } from '../fixtures';

function event(id: string, overrides: Partial<TurnEvent> = {}): TurnEvent {
  return {
    id,
    type: 'generic_interaction',
    phase: 'event_integration',
    timestampS: 1000,
    spanS: 60,
    participants: ['a', 'b'],
    description: 'A and B exchanged news.',
    interactionId: null,
    ...overrides,
  };
}

describe('world consistency', () => {
  const healthy = makeAgent('a', { resources: { health: { value: 80, max: 100, regenPerS: 1 } } });

  it('finds no issue in a consistent world', () => {
    expect(checkWorldConsistency(makeWorld([healthy]), ['a'])).toEqual([]);
  });

  it('reports a non-finite position as critical', () => {
    const lost = makeAgent('a', { position: { x: Number.NaN, y: 0 } });
    expect(checkWorldConsistency(makeWorld([lost]), ['a'])).toEqual([
      { severity: 'critical', agentId: 'a', message: 'agent "a" has a non-finite position (NaN, 0)' },
    ]);
  });

  it('reports a resource above its max as critical', () => {
    const overfull = makeAgent('a', { resources: { health: { value: 120, max: 100, regenPerS: 1 } } });
    expect(checkWorldConsistency(makeWorld([overfull]), ['a'])).toEqual([
      { severity: 'critical', agentId: 'a', message: 'agent "a" resource "health" is 120, above its max 100' },
    ]);
  });

  it('reports a duplicate agent and a participant missing from the world', () => {
    const issues = checkWorldConsistency(makeWorld([healthy, healthy]), ['a', 'ghost']);
    expect(issues.map((issue) => issue.message)).toEqual([
      'agent "a" appears more than once',
      'participant "ghost" is not an agent of the world',
    ]);
  });
});

describe('event consistency', () => {
  const world = makeWorld([makeAgent('a'), makeAgent('b'), makeAgent('c')]);

  it('accepts well-formed events', () => {
    expect(checkEventConsistency([event('e1'), event('e2', { participants: ['b', 'c'] })], world)).toEqual([]);
  });

  it('rejects an event without a timestamp', () => {
    expect(checkEventConsistency([event('e1', { timestampS: null })], world)).toEqual([
      { kind: 'missing_timestamp', eventIds: ['e1'], message: 'event e1 (generic_interaction) has no timestamp' },
    ]);
  });

  it('rejects an event spanning more than 3600 s, and accepts exactly 3600 s', () => {
    expect(checkEventConsistency([event('e1', { spanS: 3600 })], world)).toEqual([]);
    expect(checkEventConsistency([event('e1', { spanS: 3601 })], world).map((violation) => violation.kind)).toEqual(['span_too_long']);
  });

  it('rejects an event naming an agent the world does not have', () => {
    expect(checkEventConsistency([event('e1', { participants: ['a', 'ghost'] })], world)).toEqual([
      {
        kind: 'unknown_participant',
        eventIds: ['e1'],
        message: 'event e1 (generic_interaction) names "ghost", who is not an agent of the world',
      },
    ]);
  });

  it('rejects a conflict resolution and a cooperation success between the same two agents in one turn', () => {
    const violations = checkEventConsistency(
      [event('e1', { type: 'conflict_resolution' }), event('e2', { type: 'cooperation_success', participants: ['b', 'a'] })],
      world,
    );
    expect(violations).toEqual([
      {
        kind: 'contradictory_events',
        eventIds: ['e1', 'e2'],
        message: 'a and b have both conflict_resolution and cooperation_success in one turn',
      },
    ]);
  });

  it('treats an agreement after a conflict on the same pair as contradictory too', () => {
    const violations = checkEventConsistency(
      [event('e1', { type: 'agent_agreement' }), event('e2', { type: 'conflict_resolution' })],
      world,
    );
    expect(violations.map((violation) => violation.kind)).toEqual(['contradictory_events']);
  });

  it('does not call events on different pairs, or friendly events on one pair, contradictory', () => {
    expect(
      checkEventConsistency(
        [event('e1', { type: 'conflict_resolution' }), event('e2', { type: 'cooperation_success', participants: ['a', 'c'] })],
        world,
      ),
    ).toEqual([]);
    expect(checkEventConsistency([event('e1', { type: 'agent_agreement' }), event('e2', { type: 'cooperation_success' })], world)).toEqual(
      [],
    );
  });
});
