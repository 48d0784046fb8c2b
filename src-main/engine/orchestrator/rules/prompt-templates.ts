/**
 * Prompt templates of the AI phases (SPEC section 1: "prompt template by depth"). Deeper analysis puts
 * more of the agent's state in the prompt: basic has position, goals and the last memory; standard adds
 * resources, status effects and three memories; detailed adds inventory, needs, nearby agents and five
 * memories; comprehensive adds relationships, confidence and trust, and ten memories.
 */
import type { TurnEvent } from '../../../../src-shared/domain/turn';
import type { NarrativeDepth } from '../../../../src-shared/domain/turn-configuration';
import type { Agent, WorldState } from '../../../../src-shared/domain/world';
import type { ChatMessage } from '../providers/provider';
import { agentName, subjectName } from './event-mapping';
import { formatNumber } from './numeric';
import { proximity } from './proximity';

export const MEMORIES_BY_DEPTH: Record<NarrativeDepth, number> = { basic: 1, standard: 3, detailed: 5, comprehensive: 10 };

const DEPTH_ORDER: Record<NarrativeDepth, number> = { basic: 0, standard: 1, detailed: 2, comprehensive: 3 };
const atLeast = (depth: NarrativeDepth, wanted: NarrativeDepth) => DEPTH_ORDER[depth] >= DEPTH_ORDER[wanted];

const GOAL_VERBS = { exclusive: 'claim', shared: 'share', personal: 'reach' } as const;

export function describeGoals(agent: Agent, world: WorldState): string {
  if (agent.goals.length === 0) return 'no pressing goal';
  return agent.goals.map((goal) => `${GOAL_VERBS[goal.type]} ${subjectName(world, goal.target)} (${goal.type})`).join('; ');
}

export function describeResources(agent: Agent): string {
  const entries = Object.entries(agent.resources);
  if (entries.length === 0) return 'none tracked';
  return entries.map(([name, resource]) => `${name} ${Math.round(resource.value)}/${Math.round(resource.max)}`).join(', ');
}

export function briefMessages(agent: Agent, world: WorldState, depth: NarrativeDepth): ChatMessage[] {
  const lines = [
    `Character: ${agent.name}, ${agent.role}.`,
    `World time: ${formatNumber(world.timeS)} s; weather: ${world.weather}.`,
    `Position: (${formatNumber(agent.position.x)}, ${formatNumber(agent.position.y)}).`,
    `Goals: ${describeGoals(agent, world)}.`,
  ];
  if (atLeast(depth, 'standard')) {
    lines.push(`Resources: ${describeResources(agent)}.`);
    lines.push(
      `Status effects: ${agent.statusEffects.map((effect) => `${effect.name} (${formatNumber(effect.remainingS)} s)`).join(', ') || 'none'}.`,
    );
  }
  if (atLeast(depth, 'detailed')) {
    lines.push(`Inventory: ${agent.inventory.join(', ') || 'nothing'}; needs: ${agent.needs.join(', ') || 'nothing'}.`);
    const nearby = world.agents
      .filter((other) => other.id !== agent.id && proximity(agent.position, other.position) > 0)
      .map((other) => other.name);
    lines.push(`Nearby: ${nearby.join(', ') || 'no one'}.`);
  }
  if (atLeast(depth, 'comprehensive')) {
    const relationships = Object.entries(agent.relationships).map(([id, value]) => `${agentName(world, id)} ${value.toFixed(2)}`);
    lines.push(`Relationships: ${relationships.join(', ') || 'none yet'}.`);
    lines.push(`Confidence: ${agent.confidence.toFixed(2)}; trust: ${formatNumber(agent.trust)}.`);
  }
  const memories = agent.memories.slice(-MEMORIES_BY_DEPTH[depth]);
  lines.push(`Recent memories: ${memories.length > 0 ? memories.join(' | ') : 'none'}.`);
  return [
    {
      role: 'system',
      content:
        'You write the subjective brief of one character in a multi-agent story: what the character perceives, wants and fears this turn, in the second person, in a few sentences. Use only the facts given.',
    },
    { role: 'user', content: lines.join('\n') },
  ];
}

export function narrativeMessages(
  world: WorldState,
  events: readonly TurnEvent[],
  depth: NarrativeDepth,
  turnNumber: number,
): ChatMessage[] {
  const eventLines = events.map((event) => {
    const names = event.participants.map((id) => agentName(world, id));
    return `- [${event.type}] ${event.description}${names.length > 0 ? ` (participants: ${names.join(', ')})` : ''}`;
  });
  const cast = world.agents.map((agent) =>
    atLeast(depth, 'detailed') ? `${agent.name} (${agent.role}; goals: ${describeGoals(agent, world)})` : agent.name,
  );
  return [
    {
      role: 'system',
      content: `You are the narrator of a multi-agent story. Write the narrative of one turn (${depth} depth) as prose. Mention at least one of the turn's events by naming its characters. Invent no events.`,
    },
    {
      role: 'user',
      content: [
        `Turn ${turnNumber}; world time ${formatNumber(world.timeS)} s; weather ${world.weather}.`,
        `Characters: ${cast.join(', ') || 'none'}.`,
        'Events of the turn:',
        ...(eventLines.length > 0 ? eventLines : ['- none']),
      ].join('\n'),
    },
  ];
}
