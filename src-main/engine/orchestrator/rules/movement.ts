/**
 * Movement of SPEC section 1 (world_update): a participant moves speed x seconds toward the position of
 * the feature its first goal targets, stopping on it rather than overshooting. Without a goal, or when the
 * first goal's target is not a feature of the world (an item, say), it stays where it is.
 */
import type { Agent, Position, WorldState } from '../../../../src-shared/domain/world';
import { distance } from './proximity';

export function goalPosition(agent: Agent, world: WorldState): Position | null {
  const goal = agent.goals[0];
  if (!goal) return null;
  return world.features.find((feature) => feature.id === goal.target)?.position ?? null;
}

export function moveToward(from: Position, to: Position, maxDistance: number): Position {
  const remaining = distance(from, to);
  if (remaining === 0 || maxDistance >= remaining) return { x: to.x, y: to.y };
  if (maxDistance <= 0) return { x: from.x, y: from.y };
  const fraction = maxDistance / remaining;
  return { x: from.x + (to.x - from.x) * fraction, y: from.y + (to.y - from.y) * fraction };
}

export function moveAgent(agent: Agent, world: WorldState, seconds: number): Position {
  const target = goalPosition(agent, world);
  if (target === null) return { ...agent.position };
  return moveToward(agent.position, target, agent.speed * seconds);
}
