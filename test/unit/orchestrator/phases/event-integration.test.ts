import { describe, expect, it } from 'vitest';
import { eventIntegration } from '../../../../src-main/engine/orchestrator/phases/event-integration';
import { deepFreeze, makeAgent, makeContext, makeInteraction, makeState, makeWorld } from '../fixtures';

const world = makeWorld([
  makeAgent('ada', { name: 'Ada' }),
  makeAgent('bo', { name: 'Bo' }),
  makeAgent('cy', { name: 'Cy' }),
  makeAgent('dee', { name: 'Dee' }),
]);
const interactions = [
  makeInteraction('i-1', ['ada', 'bo'], { type: 'conflict', outcome: 'victory', winner: 'ada', loser: 'bo', subject: 'crown' }),
  makeInteraction('i-2', ['cy', 'dee'], { type: 'cooperation', outcome: 'cooperation', subject: 'well', benefit: 2 }),
];
const state = deepFreeze(makeState(world, { interactions }));
const everyone = ['ada', 'bo', 'cy', 'dee'];

describe('event_integration', () => {
  it('maps each completed interaction to its event at the current world time', async () => {
    const output = await eventIntegration(state, makeContext({ participants: everyone, turnNumber: 2 }));
    expect(output.state.events).toEqual([
      {
        id: 'event-1',
        type: 'conflict_resolution',
        phase: 'event_integration',
        timestampS: 1000,
        spanS: 300,
        participants: ['ada', 'bo'],
        description: 'Ada prevailed over Bo in the struggle for the Iron Crown.',
        interactionId: 'i-1',
      },
      expect.objectContaining({
        type: 'cooperation_success',
        participants: ['cy', 'dee'],
        description: 'Cy and Dee worked together toward the Old Well.',
      }),
    ]);
    expect(output).toMatchObject({ eventsProcessed: 2, eventsGenerated: 2 });
  });

  it('applies the events to relationships, confidence, cooperation experience and memories', async () => {
    const output = await eventIntegration(state, makeContext({ participants: everyone, turnNumber: 2 }));
    const agent = (id: string) => output.state.world.agents.find((candidate) => candidate.id === id);
    expect(agent('ada')).toMatchObject({
      relationships: { bo: -0.15 },
      confidence: 0.6,
      memories: ['Turn 2: Ada prevailed over Bo in the struggle for the Iron Crown.'],
    });
    expect(agent('bo')).toMatchObject({ relationships: { ada: -0.15 }, confidence: 0.4 });
    expect(agent('cy')).toMatchObject({ relationships: { dee: 0.1 }, cooperationExperience: 1 });
  });

  it('skips interactions that did not complete', async () => {
    const unfinished = makeState(world, { interactions: [makeInteraction('i-1', ['ada', 'bo'], { completed: false, outcome: null })] });
    const output = await eventIntegration(unfinished, makeContext({ participants: everyone }));
    expect(output.state.events).toEqual([]);
    expect(output.state.world).toEqual(world);
  });

  it('fails on contradictory events between the same two agents', async () => {
    const contradictory = makeState(world, {
      interactions: [
        makeInteraction('i-1', ['ada', 'bo'], { type: 'conflict', outcome: 'victory', winner: 'ada', loser: 'bo' }),
        makeInteraction('i-2', ['bo', 'ada'], { type: 'cooperation', outcome: 'cooperation', benefit: 1 }),
      ],
    });
    await expect(eventIntegration(contradictory, makeContext({ participants: everyone }))).rejects.toMatchObject({
      reason: 'consistency',
      critical: false,
      message: expect.stringContaining('have both conflict_resolution and cooperation_success in one turn'),
    });
  });

  it('fails on an event naming an agent the world does not have', async () => {
    const haunted = makeState(world, { interactions: [makeInteraction('i-1', ['ada', 'ghost'])] });
    await expect(eventIntegration(haunted, makeContext({ participants: everyone }))).rejects.toMatchObject({
      reason: 'consistency',
      message: expect.stringContaining('"ghost", who is not an agent of the world'),
    });
  });

  it('does not hold the world clock event of a long time advance against the 3600 s span limit', async () => {
    const longTurn = makeState(world, {
      events: [
        {
          id: 'event-0',
          type: 'world_time_advanced',
          phase: 'world_update',
          timestampS: 8200,
          spanS: 7200,
          participants: [],
          description: 'World time advanced by 7200 s to 8200 s and the weather stays clear.',
          interactionId: null,
        },
      ],
      interactions,
    });
    const output = await eventIntegration(longTurn, makeContext({ participants: everyone, config: { worldTimeAdvance: 7200 } }));
    expect(output.state.events).toHaveLength(3);
  });

  it('fails as cancelled when the turn is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(eventIntegration(state, makeContext({ participants: everyone, signal: controller.signal }))).rejects.toMatchObject({
      reason: 'cancelled',
    });
  });

  it('does not mutate its input', async () => {
    const before = structuredClone(state);
    await eventIntegration(state, makeContext({ participants: everyone }));
    expect(state).toEqual(before);
  });
});
