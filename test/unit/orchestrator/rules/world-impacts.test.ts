import { describe, expect, it } from 'vitest';
import { applyEventImpacts, MEMORY_LIMIT } from '../../../../src-main/engine/orchestrator/rules/world-impacts';
import type { Interaction, TurnEvent } from '../../../../src-shared/domain/turn';
import { deepFreeze, makeAgent, makeInteraction, makeWorld } from '../fixtures';

function eventOf(interaction: Interaction, description = 'Ada and Bo met.'): TurnEvent {
  return {
    id: `e-${interaction.id}`,
    type: 'generic_interaction',
    phase: 'event_integration',
    timestampS: 1000,
    spanS: 60,
    participants: [...interaction.participants],
    description,
    interactionId: interaction.id,
  };
}

const agentOf = (world: ReturnType<typeof makeWorld>, id: string) => world.agents.find((agent) => agent.id === id);

describe('world impacts of events', () => {
  const world = deepFreeze(makeWorld([makeAgent('ada'), makeAgent('bo'), makeAgent('cy')]));

  it('raises relationships both ways and confidence on an agreement, and adds a memory', () => {
    const interaction = makeInteraction('i1', ['ada', 'bo'], { type: 'negotiation', outcome: 'agreement' });
    const after = applyEventImpacts(world, [eventOf(interaction)], [interaction], 4);
    expect(agentOf(after, 'ada')).toMatchObject({ relationships: { bo: 0.1 }, confidence: 0.55, memories: ['Turn 4: Ada and Bo met.'] });
    expect(agentOf(after, 'bo')).toMatchObject({ relationships: { ada: 0.1 }, confidence: 0.55 });
    expect(agentOf(after, 'cy')).toBe(agentOf(world, 'cy'));
  });

  it('lowers relationships after a conflict, and moves confidence to the winner', () => {
    const interaction = makeInteraction('i1', ['ada', 'bo'], { type: 'conflict', outcome: 'victory', winner: 'bo', loser: 'ada' });
    const after = applyEventImpacts(world, [eventOf(interaction)], [interaction], 1);
    expect(agentOf(after, 'ada')).toMatchObject({ relationships: { bo: -0.15 }, confidence: 0.4 });
    expect(agentOf(after, 'bo')).toMatchObject({ relationships: { ada: -0.15 }, confidence: 0.6 });
  });

  it('adds cooperation experience after a cooperation', () => {
    const interaction = makeInteraction('i1', ['ada', 'bo'], { type: 'cooperation', outcome: 'cooperation', benefit: 2 });
    const after = applyEventImpacts(world, [eventOf(interaction)], [interaction], 1);
    expect(agentOf(after, 'ada')?.cooperationExperience).toBe(1);
    expect(agentOf(after, 'bo')?.cooperationExperience).toBe(1);
  });

  it('keeps relationships within -1..1 and confidence within 0..1', () => {
    const bitter = deepFreeze(
      makeWorld([
        makeAgent('ada', { relationships: { bo: -0.95 }, confidence: 0.02 }),
        makeAgent('bo', { relationships: { ada: -1 }, confidence: 0.99 }),
      ]),
    );
    const interaction = makeInteraction('i1', ['ada', 'bo'], { type: 'conflict', outcome: 'victory', winner: 'bo', loser: 'ada' });
    const after = applyEventImpacts(bitter, [eventOf(interaction)], [interaction], 1);
    expect(agentOf(after, 'ada')).toMatchObject({ relationships: { bo: -1 }, confidence: 0 });
    expect(agentOf(after, 'bo')).toMatchObject({ relationships: { ada: -1 }, confidence: 1 });
  });

  it(`keeps only the last ${MEMORY_LIMIT} memories`, () => {
    const memories = Array.from({ length: MEMORY_LIMIT }, (_, index) => `memory ${index}`);
    const busy = deepFreeze(makeWorld([makeAgent('ada', { memories }), makeAgent('bo')]));
    const interaction = makeInteraction('i1', ['ada', 'bo']);
    const after = agentOf(applyEventImpacts(busy, [eventOf(interaction, 'Newest.')], [interaction], 9), 'ada');
    expect(after?.memories).toHaveLength(MEMORY_LIMIT);
    expect(after?.memories[0]).toBe('memory 1');
    expect(after?.memories.at(-1)).toBe('Turn 9: Newest.');
  });
});
