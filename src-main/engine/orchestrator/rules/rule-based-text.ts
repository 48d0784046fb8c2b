/**
 * The deterministic briefs and narratives used when AI integration is disabled (SPEC section 1: "With AI
 * disabled it succeeds with deterministic rule-based briefs"). Built only from world state and events,
 * and always valid by text-validation.ts: a brief has well over 5 words; a narrative opens and closes with
 * fixed sentences (28+ words together) and quotes every event description, so it mentions every event.
 */
import type { TurnEvent } from '../../../../src-shared/domain/turn';
import type { Agent, WorldState } from '../../../../src-shared/domain/world';
import { formatNumber } from './numeric';
import { describeGoals, describeResources } from './prompt-templates';

/** The source of briefs and narratives written without the provider. */
export const RULE_BASED_SOURCE = 'rule-based';

export function ruleBasedBrief(agent: Agent, world: WorldState): string {
  const lastMemory = agent.memories.at(-1);
  return [
    `${agent.name} the ${agent.role} stands at (${formatNumber(agent.position.x)}, ${formatNumber(agent.position.y)}) while the weather is ${world.weather}.`,
    agent.goals.length > 0 ? `Their aims this turn: ${describeGoals(agent, world)}.` : 'They have no pressing goal this turn.',
    `Resources: ${describeResources(agent)}.`,
    lastMemory === undefined ? 'Nothing notable has happened to them recently.' : `They remember: ${lastMemory}`,
  ].join(' ');
}

export function ruleBasedNarrative(world: WorldState, events: readonly TurnEvent[], turnNumber: number): string {
  const sentences = [
    `Turn ${turnNumber} of the story unfolds as the world clock reaches ${formatNumber(world.timeS)} seconds under ${world.weather} skies.`,
  ];
  for (const event of events) {
    const description = event.description.trim();
    if (description.length > 0) sentences.push(/[.!?]$/u.test(description) ? description : `${description}.`);
  }
  sentences.push('When the turn closes, everyone present weighs what the coming hours may bring.');
  return sentences.join(' ');
}
