import { describe, expect, it } from 'vitest';
import { ruleBasedBrief, ruleBasedNarrative } from '../../../../src-main/engine/orchestrator/rules/rule-based-text';
import { isValidBrief, validateNarrative } from '../../../../src-main/engine/orchestrator/rules/text-validation';
import type { TurnEvent } from '../../../../src-shared/domain/turn';
import { makeAgent, makeWorld } from '../fixtures';

const ada = makeAgent('ada', {
  name: 'Ada',
  role: 'scout',
  goals: [{ type: 'shared', target: 'well' }],
  memories: ['Turn 1: Ada found a rope.'],
});
const world = makeWorld([ada, makeAgent('bo', { name: 'Bo' })]);
const names = new Map(world.agents.map((agent) => [agent.id, agent.name]));

describe('rule-based brief', () => {
  it('describes the agent from its state and passes validation', () => {
    const text = ruleBasedBrief(ada, world);
    expect(text).toBe(
      'Ada the scout stands at (0, 0) while the weather is clear. Their aims this turn: share the Old Well (shared). Resources: none tracked. They remember: Turn 1: Ada found a rope.',
    );
    expect(isValidBrief(text)).toBe(true);
  });

  it('is valid even for an agent with nothing to say', () => {
    expect(isValidBrief(ruleBasedBrief(makeAgent('x', { name: 'X', role: 'r' }), world))).toBe(true);
  });
});

describe('rule-based narrative', () => {
  const events: TurnEvent[] = [
    {
      id: 'e1',
      type: 'conflict_resolution',
      phase: 'event_integration',
      timestampS: 1300,
      spanS: 300,
      participants: ['ada', 'bo'],
      description: 'Bo prevailed over Ada in the struggle for the Iron Crown.',
      interactionId: 'i1',
    },
  ];

  it('quotes every event and passes validation', () => {
    const text = ruleBasedNarrative(world, events, 2);
    expect(text).toContain('Bo prevailed over Ada in the struggle for the Iron Crown.');
    expect(validateNarrative(text, events, names)).toEqual({ valid: true, mentionedEventIds: ['e1'], problems: [] });
  });

  it('passes validation in a turn without events', () => {
    expect(validateNarrative(ruleBasedNarrative(world, [], 1), [], names).valid).toBe(true);
  });
});
