import { describe, expect, it } from 'vitest';
import { PhaseFailure } from '../../../../src-main/engine/orchestrator/phases/phase';
import { worldUpdate } from '../../../../src-main/engine/orchestrator/phases/world-update';
import { deepFreeze, makeAgent, makeContext, makeState, makeWorld } from '../fixtures';

const traveller = makeAgent('ada', {
  speed: 0.1,
  goals: [{ type: 'personal', target: 'well' }],
  statusEffects: [
    { name: 'poisoned', remainingS: 500 },
    { name: 'dazed', remainingS: 300 },
  ],
  resources: { stamina: { value: 10, max: 100, regenPerS: 0.1 }, health: { value: 95, max: 100, regenPerS: 1 } },
});
const bystander = makeAgent('bo', {
  speed: 5,
  goals: [{ type: 'personal', target: 'well' }],
  statusEffects: [{ name: 'dazed', remainingS: 10 }],
});
const state = deepFreeze(makeState(makeWorld([traveller, bystander])));

describe('world_update', () => {
  it('advances world time by worldTimeAdvance', async () => {
    const output = await worldUpdate(state, makeContext({ participants: ['ada'], config: { worldTimeAdvance: 600 } }));
    expect(output.state.world.timeS).toBe(1600);
  });

  it('moves, ticks and regenerates each participant', async () => {
    const output = await worldUpdate(state, makeContext({ participants: ['ada'] }));
    const ada = output.state.world.agents.find((agent) => agent.id === 'ada');
    expect(ada?.position).toEqual({ x: 30, y: 0 });
    expect(ada?.statusEffects).toEqual([{ name: 'poisoned', remainingS: 200 }]);
    expect(ada?.resources).toEqual({ stamina: { value: 40, max: 100, regenPerS: 0.1 }, health: { value: 100, max: 100, regenPerS: 1 } });
  });

  it('leaves agents that are not participants as they were', async () => {
    const output = await worldUpdate(state, makeContext({ participants: ['ada'] }));
    expect(output.state.world.agents.find((agent) => agent.id === 'bo')).toEqual(bystander);
  });

  it('emits world_time_advanced and turn_world_update_completed', async () => {
    const output = await worldUpdate(state, makeContext({ participants: ['ada', 'bo'] }));
    expect(output.state.events.map((event) => [event.type, event.phase, event.timestampS, event.participants])).toEqual([
      ['world_time_advanced', 'world_update', 1300, []],
      ['turn_world_update_completed', 'world_update', 1300, ['ada', 'bo']],
    ]);
    expect(output.state.events[0]?.description).toMatch(/^World time advanced by 300 s to 1300 s and the weather (stays|turns)/);
    expect(output).toMatchObject({ eventsProcessed: 2, eventsGenerated: 2 });
  });

  it('drifts the weather the same way for the same seed, and differently across seeds', async () => {
    const weatherFor = async (seed: number) => (await worldUpdate(state, makeContext({ seed, participants: ['ada'] }))).state.world.weather;
    expect(await weatherFor(7)).toBe(await weatherFor(7));
    const seen = new Set(await Promise.all(Array.from({ length: 20 }, (_, seed) => weatherFor(seed))));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('fails critically on a resource above its max', async () => {
    const overfull = makeAgent('ada', { resources: { health: { value: 120, max: 100, regenPerS: 1 } } });
    const run = worldUpdate(makeState(makeWorld([overfull])), makeContext({ participants: ['ada'] }));
    await expect(run).rejects.toBeInstanceOf(PhaseFailure);
    await expect(run).rejects.toMatchObject({
      reason: 'consistency',
      critical: true,
      message: expect.stringContaining('above its max 100'),
    });
  });

  it('fails critically on a position that is not a number', async () => {
    const lost = makeAgent('ada', { position: { x: Number.NaN, y: 0 } });
    await expect(worldUpdate(makeState(makeWorld([lost])), makeContext({ participants: ['ada'] }))).rejects.toMatchObject({
      reason: 'consistency',
      critical: true,
    });
  });

  it('fails critically on a participant the world does not have', async () => {
    await expect(worldUpdate(state, makeContext({ participants: ['ghost'] }))).rejects.toMatchObject({
      reason: 'consistency',
      critical: true,
      message: expect.stringContaining('participant "ghost" is not an agent of the world'),
    });
  });

  it('fails as cancelled when the turn is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(worldUpdate(state, makeContext({ participants: ['ada'], signal: controller.signal }))).rejects.toMatchObject({
      reason: 'cancelled',
    });
  });

  it('keeps the reason of a failure the turn was aborted with', async () => {
    const controller = new AbortController();
    controller.abort(new PhaseFailure('turn_timeout', 'turn exceeded 45000 ms'));
    await expect(worldUpdate(state, makeContext({ participants: ['ada'], signal: controller.signal }))).rejects.toMatchObject({
      reason: 'turn_timeout',
    });
  });

  it('does not mutate its input', async () => {
    const before = structuredClone(state);
    await worldUpdate(state, makeContext({ participants: ['ada', 'bo'] }));
    expect(state).toEqual(before);
  });
});
