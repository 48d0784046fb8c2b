/**
 * Trust adjustments of SPEC section 5 as pure functions over the world: what the policy gives each
 * participant of an interaction, an AI failure, and how a change lands on an agent — clamped to 0..100,
 * and a fall below the quarantine threshold quarantines the agent at the further cost of the policy's
 * penalty (upstream's -20). Every change comes back itemized, with its reason, so the store can keep
 * it as history; the world that comes back carries the new scores and quarantine flags.
 *
 * "Falls below" is read as: a negative adjustment that leaves a non-quarantined agent under the
 * threshold. A released agent whose score is still low is therefore quarantined again the next time it
 * loses trust, not merely for being low.
 */

import { TRUST_MAX, TRUST_MIN, type TrustPolicyRules, type TrustReason } from '../../../src-shared/domain/trust-vocabulary';
import type { Interaction } from '../../../src-shared/domain/turn';
import type { Agent, WorldState } from '../../../src-shared/domain/world';

/** One change a rule made to one agent, before the store gives it an id and a time. */
export interface TrustChange {
  agentId: string;
  oldScore: number;
  newScore: number;
  delta: number;
  reason: TrustReason;
  wasQuarantined: boolean;
  quarantined: boolean;
  interactionId: string | null;
  detail: string;
}

/** What a rule asks for, before clamping and the quarantine rule. */
export interface Adjustment {
  agentId: string;
  /** The policy's delta. */
  delta: number;
  reason: TrustReason;
  interactionId: string | null;
  detail: string;
}

export interface TrustOutcome {
  world: WorldState;
  changes: TrustChange[];
}

export function clampScore(score: number): number {
  return Math.min(TRUST_MAX, Math.max(TRUST_MIN, score));
}

/** The adjustments a completed interaction earns its participants, in participant order (winner first). */
export function adjustmentsForInteraction(interaction: Interaction, rules: TrustPolicyRules): Adjustment[] {
  if (!interaction.completed || interaction.outcome === null) return [];
  const [a, b] = interaction.participants;
  const both = (delta: number, reason: TrustReason): Adjustment[] => [
    { agentId: a, delta, reason, interactionId: interaction.id, detail: `with ${b}` },
    { agentId: b, delta, reason, interactionId: interaction.id, detail: `with ${a}` },
  ];
  switch (interaction.outcome) {
    case 'victory': {
      const winner = interaction.winner ?? a;
      const loser = interaction.loser ?? (winner === a ? b : a);
      return [
        { agentId: winner, delta: rules.conflictWinner, reason: 'conflict_winner', interactionId: interaction.id, detail: `over ${loser}` },
        { agentId: loser, delta: rules.conflictLoser, reason: 'conflict_loser', interactionId: interaction.id, detail: `to ${winner}` },
      ];
    }
    case 'cooperation':
      return both(rules.cooperation, 'cooperation');
    case 'agreement':
      return both(rules.agreement, 'agreement');
    case 'compromise':
      return both(rules.compromise, 'compromise');
    case 'deadlock':
      return both(rules.deadlock, 'deadlock');
    case 'exchange':
      return both(rules.exchange, 'exchange');
  }
}

/** Every interaction's adjustments, in interaction order; a policy delta of 0 is no change and is left out. */
export function adjustmentsForInteractions(interactions: readonly Interaction[], rules: TrustPolicyRules): Adjustment[] {
  return interactions
    .flatMap((interaction) => adjustmentsForInteraction(interaction, rules))
    .filter((adjustment) => adjustment.delta !== 0);
}

/** One AI-failure adjustment per agent, whatever the number of its failed calls. */
export function adjustmentsForAiFailures(agentIds: readonly string[], rules: TrustPolicyRules): Adjustment[] {
  if (rules.aiFailure === 0) return [];
  return [...new Set(agentIds)].sort().map((agentId) => ({
    agentId,
    delta: rules.aiFailure,
    reason: 'ai_failure' as const,
    interactionId: null,
    detail: 'an AI call made for the agent failed or timed out',
  }));
}

function changeOf(agent: Agent, next: { score: number; quarantined: boolean }, adjustment: Omit<Adjustment, 'delta'>): TrustChange {
  return {
    agentId: agent.id,
    oldScore: agent.trust,
    newScore: next.score,
    delta: next.score - agent.trust,
    reason: adjustment.reason,
    wasQuarantined: agent.quarantined,
    quarantined: next.quarantined,
    interactionId: adjustment.interactionId,
    detail: adjustment.detail,
  };
}

/** Quarantines an agent at the cost of the policy's penalty. */
export function quarantine(
  agent: Agent,
  rules: TrustPolicyRules,
  cause: Omit<Adjustment, 'delta' | 'agentId'>,
): { agent: Agent; change: TrustChange } {
  const score = clampScore(agent.trust + rules.quarantinePenalty);
  const change = changeOf(agent, { score, quarantined: true }, { agentId: agent.id, ...cause });
  return { agent: { ...agent, trust: score, quarantined: true }, change };
}

/** One adjustment on one agent: clamped, then the quarantine rule. */
export function adjustAgent(agent: Agent, adjustment: Adjustment, rules: TrustPolicyRules): { agent: Agent; changes: TrustChange[] } {
  const score = clampScore(agent.trust + adjustment.delta);
  const change = changeOf(agent, { score, quarantined: agent.quarantined }, adjustment);
  const adjusted: Agent = { ...agent, trust: score };
  if (adjustment.delta < 0 && !agent.quarantined && score < rules.quarantineBelow) {
    const quarantined = quarantine(adjusted, rules, {
      reason: 'quarantine',
      interactionId: adjustment.interactionId,
      detail: `score ${score} fell below ${rules.quarantineBelow}`,
    });
    return { agent: quarantined.agent, changes: [change, quarantined.change] };
  }
  return { agent: adjusted, changes: [change] };
}

/**
 * Applies adjustments in order. Agents not in the world are skipped; without adjustments the same world
 * object comes back (the orchestrator then has nothing to write).
 */
export function applyAdjustments(world: WorldState, adjustments: readonly Adjustment[], rules: TrustPolicyRules): TrustOutcome {
  if (adjustments.length === 0) return { world, changes: [] };
  const agents = new Map(world.agents.map((agent) => [agent.id, agent]));
  const changes: TrustChange[] = [];
  for (const adjustment of adjustments) {
    const agent = agents.get(adjustment.agentId);
    if (!agent) continue;
    const result = adjustAgent(agent, adjustment, rules);
    agents.set(agent.id, result.agent);
    changes.push(...result.changes);
  }
  if (changes.length === 0) return { world, changes };
  return { world: { ...world, agents: world.agents.map((agent) => agents.get(agent.id) ?? agent) }, changes };
}

/** Sets agents' score and quarantine flag (compensation, release), leaving the rest of the world as it is. */
export function withTrust(world: WorldState, values: ReadonlyMap<string, { score: number; quarantined: boolean }>): WorldState {
  let changed = false;
  const agents = world.agents.map((agent) => {
    const value = values.get(agent.id);
    if (!value || (value.score === agent.trust && value.quarantined === agent.quarantined)) return agent;
    changed = true;
    return { ...agent, trust: value.score, quarantined: value.quarantined };
  });
  return changed ? { ...world, agents } : world;
}
