/**
 * Event mapping of SPEC section 1 (event_integration): agreement -> agent_agreement, compromise ->
 * agent_compromise, conflict victory -> conflict_resolution, cooperation -> cooperation_success, any other
 * outcome (deadlock, a general exchange) -> generic_interaction. Descriptions name the agents and the
 * subject, because narratives are written from them and must mention an event of the turn.
 */
import type { EventType, Interaction, InteractionType, TurnEvent } from '../../../../src-shared/domain/turn';
import type { WorldState } from '../../../../src-shared/domain/world';

export function eventTypeForOutcome(interaction: Pick<Interaction, 'outcome'>): EventType {
  switch (interaction.outcome) {
    case 'agreement':
      return 'agent_agreement';
    case 'compromise':
      return 'agent_compromise';
    case 'victory':
      return 'conflict_resolution';
    case 'cooperation':
      return 'cooperation_success';
    default:
      return 'generic_interaction';
  }
}

/** World seconds an interaction of each type takes; an event's span, capped by the turn's time advance. */
export const INTERACTION_SPAN_S: Record<InteractionType, number> = {
  conflict: 300,
  cooperation: 900,
  negotiation: 600,
  general: 120,
};

export function agentName(world: WorldState, id: string): string {
  return world.agents.find((agent) => agent.id === id)?.name ?? id;
}

/** A goal target's or item's readable name: a feature's, NPC's or agent's name, else "the <id in words>". */
export function subjectName(world: WorldState, subject: string | null): string {
  if (subject === null) return 'the matters of the day';
  const named =
    world.features.find((feature) => feature.id === subject) ??
    world.npcs.find((npc) => npc.id === subject) ??
    world.agents.find((agent) => agent.id === subject);
  return named ? named.name : `the ${subject.replace(/[-_]+/g, ' ')}`;
}

export function describeInteraction(interaction: Interaction, world: WorldState): string {
  const [first, second] = interaction.participants.map((id) => agentName(world, id)) as [string, string];
  const subject = subjectName(world, interaction.subject);
  switch (interaction.outcome) {
    case 'agreement':
      return `${first} and ${second} reached an agreement over ${subject}.`;
    case 'compromise':
      return `${first} and ${second} settled on a compromise over ${subject}.`;
    case 'deadlock':
      return `${first} and ${second} failed to agree over ${subject}.`;
    case 'victory':
      return `${agentName(world, interaction.winner ?? first)} prevailed over ${agentName(world, interaction.loser ?? second)} in the struggle for ${subject}.`;
    case 'cooperation':
      return `${first} and ${second} worked together toward ${subject}.`;
    default:
      return `${first} and ${second} exchanged news about ${subject}.`;
  }
}

/** The event of a completed interaction, or null for one that did not complete. */
export function eventFromInteraction(
  interaction: Interaction,
  world: WorldState,
  options: { id: string; worldTimeAdvance: number },
): TurnEvent | null {
  if (!interaction.completed || interaction.outcome === null) return null;
  return {
    id: options.id,
    type: eventTypeForOutcome(interaction),
    phase: 'event_integration',
    timestampS: world.timeS,
    spanS: Math.min(INTERACTION_SPAN_S[interaction.type], options.worldTimeAdvance),
    participants: [...interaction.participants],
    description: describeInteraction(interaction, world),
    interactionId: interaction.id,
  };
}
