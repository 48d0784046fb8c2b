/**
 * Interaction resolution of SPEC section 1. Every draw comes from the PRNG the caller seeds for the pair
 * (seeded-random.ts), so a replayed turn resolves the same way.
 *
 * - negotiation -> agreement / compromise / deadlock. Goodwill g in [0, 1] is the mean of the pair's
 *   relationship (mapped from -1..1 to 0..1) and their mean trust / 100; then
 *   P(agreement) = 0.2 + 0.5 g, P(deadlock) = 0.4 (1 - g), P(compromise) = the rest, and one draw picks.
 * - conflict -> the stronger action wins. Action strength = strength x seeded factor (0.75..1.25)
 *   x resource modifier (0.5 + 0.5 x mean fill of the agent's resources, 1 without resources)
 *   x confidence modifier (0.75 + 0.5 x confidence). Ties: higher base strength, then smaller id.
 * - cooperation -> benefit = the sum of both contributions, each (0.5 + draw) x (1 + min(10, experience) / 10).
 * - general -> an exchange that always completes.
 */
import type { InteractionOutcome } from '../../../../src-shared/domain/turn';
import type { Agent } from '../../../../src-shared/domain/world';
import type { Opportunity } from './interaction-planning';
import { clamp } from './numeric';

export interface Resolution {
  completed: boolean;
  outcome: InteractionOutcome | null;
  winner: string | null;
  loser: string | null;
  benefit: number | null;
}

export interface NegotiationOdds {
  agreement: number;
  compromise: number;
  deadlock: number;
}

function relationshipOf(agent: Agent, otherId: string): number {
  return agent.relationships[otherId] ?? 0;
}

export function goodwill(a: Agent, b: Agent): number {
  const relationship = (relationshipOf(a, b.id) + relationshipOf(b, a.id)) / 2;
  const trust = (a.trust + b.trust) / 200;
  return clamp(((relationship + 1) / 2 + trust) / 2, 0, 1);
}

export function negotiationOdds(a: Agent, b: Agent): NegotiationOdds {
  const g = goodwill(a, b);
  const agreement = 0.2 + 0.5 * g;
  const deadlock = 0.4 * (1 - g);
  return { agreement, compromise: 1 - agreement - deadlock, deadlock };
}

export function resolveNegotiation(a: Agent, b: Agent, random: () => number): Resolution {
  const odds = negotiationOdds(a, b);
  const draw = random();
  const outcome: InteractionOutcome =
    draw < odds.agreement ? 'agreement' : draw < odds.agreement + odds.compromise ? 'compromise' : 'deadlock';
  return { completed: true, outcome, winner: null, loser: null, benefit: null };
}

export function resourceModifier(agent: Agent): number {
  const fills = Object.values(agent.resources)
    .filter((resource) => resource.max > 0)
    .map((resource) => clamp(resource.value / resource.max, 0, 1));
  if (fills.length === 0) return 1;
  return 0.5 + (0.5 * fills.reduce((sum, fill) => sum + fill, 0)) / fills.length;
}

export function confidenceModifier(agent: Agent): number {
  return 0.75 + 0.5 * clamp(agent.confidence, 0, 1);
}

/** The strength an agent brings to a conflict, given its seeded draw in [0, 1). */
export function actionStrength(agent: Agent, draw: number): number {
  const seededFactor = 0.75 + 0.5 * draw;
  return agent.strength * seededFactor * resourceModifier(agent) * confidenceModifier(agent);
}

/** `a` draws first, then `b`; callers pass the pair in sorted id order so the draws are stable. */
export function resolveConflict(a: Agent, b: Agent, random: () => number): Resolution {
  const strengthA = actionStrength(a, random());
  const strengthB = actionStrength(b, random());
  let aWins: boolean;
  if (strengthA !== strengthB) aWins = strengthA > strengthB;
  else if (a.strength !== b.strength) aWins = a.strength > b.strength;
  else aWins = a.id <= b.id;
  const [winner, loser] = aWins ? [a, b] : [b, a];
  return { completed: true, outcome: 'victory', winner: winner.id, loser: loser.id, benefit: null };
}

export function contribution(agent: Agent, draw: number): number {
  return (0.5 + draw) * (1 + Math.min(10, agent.cooperationExperience) / 10);
}

export function resolveCooperation(a: Agent, b: Agent, random: () => number): Resolution {
  const benefit = contribution(a, random()) + contribution(b, random());
  return { completed: true, outcome: 'cooperation', winner: null, loser: null, benefit: Math.round(benefit * 1000) / 1000 };
}

export function resolveGeneral(): Resolution {
  return { completed: true, outcome: 'exchange', winner: null, loser: null, benefit: null };
}

/** Resolves one session; `a` and `b` are the session's participants in its (sorted) order. */
export function resolveInteraction(opportunity: Opportunity, a: Agent, b: Agent, random: () => number): Resolution {
  switch (opportunity.type) {
    case 'negotiation':
      return resolveNegotiation(a, b, random);
    case 'conflict':
      return resolveConflict(a, b, random);
    case 'cooperation':
      return resolveCooperation(a, b, random);
    case 'general':
      return resolveGeneral();
  }
}
