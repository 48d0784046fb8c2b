/**
 * Trust (SPEC section 5) as messages of the contract: the policy and its versions, one history row, an
 * agent's standing with its trend, the analytics of a campaign over a range, and the `trust.changed`
 * push. The vocabulary (reasons, default rules, bands) lives in trust-vocabulary.ts.
 */
import { z } from 'zod';
import { TRUST_BANDS, TRUST_REASONS, type TrustPolicyRules as TrustPolicyRulesShape } from './trust-vocabulary';
import { AgentId } from './world';

export * from './trust-vocabulary';

const Delta = z.number().int().min(-100).max(100);
const Score = z.number().min(0).max(100);
const CampaignId = z.string().min(1).max(200);

export const TrustPolicyRules = z.strictObject({
  conflictLoser: Delta,
  conflictWinner: Delta,
  cooperation: Delta,
  agreement: Delta,
  compromise: Delta,
  deadlock: Delta,
  exchange: Delta,
  aiFailure: Delta,
  quarantineBelow: z.number().int().min(0).max(100),
  quarantinePenalty: z.number().int().min(-100).max(0),
  /** 0..1; at 1 no pair can exceed it, which turns interventions off. */
  interventionRisk: z.number().min(0).max(1),
}) satisfies z.ZodType<TrustPolicyRulesShape>;
export type TrustPolicyRules = z.infer<typeof TrustPolicyRules>;

export const TrustPolicy = z.strictObject({
  version: z.number().int().positive(),
  rules: TrustPolicyRules,
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  note: z.string(),
});
export type TrustPolicy = z.infer<typeof TrustPolicy>;

export const TrustReasonSchema = z.enum(TRUST_REASONS);

/** One change of one agent's score or quarantine, as the history keeps it (never rewritten). */
export const TrustHistoryEntry = z.strictObject({
  id: z.number().int().positive(),
  campaignId: z.string(),
  agentId: z.string(),
  oldScore: Score,
  newScore: Score,
  /** newScore - oldScore (after clamping to 0..100). */
  delta: z.number(),
  reason: TrustReasonSchema,
  wasQuarantined: z.boolean(),
  quarantined: z.boolean(),
  /** The turn that made the change; null for a release or a reconciliation. */
  turnId: z.string().nullable(),
  /** The turn's number in its campaign (what the Turns page shows), when there is a turn. */
  turnNumber: z.number().int().nullable(),
  interactionId: z.string().nullable(),
  /** The policy version the change was computed with. */
  policyVersion: z.number().int().positive(),
  /** Who made a manual change (a release); null for the engine. */
  actor: z.string().nullable(),
  /** The other agent of the interaction, the conflict risk, a release note. */
  detail: z.string(),
  at: z.iso.datetime(),
});
export type TrustHistoryEntry = z.infer<typeof TrustHistoryEntry>;

export const TrustPoint = z.strictObject({ at: z.iso.datetime(), score: Score });
export type TrustPoint = z.infer<typeof TrustPoint>;

export const TrustTrend = z.strictObject({
  /** The score at the start of the range (the first change's old score, or the score now without changes). */
  startScore: Score,
  endScore: Score,
  delta: z.number(),
  direction: z.enum(['up', 'down', 'flat']),
  /** The start point, then the score after each change in the range (at most the last 100). */
  points: z.array(TrustPoint),
});
export type TrustTrend = z.infer<typeof TrustTrend>;

export const TrustRates = z.strictObject({
  agentId: z.string(),
  /** Completed interactions of the agent in the range (the campaign's own turns, none cancelled). */
  interactions: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  cooperations: z.number().int().nonnegative(),
  negotiations: z.number().int().nonnegative(),
  /** Shares of `interactions`; 0 without interactions. */
  cooperationRate: z.number().min(0).max(1),
  conflictRate: z.number().min(0).max(1),
});
export type TrustRates = z.infer<typeof TrustRates>;

