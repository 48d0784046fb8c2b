import { describe, expect, it } from 'vitest';
import { eventFromInteraction, eventTypeForOutcome, subjectName } from '../../../../src-main/engine/orchestrator/rules/event-mapping';
import type { InteractionOutcome } from '../../../../src-shared/domain/turn';
import { makeAgent, makeInteraction, makeWorld } from '../fixtures';

describe('event mapping', () => {
  it.each([
    ['agreement', 'agent_agreement'],
    ['compromise', 'agent_compromise'],
    ['victory', 'conflict_resolution'],
    ['cooperation', 'cooperation_success'],
    ['deadlock', 'generic_interaction'],
    ['exchange', 'generic_interaction'],
  ] as const)('maps %s to %s', (outcome: InteractionOutcome, type) => {
    expect(eventTypeForOutcome({ outcome })).toBe(type);
  });

  const world = makeWorld([makeAgent('ada', { name: 'Ada' }), makeAgent('bo', { name: 'Bo' })]);

  it('builds the event at the current world time, naming the agents and the subject', () => {
    const interaction = makeInteraction('i-1', ['ada', 'bo'], { type: 'negotiation', outcome: 'agreement', subject: 'well' });
    expect(eventFromInteraction(interaction, world, { id: 'e-1', worldTimeAdvance: 300 })).toEqual({
      id: 'e-1',
      type: 'agent_agreement',
      phase: 'event_integration',
      timestampS: 1000,
      spanS: 300,
      participants: ['ada', 'bo'],
      description: 'Ada and Bo reached an agreement over the Old Well.',
      interactionId: 'i-1',
    });
  });

  it('names the winner first in a conflict resolution', () => {
    const interaction = makeInteraction('i-1', ['ada', 'bo'], {
      type: 'conflict',
      outcome: 'victory',
      winner: 'bo',
      loser: 'ada',
      subject: 'crown',
    });
    expect(eventFromInteraction(interaction, world, { id: 'e', worldTimeAdvance: 300 })?.description).toBe(
      'Bo prevailed over Ada in the struggle for the Iron Crown.',
    );
  });

  it('spans the interaction time, at most the turn time advance', () => {
    const interaction = makeInteraction('i-1', ['ada', 'bo'], { type: 'cooperation', outcome: 'cooperation' });
    expect(eventFromInteraction(interaction, world, { id: 'e', worldTimeAdvance: 3000 })?.spanS).toBe(900);
    expect(eventFromInteraction(interaction, world, { id: 'e', worldTimeAdvance: 60 })?.spanS).toBe(60);
  });

  it('gives no event for an interaction that did not complete', () => {
    const interaction = makeInteraction('i-1', ['ada', 'bo'], { completed: false, outcome: null });
    expect(eventFromInteraction(interaction, world, { id: 'e', worldTimeAdvance: 300 })).toBeNull();
  });

  it('names items that are not features in words', () => {
    expect(subjectName(world, 'silver_key')).toBe('the silver key');
    expect(subjectName(world, null)).toBe('the matters of the day');
  });
});
