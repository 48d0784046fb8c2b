/**
 * World impacts of interaction events (SPEC section 1, event_integration): relationships, confidence and
 * cooperation experience change by the outcome behind each event, and every participant keeps a short
 * memory of it for its next subjective brief. Values stay in their schema ranges (relationships -1..1,
 * confidence 0..1); trust is not touched here — the trust store owns it (SPEC section 5).
 */
import type { Interaction, InteractionOutcome, TurnEvent } from '../../../../src-shared/domain/turn';
import type { Agent, WorldState } from '../../../../src-shared/domain/world';
import { clamp } from './numeric';

export interface OutcomeImpact {
  /** Added to each participant's relationship toward the other. */
  relationship: number;
  /** Added to each participant's confidence; for a victory, to the winner's (the loser loses as much). */
  confidence: number;
  cooperationExperience: number;
}

export const OUTCOME_IMPACTS: Record<InteractionOutcome, OutcomeImpact> = {
  agreement: { relationship: 0.1, confidence: 0.05, cooperationExperience: 0 },
  compromise: { relationship: 0.05, confidence: 0.02, cooperationExperience: 0 },
  deadlock: { relationship: -0.05, confidence: -0.02, cooperationExperience: 0 },
  victory: { relationship: -0.15, confidence: 0.1, cooperationExperience: 0 },
  cooperation: { relationship: 0.1, confidence: 0.05, cooperationExperience: 1 },
  exchange: { relationship: 0.02, confidence: 0, cooperationExperience: 0 },
};

/** Memories kept per agent; older ones are forgotten so briefs stay short. */
export const MEMORY_LIMIT = 20;

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

export function memoryOf(event: TurnEvent, turnNumber: number): string {
  return `Turn ${turnNumber}: ${event.description}`;
}

function impactOnAgent(agent: Agent, event: TurnEvent, interaction: Interaction, turnNumber: number): Agent {
  const outcome = interaction.outcome;
  if (outcome === null) return agent;
  const impact = OUTCOME_IMPACTS[outcome];
  const relationships = { ...agent.relationships };
  for (const other of event.participants) {
    if (other === agent.id) continue;
    relationships[other] = clamp(round6((relationships[other] ?? 0) + impact.relationship), -1, 1);
  }
  const confidenceDelta = outcome === 'victory' && interaction.loser === agent.id ? -impact.confidence : impact.confidence;
  return {
    ...agent,
    relationships,
    confidence: clamp(round6(agent.confidence + confidenceDelta), 0, 1),
    cooperationExperience: agent.cooperationExperience + impact.cooperationExperience,
    memories: [...agent.memories, memoryOf(event, turnNumber)].slice(-MEMORY_LIMIT),
  };
}

/** Applies the impacts of the given events (each with its interaction) to a new world; the input is untouched. */
export function applyEventImpacts(
  world: WorldState,
  events: readonly TurnEvent[],
  interactions: readonly Interaction[],
  turnNumber: number,
): WorldState {
  const interactionById = new Map(interactions.map((interaction) => [interaction.id, interaction]));
  let agents = world.agents;
  for (const event of events) {
    const interaction = event.interactionId === null ? undefined : interactionById.get(event.interactionId);
    if (!interaction) continue;
    agents = agents.map((agent) => (event.participants.includes(agent.id) ? impactOnAgent(agent, event, interaction, turnNumber) : agent));
  }
  return { ...world, agents };
}
