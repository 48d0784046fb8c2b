import { describe, expect, it } from 'vitest';
import { interactionOrchestration } from '../../../../src-main/engine/orchestrator/phases/interaction-orchestration';
import type { Agent } from '../../../../src-shared/domain/world';
import { deepFreeze, makeAgent, makeContext, makeState, makeWorld } from '../fixtures';

const rivals = [
  makeAgent('ada', { position: { x: 0, y: 0 }, strength: 30, goals: [{ type: 'exclusive', target: 'crown' }] }),
  makeAgent('bo', { position: { x: 10, y: 0 }, strength: 5, goals: [{ type: 'exclusive', target: 'crown' }] }),
];
const allies = [
  makeAgent('cy', { position: { x: 500, y: 0 }, goals: [{ type: 'shared', target: 'well' }] }),
  makeAgent('dee', { position: { x: 520, y: 0 }, goals: [{ type: 'shared', target: 'well' }] }),
];
const loner = makeAgent('eve', { position: { x: -900, y: 0 } });
const state = deepFreeze(makeState(makeWorld([...rivals, ...allies, loner])));
const everyone = ['ada', 'bo', 'cy', 'dee', 'eve'];

/** n pairs of agents, each pair far from the others. */
function separatePairs(count: number) {
  return Array.from({ length: count }, (_, index) => [
    makeAgent(`p${index}a`, { position: { x: index * 1000, y: 0 } }),
    makeAgent(`p${index}b`, { position: { x: index * 1000 + 10, y: 0 } }),
  ]).flat();
}

describe('interaction_orchestration', () => {
  it('opens and resolves a session for each planned pair', async () => {
    const output = await interactionOrchestration(state, makeContext({ participants: everyone }));
    expect(output.state.interactions).toEqual([
      {
        id: 'interaction-1',
        type: 'conflict',
        participants: ['ada', 'bo'],
        proximity: 0.9,
        priority: 1,
        subject: 'crown',
        completed: true,
        outcome: 'victory',
        winner: 'ada',
        loser: 'bo',
        benefit: null,
      },
      expect.objectContaining({
        id: 'interaction-2',
        type: 'cooperation',
        participants: ['cy', 'dee'],
        subject: 'well',
        outcome: 'cooperation',
      }),
    ]);
    expect(output.state.interactions[1]?.benefit).toBeGreaterThan(0);
    expect(output).toMatchObject({ eventsProcessed: 2, eventsGenerated: 2 });
  });

  it('leaves quarantined agents out', async () => {
    const [ada, bo] = rivals as [Agent, Agent];
    const quarantined = makeState(makeWorld([ada, { ...bo, quarantined: true }]));
    const output = await interactionOrchestration(quarantined, makeContext({ participants: ['ada', 'bo'] }));
    expect(output.state.interactions).toEqual([]);
  });

  it('leaves agents that are not participants out', async () => {
    const output = await interactionOrchestration(state, makeContext({ participants: ['ada', 'cy', 'dee'] }));
    expect(output.state.interactions.map((interaction) => interaction.participants)).toEqual([['cy', 'dee']]);
  });

  it('succeeds on a quiet turn without opportunities', async () => {
    const output = await interactionOrchestration(state, makeContext({ participants: ['ada', 'eve'] }));
    expect(output.state.interactions).toEqual([]);
    expect(output.eventsProcessed).toBe(0);
  });

  it('succeeds with 1 of 3 opportunities completed (33%)', async () => {
    const output = await interactionOrchestration(
      makeState(makeWorld(separatePairs(3))),
      makeContext({ participants: separatePairs(3).map((agent) => agent.id), config: { maxConcurrentOperations: 1 } }),
    );
    expect(output.state.interactions).toHaveLength(1);
  });

  it('fails when the concurrency limit leaves 30% or less of the opportunities completed', async () => {
    const pairs = separatePairs(4);
    await expect(
      interactionOrchestration(
        makeState(makeWorld(pairs)),
        makeContext({ participants: pairs.map((agent) => agent.id), config: { maxConcurrentOperations: 1 } }),
      ),
    ).rejects.toMatchObject({ reason: 'validation', message: expect.stringContaining('completed 1 of 4 interaction opportunities (25%') });
  });

  it('does not fail a crowd in which agents are wanted by several opportunities', async () => {
    const crowd = ['a', 'b', 'c', 'd', 'e'].map((id, index) => makeAgent(id, { position: { x: index, y: 0 } }));
    const output = await interactionOrchestration(
      makeState(makeWorld(crowd)),
      makeContext({ participants: crowd.map((agent) => agent.id) }),
    );
    expect(output.state.interactions).toHaveLength(2);
    expect(output.eventsProcessed).toBe(10);
  });

  it('resolves the same way from the same seed', async () => {
    const negotiators = [makeAgent('ada', { needs: ['rope'] }), makeAgent('bo', { inventory: ['rope'] })];
    const world = makeWorld(negotiators);
    const outcomes = async (seed: number) =>
      (await interactionOrchestration(makeState(world), makeContext({ seed, participants: ['ada', 'bo'] }))).state.interactions[0]?.outcome;
    expect(await outcomes(11)).toBe(await outcomes(11));
    const seen = new Set(await Promise.all(Array.from({ length: 30 }, (_, seed) => outcomes(seed))));
    expect([...seen].sort()).toEqual(['agreement', 'compromise', 'deadlock']);
  });

  it('fails as cancelled when the turn is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(interactionOrchestration(state, makeContext({ participants: everyone, signal: controller.signal }))).rejects.toMatchObject(
      {
        reason: 'cancelled',
      },
    );
  });

  it('does not mutate its input', async () => {
    const before = structuredClone(state);
    await interactionOrchestration(state, makeContext({ participants: everyone }));
    expect(state).toEqual(before);
  });
});
