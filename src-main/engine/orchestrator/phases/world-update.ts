/**
 * Phase 1, world_update (SPEC section 1): advances world time by config.worldTimeAdvance; moves each
 * participant speed x seconds toward its first goal's feature, ticks its status effects down and
 * regenerates its resources; drifts the weather from the turn's seed; then checks the world's
 * consistency, failing critically on any issue. The input state is the rollback snapshot: it is never
 * mutated. Events: world_time_advanced, turn_world_update_completed.
 */
import type { TurnEvent } from '../../../../src-shared/domain/turn';
import type { Agent, WorldState } from '../../../../src-shared/domain/world';
import { regenerateResources, tickStatusEffects } from '../rules/agent-upkeep';
import { checkWorldConsistency } from '../rules/consistency';
import { moveAgent } from '../rules/movement';
import { formatNumber } from '../rules/numeric';
import { seededRandom } from '../rules/seeded-random';
import { driftWeather } from '../rules/weather';
import { throwIfCancelled } from './cancellation';
import { type Phase, PhaseFailure } from './phase';

export function updateParticipant(agent: Agent, world: WorldState, seconds: number): Agent {
  return {
    ...agent,
    position: moveAgent(agent, world, seconds),
    statusEffects: tickStatusEffects(agent.statusEffects, seconds),
    resources: regenerateResources(agent.resources, seconds),
  };
}

export const worldUpdate: Phase = async (state, context) => {
  throwIfCancelled(context.signal, 'world_update');
  const seconds = context.config.worldTimeAdvance;
  const participants = new Set(context.participants);
  const random = seededRandom(context.seed, context.turnNumber, 'world', 'world_update');

  const before = state.world;
  const world: WorldState = {
    ...before,
    timeS: before.timeS + seconds,
    weather: driftWeather(before.weather, random),
    agents: before.agents.map((agent) => (participants.has(agent.id) ? updateParticipant(agent, before, seconds) : agent)),
  };

  const critical = checkWorldConsistency(world, context.participants).filter((issue) => issue.severity === 'critical');
  if (critical.length > 0) {
    throw new PhaseFailure(
      'consistency',
      `world_update left an inconsistent world (${critical.map((issue) => issue.message).join('; ')}); correct the campaign's world state and run the turn again`,
      { critical: true },
    );
  }

  const updated = world.agents.filter((agent) => participants.has(agent.id)).map((agent) => agent.id);
  const weatherNote =
    world.weather === before.weather
      ? `the weather stays ${world.weather}`
      : `the weather turns from ${before.weather} to ${world.weather}`;
  const events: TurnEvent[] = [
    {
      id: context.newId('event'),
      type: 'world_time_advanced',
      phase: 'world_update',
      timestampS: world.timeS,
      spanS: seconds,
      participants: [],
      description: `World time advanced by ${formatNumber(seconds)} s to ${formatNumber(world.timeS)} s and ${weatherNote}.`,
      interactionId: null,
    },
    {
      id: context.newId('event'),
      type: 'turn_world_update_completed',
      phase: 'world_update',
      timestampS: world.timeS,
      spanS: 0,
      participants: updated,
      description: `The world moved on for ${updated.length} participant${updated.length === 1 ? '' : 's'}.`,
      interactionId: null,
    },
  ];

  return {
    state: { ...state, world, events: [...state.events, ...events] },
    eventsProcessed: updated.length,
    eventsGenerated: events.length,
  };
};
