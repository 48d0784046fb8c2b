/**
 * Conflict risk per pair before interactions (SPEC section 5), and the intervention above the policy's
 * threshold, as pure functions.
 *
 * risk = 0.4 x goal tension + 0.2 x proximity + 0.4 x distrust, in 0..1, where
 * - goal tension is 1 when both hold an exclusive goal on the same target (the pair would meet in
 *   conflict), 0.5 when one needs an item the other holds (a negotiation that can sour), else 0;
 * - proximity is SPEC's max(0, 1 - distance / 100) — only candidate pairs (proximity > 0.3) are assessed;
 * - distrust is 1 - (the lower of the two trust scores) / 100.
 * Fully trusted rivals standing together score 0.6: trust alone keeps them under the default 0.7, and a
 * rival pair crosses it once the less trusted of them is below 75 (at proximity 1). Without goal tension
 * a pair never exceeds 0.6.
 *
 * The intervention quarantines the riskier agent of each pair above the threshold, highest risk first,
 * skipping pairs one of whose agents was already quarantined: the one with the lower trust; on a tie the
 * stronger (it does more harm in a conflict); then the id that sorts first.
 */
import type { ConflictRisk } from '../../../src-shared/domain/trust';
import type { TrustPolicyRules } from '../../../src-shared/domain/trust-vocabulary';
import type { Agent, WorldState } from '../../../src-shared/domain/world';
import { classifyPair, pairKey } from '../orchestrator/rules/interaction-planning';
import { roundRule } from '../orchestrator/rules/numeric';
import { isCandidateProximity, proximity } from '../orchestrator/rules/proximity';
import { quarantine, type TrustChange } from './trust-adjustments';

export const RISK_WEIGHTS = { goalTension: 0.4, proximity: 0.2, distrust: 0.4 } as const;

export function goalTension(a: Agent, b: Agent): number {
  const { type } = classifyPair(a, b);
  return type === 'conflict' ? 1 : type === 'negotiation' ? 0.5 : 0;
}

/** The agent an intervention would quarantine. */
export function riskierOf(a: Agent, b: Agent): Agent {
  if (a.trust !== b.trust) return a.trust < b.trust ? a : b;
  if (a.strength !== b.strength) return a.strength > b.strength ? a : b;
  return a.id <= b.id ? a : b;
}

export function conflictRisk(a: Agent, b: Agent, interventionRisk: number): ConflictRisk {
  const [first, second] = a.id <= b.id ? [a, b] : [b, a];
  const closeness = proximity(first.position, second.position);
  const tension = goalTension(first, second);
  const distrust = roundRule(1 - Math.min(first.trust, second.trust) / 100);
  const risk = roundRule(
    Math.min(1, RISK_WEIGHTS.goalTension * tension + RISK_WEIGHTS.proximity * closeness + RISK_WEIGHTS.distrust * distrust),
  );
  return {
    participants: [first.id, second.id],
    risk,
    proximity: closeness,
    goalTension: tension,
    distrust,
    riskier: riskierOf(first, second).id,
    aboveThreshold: risk > interventionRisk,
    inQuarantine: first.quarantined || second.quarantined,
  };
}

/**
 * Risk of every candidate pair among the agents, highest first, then by pair. Quarantined agents never
 * meet, so they are left out — unless `ifReleased`, which also assesses them as they would stand once
 * released (what a story master wants to know before releasing one).
 */
export function assessConflictRisks(agents: readonly Agent[], interventionRisk: number, ifReleased = false): ConflictRisk[] {
  const eligible = ifReleased ? agents : agents.filter((agent) => !agent.quarantined);
  const risks: ConflictRisk[] = [];
  for (let i = 0; i < eligible.length; i += 1) {
    for (let j = i + 1; j < eligible.length; j += 1) {
      const a = eligible[i] as Agent;
      const b = eligible[j] as Agent;
      if (!isCandidateProximity(proximity(a.position, b.position))) continue;
      risks.push(conflictRisk(a, b, interventionRisk));
    }
  }
  return risks.sort((left, right) => right.risk - left.risk || (pairKey(...left.participants) < pairKey(...right.participants) ? -1 : 1));
}

export interface Intervention {
  world: WorldState;
  changes: TrustChange[];
  risks: ConflictRisk[];
}

/**
 * Assesses the participants' pairs and quarantines the riskier agent of each pair above the policy's
 * threshold. The same world object comes back when nobody is quarantined.
 */
export function interveneOnConflictRisk(world: WorldState, participants: readonly string[], rules: TrustPolicyRules): Intervention {
  const taking = new Set(participants);
  const agents = new Map(world.agents.map((agent) => [agent.id, agent]));
  const risks = assessConflictRisks(
    world.agents.filter((agent) => taking.has(agent.id)),
    rules.interventionRisk,
  );
  const changes: TrustChange[] = [];
  for (const pair of risks) {
    if (!pair.aboveThreshold) break;
    const [a, b] = pair.participants.map((id) => agents.get(id) as Agent) as [Agent, Agent];
    if (a.quarantined || b.quarantined) continue;
    const other = pair.riskier === a.id ? b : a;
    const result = quarantine(agents.get(pair.riskier) as Agent, rules, {
      reason: 'conflict_risk',
      interactionId: null,
      detail: `conflict risk ${pair.risk.toFixed(2)} with ${other.id} above ${rules.interventionRisk}`,
    });
    agents.set(pair.riskier, result.agent);
    changes.push(result.change);
  }
  if (changes.length === 0) return { world, changes, risks };
  return { world: { ...world, agents: world.agents.map((agent) => agents.get(agent.id) ?? agent) }, changes, risks };
}
