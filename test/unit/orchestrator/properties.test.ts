/**
 * Properties of the phases and the planning rules over arbitrary valid worlds (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PHASE_TABLE } from '../../../src-main/engine/orchestrator/phases';
import type { TurnState } from '../../../src-main/engine/orchestrator/phases/phase';
import { findOpportunities, planInteractions } from '../../../src-main/engine/orchestrator/rules/interaction-planning';
import { WEATHER_SCALE } from '../../../src-main/engine/orchestrator/rules/weather';
import { PHASES, type TurnConfigurationInput } from '../../../src-shared/domain/turn-configuration';
import { GOAL_TYPES, type WorldState, WorldState as WorldStateSchema } from '../../../src-shared/domain/world';
import { deepFreeze, echoCallAi, makeContext, makeState } from './fixtures';

const number = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const coordinate = fc.oneof({ arbitrary: fc.integer({ min: -150, max: 150 }), weight: 3 }, { arbitrary: number(-1e6, 1e6), weight: 1 });
const targets = ['well', 'crown', 'tower', 'rope', 'lamp'];
const items = ['rope', 'lamp', 'bread', 'key'];

const resource = fc
  .record({ max: number(0, 1000), fill: number(0, 1), regenPerS: number(0, 10) })
  .map(({ max, fill, regenPerS }) => ({ value: max * fill, max, regenPerS }));

const agent = fc.record({
  id: fc.stringMatching(/^[a-z][a-z0-9_-]{0,7}$/),
  name: fc.string({ minLength: 1, maxLength: 20 }),
  role: fc.constantFrom('scout', 'knight', 'merchant', 'thief'),
  position: fc.record({ x: coordinate, y: coordinate }),
  speed: number(0, 100),
  strength: number(0, 100),
  resources: fc.dictionary(fc.constantFrom('health', 'stamina', 'mana'), resource),
  statusEffects: fc.array(fc.record({ name: fc.constantFrom('poisoned', 'inspired', 'dazed'), remainingS: number(0, 10_000) }), {
    maxLength: 3,
  }),
  goals: fc.array(fc.record({ type: fc.constantFrom(...GOAL_TYPES), target: fc.constantFrom(...targets) }), { maxLength: 3 }),
  inventory: fc.subarray(items),
  needs: fc.subarray(items),
  trust: number(0, 100),
  quarantined: fc.boolean(),
  relationships: fc.dictionary(fc.stringMatching(/^[a-z]{1,3}$/), number(-1, 1)),
  confidence: number(0, 1),
  cooperationExperience: fc.nat({ max: 100 }),
  memories: fc.array(fc.string({ maxLength: 30 }), { maxLength: 25 }),
});

const world: fc.Arbitrary<WorldState> = fc.record({
  timeS: number(0, 1e7),
  weather: fc.constantFrom(...WEATHER_SCALE, 'ashfall'),
  features: fc.tuple(fc.record({ x: coordinate, y: coordinate }), fc.record({ x: coordinate, y: coordinate })).map(([well, crown]) => [
    { id: 'well', name: 'the Old Well', kind: 'place', position: well },
    { id: 'crown', name: 'the Iron Crown', kind: 'object', position: crown },
  ]),
  npcs: fc.constant([]),
  agents: fc.uniqueArray(agent, { selector: (candidate) => candidate.id, maxLength: 10 }),
});

const config = fc.record({
  worldTimeAdvance: fc.integer({ min: 1, max: 86_400 }),
  aiIntegrationEnabled: fc.boolean(),
  narrativeAnalysisDepth: fc.constantFrom('basic', 'standard', 'detailed', 'comprehensive'),
}) satisfies fc.Arbitrary<TurnConfigurationInput>;

async function runTurn(input: TurnState, configuration: TurnConfigurationInput, seed: number): Promise<TurnState[]> {
  const participants = input.world.agents.map((candidate) => candidate.id);
  const states = [input];
  let state = input;
  for (const phase of PHASES) {
    const output = await PHASE_TABLE[phase](state, makeContext({ config: configuration, participants, seed, callAi: echoCallAi() }));
    state = deepFreeze(output.state);
    states.push(state);
  }
  return states;
}

describe('phase properties', () => {
  it('the generator makes valid worlds', () => {
    fc.assert(fc.property(world, (candidate) => WorldStateSchema.safeParse(candidate).success));
  });

  it('world_update keeps every agent within its schema ranges', async () => {
    await fc.assert(
      fc.asyncProperty(world, fc.integer({ min: 1, max: 86_400 }), fc.nat(), async (before, worldTimeAdvance, seed) => {
        const participants = before.agents.map((candidate) => candidate.id);
        const output = await PHASE_TABLE.world_update(makeState(before), makeContext({ config: { worldTimeAdvance }, participants, seed }));
        expect(WorldStateSchema.safeParse(output.state.world).success).toBe(true);
        for (const updated of output.state.world.agents) {
          for (const value of Object.values(updated.resources)) expect(value.value).toBeLessThanOrEqual(value.max);
          for (const effect of updated.statusEffects) expect(effect.remainingS).toBeGreaterThan(0);
        }
        expect(output.state.world.timeS).toBe(before.timeS + worldTimeAdvance);
      }),
    );
  });

  it('every phase leaves its input untouched, and a whole turn completes with a valid world', async () => {
    await fc.assert(
      fc.asyncProperty(world, config, fc.nat(), async (before, configuration, seed) => {
        const input = deepFreeze(makeState(before));
        const snapshot = structuredClone(input);
        const states = await runTurn(input, configuration, seed);
        expect(input).toEqual(snapshot);
        const last = states.at(-1) as TurnState;
        expect(WorldStateSchema.safeParse(last.world).success).toBe(true);
        expect(last.narrative?.valid).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('replays a turn identically from the same seed', async () => {
    await fc.assert(
      fc.asyncProperty(world, config, fc.nat(), async (before, configuration, seed) => {
        const first = await runTurn(deepFreeze(makeState(before)), configuration, seed);
        const second = await runTurn(deepFreeze(makeState(before)), configuration, seed);
        expect(second).toEqual(first);
      }),
      { numRuns: 40 },
    );
  });
});

describe('planning properties', () => {
  it('never gives an agent two sessions, never exceeds maxConcurrentOperations and never includes a quarantined agent', () => {
    fc.assert(
      fc.property(world, fc.integer({ min: 1, max: 10 }), (candidate, maxConcurrentOperations) => {
        const plan = planInteractions(candidate.agents, maxConcurrentOperations);
        const seated = plan.sessions.flatMap((session) => session.participants);
        expect(new Set(seated).size).toBe(seated.length);
        expect(plan.sessions.length).toBeLessThanOrEqual(maxConcurrentOperations);
        const quarantined = new Set(candidate.agents.filter((entry) => entry.quarantined).map((entry) => entry.id));
        expect(plan.opportunities.some((entry) => entry.participants.some((id) => quarantined.has(id)))).toBe(false);
        expect(plan.sessions.length + plan.deferred.length).toBe(plan.opportunities.length);
      }),
    );
  });

  it('keeps proximity and priority within 0..1, above their thresholds, in priority order', () => {
    fc.assert(
      fc.property(world, (candidate) => {
        const found = findOpportunities(candidate.agents);
        for (const entry of found) {
          expect(entry.proximity).toBeGreaterThan(0.3);
          expect(entry.proximity).toBeLessThanOrEqual(1);
          expect(entry.priority).toBeGreaterThan(0.2);
          expect(entry.priority).toBeLessThanOrEqual(1);
        }
        for (let index = 1; index < found.length; index += 1) {
          expect((found[index - 1] as (typeof found)[number]).priority).toBeGreaterThanOrEqual(
            (found[index] as (typeof found)[number]).priority,
          );
        }
      }),
    );
  });

  it('plans the same sessions whatever order the agents are listed in', () => {
    fc.assert(
      fc.property(world, fc.integer({ min: 1, max: 10 }), (candidate, maxConcurrentOperations) => {
        const forward = planInteractions(candidate.agents, maxConcurrentOperations);
        const backward = planInteractions([...candidate.agents].reverse(), maxConcurrentOperations);
        expect(backward).toEqual(forward);
      }),
    );
  });
});
