/**
 * Interaction planning of SPEC section 1 (interaction_orchestration): which pairs of participants meet,
 * as what, in which order, and which of them get a session this turn.
 *
 * - candidates: pairs with proximity > 0.3; quarantined agents never take part;
 * - type, first match wins: conflict (both hold an `exclusive` goal on the same target), cooperation
 *   (a goal target in common otherwise — a `shared` goal on a target the other also pursues is the usual
 *   case, so "shared goal or same target" reduces to "same target"), negotiation (one needs an item the
 *   other holds), else general;
 * - priority = min(1, base + 0.3 x proximity), base conflict 0.8, cooperation 0.7, negotiation 0.6,
 *   general 0.3; opportunities at or below 0.2 are dropped;
 * - order: priority descending, ties by pair key ascending (deterministic);
 * - sessions: greedy in that order, no agent twice, at most maxConcurrentOperations.
 */
import type { InteractionType } from '../../../../src-shared/domain/turn';
import type { Agent } from '../../../../src-shared/domain/world';
import { roundRule } from './numeric';
import { isCandidateProximity, proximity } from './proximity';

export const BASE_PRIORITY: Record<InteractionType, number> = {
  conflict: 0.8,
  cooperation: 0.7,
  negotiation: 0.6,
  general: 0.3,
};
export const PROXIMITY_WEIGHT = 0.3;
/** Opportunities with a priority at or below this are not worth a session. */
export const PRIORITY_FLOOR = 0.2;

export interface Opportunity {
  /** Sorted agent ids, so a pair has one key whatever the order it was found in. */
  participants: [string, string];
  type: InteractionType;
  /** The goal target (conflict, cooperation) or item (negotiation) the pair meets over; null for general. */
  subject: string | null;
  proximity: number;
  priority: number;
}

export type DeferralReason = 'agent_busy' | 'concurrency_limit';

export interface InteractionPlan {
  /** Every opportunity worth a session, in priority order. */
  opportunities: Opportunity[];
  /** The opportunities that got a session this turn, in priority order. */
  sessions: Opportunity[];
  /** The others and why: an agent already had a session, or maxConcurrentOperations was reached. */
  deferred: Array<{ opportunity: Opportunity; reason: DeferralReason }>;
}

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function classifyPair(a: Agent, b: Agent): { type: InteractionType; subject: string | null } {
  const exclusiveA = new Set(a.goals.filter((goal) => goal.type === 'exclusive').map((goal) => goal.target));
  const contested = b.goals.find((goal) => goal.type === 'exclusive' && exclusiveA.has(goal.target));
  if (contested) return { type: 'conflict', subject: contested.target };

  const targetsA = new Set(a.goals.map((goal) => goal.target));
  const sharedTarget =
    b.goals.find((goal) => goal.type === 'shared' && targetsA.has(goal.target)) ??
    a.goals.find((goal) => goal.type === 'shared' && b.goals.some((other) => other.target === goal.target)) ??
    b.goals.find((goal) => targetsA.has(goal.target));
  if (sharedTarget) return { type: 'cooperation', subject: sharedTarget.target };

  const itemForA = a.needs.find((item) => b.inventory.includes(item));
  if (itemForA !== undefined) return { type: 'negotiation', subject: itemForA };
  const itemForB = b.needs.find((item) => a.inventory.includes(item));
  if (itemForB !== undefined) return { type: 'negotiation', subject: itemForB };

  return { type: 'general', subject: null };
}

export function interactionPriority(type: InteractionType, proximityValue: number): number {
  return roundRule(Math.min(1, BASE_PRIORITY[type] + PROXIMITY_WEIGHT * proximityValue));
}

export function isWorthPursuing(priority: number): boolean {
  return priority > PRIORITY_FLOOR;
}

/** Priority descending, then pair key ascending. */
export function compareOpportunities(left: Opportunity, right: Opportunity): number {
  if (left.priority !== right.priority) return right.priority - left.priority;
  const leftKey = pairKey(...left.participants);
  const rightKey = pairKey(...right.participants);
  return leftKey < rightKey ? -1 : leftKey > rightKey ? 1 : 0;
}

/** Every candidate pair among the given agents that is worth pursuing, sorted; quarantined agents are left out. */
export function findOpportunities(agents: readonly Agent[]): Opportunity[] {
  const eligible = agents.filter((agent) => !agent.quarantined);
  const opportunities: Opportunity[] = [];
  for (let i = 0; i < eligible.length; i += 1) {
    for (let j = i + 1; j < eligible.length; j += 1) {
      const first = eligible[i] as Agent;
      const second = eligible[j] as Agent;
      if (first.id === second.id) continue;
      const closeness = proximity(first.position, second.position);
      if (!isCandidateProximity(closeness)) continue;
      const [a, b] = first.id < second.id ? [first, second] : [second, first];
      const { type, subject } = classifyPair(a, b);
      const priority = interactionPriority(type, closeness);
      if (!isWorthPursuing(priority)) continue;
      opportunities.push({ participants: [a.id, b.id], type, subject, proximity: closeness, priority });
    }
  }
  return opportunities.sort(compareOpportunities);
}

/** Greedy session assignment over opportunities already in priority order. */
export function assignSessions(opportunities: readonly Opportunity[], maxConcurrentOperations: number): InteractionPlan {
  const busy = new Set<string>();
  const sessions: Opportunity[] = [];
  const deferred: InteractionPlan['deferred'] = [];
  for (const opportunity of opportunities) {
    if (opportunity.participants.some((id) => busy.has(id))) {
      deferred.push({ opportunity, reason: 'agent_busy' });
    } else if (sessions.length >= maxConcurrentOperations) {
      deferred.push({ opportunity, reason: 'concurrency_limit' });
    } else {
      sessions.push(opportunity);
      for (const id of opportunity.participants) busy.add(id);
    }
  }
  return { opportunities: [...opportunities], sessions, deferred };
}

export function planInteractions(agents: readonly Agent[], maxConcurrentOperations: number): InteractionPlan {
  return assignSessions(findOpportunities(agents), maxConcurrentOperations);
}

/** SPEC's success threshold for interaction_orchestration: completed / max(1, opportunities) > 0.3. */
export const COMPLETION_THRESHOLD = 0.3;

/**
 * The opportunities the completion ratio is measured against: the sessions plus those only the
 * concurrency limit kept out. Opportunities deferred because an agent already had a session are not
 * counted — no agent can be in two sessions, so counting them would fail every turn in which four or
 * more agents stand together (5 agents in a tavern: 10 pairs, at most 2 sessions).
 */
export function countedOpportunities(plan: InteractionPlan): number {
  return plan.sessions.length + plan.deferred.filter((entry) => entry.reason === 'concurrency_limit').length;
}

export function completionRatio(completed: number, opportunities: number): number {
  return completed / Math.max(1, opportunities);
}

export function orchestrationSucceeded(completed: number, opportunities: number): boolean {
  return opportunities === 0 || completionRatio(completed, opportunities) > COMPLETION_THRESHOLD;
}
