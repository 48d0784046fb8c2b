/**
 * The trust words both sides use (SPEC section 5), without zod so the renderer can import them: why a
 * score changed, the policy's rules with SPEC's defaults, the score bands of the distribution. The schemas
 * in trust.ts build on these.
 */

/**
 * Why a score changed. Interaction outcomes (conflict_loser … exchange) and AI failures follow the
 * policy; `quarantine` is the extra penalty of falling below the threshold, `conflict_risk` the
 * intervention that quarantines the riskier agent of a pair; `release` lifts a quarantine (a story
 * master); `compensation` undoes a compensated turn's changes; `reconcile` records a difference found
 * between the world and the store (a world written by something other than a turn, e.g. a restore).
 */
export const TRUST_REASONS = [
  'conflict_loser',
  'conflict_winner',
  'cooperation',
  'agreement',
  'compromise',
  'deadlock',
  'exchange',
  'ai_failure',
  'quarantine',
  'conflict_risk',
  'release',
  'compensation',
  'reconcile',
] as const;
export type TrustReason = (typeof TRUST_REASONS)[number];

export const TRUST_REASON_LABELS: Record<TrustReason, string> = {
  conflict_loser: 'lost a conflict',
  conflict_winner: 'won a conflict',
  cooperation: 'cooperated',
  agreement: 'reached an agreement',
  compromise: 'compromised',
  deadlock: 'deadlocked a negotiation',
  exchange: 'exchanged',
  ai_failure: 'AI call failed',
  quarantine: 'quarantined (fell below the threshold)',
  conflict_risk: 'quarantined (conflict risk)',
  release: 'released from quarantine',
  compensation: 'turn compensated',
  reconcile: 'reconciled with the world',
};

/** The policy's rules: score deltas per outcome, and the quarantine and intervention thresholds. */
export interface TrustPolicyRules {
  conflictLoser: number;
  conflictWinner: number;
  cooperation: number;
  agreement: number;
  compromise: number;
  deadlock: number;
  /** A general interaction (SPEC names no adjustment for it). */
  exchange: number;
  /** An AI call made for the agent that failed or timed out. */
  aiFailure: number;
  /** A score that falls below this quarantines the agent. */
  quarantineBelow: number;
  /** The further change each quarantine costs (upstream: -20). */
  quarantinePenalty: number;
  /** A pair whose conflict risk exceeds this has its riskier agent quarantined before interactions. */
  interventionRisk: number;
}

/** SPEC section 5's defaults: policy version 1. */
export const DEFAULT_TRUST_POLICY_RULES: Readonly<TrustPolicyRules> = Object.freeze({
  conflictLoser: -10,
  conflictWinner: -2,
  cooperation: 5,
  agreement: 3,
  compromise: 1,
  deadlock: -2,
  exchange: 0,
  aiFailure: -5,
  quarantineBelow: 30,
  quarantinePenalty: -20,
  interventionRisk: 0.7,
});

export const TRUST_RULE_LABELS: Record<keyof TrustPolicyRules, string> = {
  conflictLoser: 'Conflict lost',
  conflictWinner: 'Conflict won',
  cooperation: 'Cooperation',
  agreement: 'Agreement',
  compromise: 'Compromise',
  deadlock: 'Deadlock',
  exchange: 'General exchange',
  aiFailure: 'AI timeout or failure',
  quarantineBelow: 'Quarantine below',
  quarantinePenalty: 'Quarantine penalty',
  interventionRisk: 'Intervene above conflict risk',
};

export const TRUST_MIN = 0;
export const TRUST_MAX = 100;
export const INITIAL_TRUST = 100;

/** The score bands of the distribution (the lowest is where quarantine happens with the default policy). */
export const TRUST_BANDS = [
  { id: 'critical', label: '0–29', from: 0, to: 30 },
  { id: 'low', label: '30–59', from: 30, to: 60 },
  { id: 'fair', label: '60–89', from: 60, to: 90 },
  { id: 'high', label: '90–100', from: 90, to: 100.000001 },
] as const;
export type TrustBandId = (typeof TRUST_BANDS)[number]['id'];

export function trustBandOf(score: number): TrustBandId {
  for (const band of TRUST_BANDS) if (score >= band.from && score < band.to) return band.id;
  return score < 0 ? 'critical' : 'high';
}