export const TrustAgent = z.strictObject({
  agentId: z.string(),
  name: z.string(),
  role: z.string(),
  score: Score,
  quarantined: z.boolean(),
  lastChange: TrustHistoryEntry.nullable(),
  trend: TrustTrend,
  rates: TrustRates,
});
export type TrustAgent = z.infer<typeof TrustAgent>;

export const TrustAnomaly = z.strictObject({ entry: TrustHistoryEntry, z: z.number() });
export type TrustAnomaly = z.infer<typeof TrustAnomaly>;

export const ConflictRisk = z.strictObject({
  participants: z.tuple([z.string(), z.string()]),
  risk: z.number().min(0).max(1),
  proximity: z.number().min(0).max(1),
  /** 1 exclusive goals on one target, 0.5 one needs what the other holds, else 0. */
  goalTension: z.number().min(0).max(1),
  /** 1 - the lower trust of the two / 100. */
  distrust: z.number().min(0).max(1),
  /** The agent an intervention would quarantine. */
  riskier: z.string(),
  aboveThreshold: z.boolean(),
  /** One of the two sits in quarantine: the pair cannot meet until it is released (the risk is what it would be then). */
  inQuarantine: z.boolean(),
});
export type ConflictRisk = z.infer<typeof ConflictRisk>;

export const TrustBandCount = z.strictObject({
  band: z.enum(TRUST_BANDS.map((band) => band.id) as [string, ...string[]]),
  label: z.string(),
  count: z.number().int().nonnegative(),
});

export const TrustAnalytics = z.strictObject({
  campaignId: z.string(),
  since: z.iso.datetime().nullable(),
  until: z.iso.datetime(),
  trends: z.array(TrustTrend.extend({ agentId: z.string() })),
  /** Changes whose delta lies at least zThreshold standard deviations from the range's mean delta. */
  anomalies: z.array(TrustAnomaly),
  deltaStats: z.strictObject({ count: z.number().int().nonnegative(), mean: z.number(), stddev: z.number().nonnegative() }),
  rates: z.array(TrustRates),
  distribution: z.array(TrustBandCount),
  /**
   * Conflict risk of the candidate pairs in the world as it is now, highest first; pairs with an agent in
   * quarantine are assessed as they would stand once it is released (`inQuarantine`).
   */
  risks: z.array(ConflictRisk),
  quarantined: z.number().int().nonnegative(),
});
export type TrustAnalytics = z.infer<typeof TrustAnalytics>;

const Range = {
  /** Inclusive start (ISO); absent = from the beginning. */
  since: z.iso.datetime().optional(),
  /** Exclusive end (ISO); absent = now. */
  until: z.iso.datetime().optional(),
};

export const TrustAgentsRequest = z.strictObject({ campaignId: CampaignId, ...Range });

export const TrustHistoryRequest = z.strictObject({
  campaignId: CampaignId,
  agentId: AgentId.optional(),
  ...Range,
  reasons: z.array(TrustReasonSchema).max(TRUST_REASONS.length).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});

export const TrustAnalyticsRequest = z.strictObject({
  campaignId: CampaignId,
  ...Range,
  zThreshold: z.number().min(1).max(10).default(2.5),
});

export const TrustPolicySetRequest = z.strictObject({
  /** The rules to change; the others keep the current version's values. */
  rules: TrustPolicyRules.partial().refine((rules) => Object.keys(rules).length > 0, 'change at least one rule'),
  note: z.string().max(500).default(''),
});

export const TrustReleaseRequest = z.strictObject({
  campaignId: CampaignId,
  agentId: AgentId,
  note: z.string().max(500).default(''),
});

export const TrustChanged = z.strictObject({
  campaignId: z.string(),
  /** The changes in the order they were made, each with its old and new score and its reason. */
  changes: z.array(TrustHistoryEntry).min(1),
  at: z.iso.datetime(),
});
export type TrustChanged = z.infer<typeof TrustChanged>;
