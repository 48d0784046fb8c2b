/**
 * What a turn produces (SPEC section 1): events, briefs, interactions, per-phase results and the turn
 * result. Shared by the engine, the contract and the UI.
 */
import { z } from 'zod';
import {
  COMPENSATION_TYPES,
  EVENT_TYPES,
  FAILURE_REASONS,
  INTERACTION_OUTCOMES,
  INTERACTION_TYPES,
  OVERALL_STATUSES,
  PHASE_STATUSES,
  PHASES,
} from './turn-vocabulary';

export {
  COMPENSATION_TYPES,
  type CompensationType,
  EVENT_TYPES,
  type EventType,
  FAILURE_REASONS,
  type FailureReason,
  INTERACTION_OUTCOMES,
  INTERACTION_TYPES,
  type InteractionOutcome,
  type InteractionType,
  OVERALL_STATUSES,
  type OverallStatus,
  PHASE_STATUSES,
  type PhaseStatus,
  REPLAY_MODES,
  type ReplayMode,
} from './turn-vocabulary';

export const TurnEvent = z.strictObject({
  id: z.string().min(1),
  type: z.enum(EVENT_TYPES),
  phase: z.enum(PHASES),
  /** World time (seconds) at which the event happened; may be missing in a broken event (a consistency violation). */
  timestampS: z.number().finite().nullable(),
  /** Seconds the event spans (> 3600 is a consistency violation). */
  spanS: z.number().finite().nonnegative(),
  participants: z.array(z.string()),
  description: z.string(),
  /** The interaction this event came from, if any. */
  interactionId: z.string().nullable(),
});
export type TurnEvent = z.infer<typeof TurnEvent>;

export const Brief = z.strictObject({
  agentId: z.string(),
  text: z.string(),
  valid: z.boolean(),
  /** rule-based when AI is disabled, else the provider's name. */
  source: z.string(),
});
export type Brief = z.infer<typeof Brief>;

export const Interaction = z.strictObject({
  id: z.string(),
  type: z.enum(INTERACTION_TYPES),
  participants: z.tuple([z.string(), z.string()]),
  proximity: z.number().min(0).max(1),
  priority: z.number().min(0).max(1),
  /** The feature id or item the interaction is about, if any. */
  subject: z.string().nullable(),
  completed: z.boolean(),
  outcome: z.enum(INTERACTION_OUTCOMES).nullable(),
  /** For conflicts: who won and who lost. */
  winner: z.string().nullable(),
  loser: z.string().nullable(),
  /** For cooperation: the summed benefit. */
  benefit: z.number().nullable(),
});
export type Interaction = z.infer<typeof Interaction>;

export const PhaseResult = z.strictObject({
  phase: z.enum(PHASES),
  status: z.enum(PHASE_STATUSES),
  durationMs: z.number().nonnegative(),
  eventsProcessed: z.number().int().nonnegative(),
  eventsGenerated: z.number().int().nonnegative(),
  aiCost: z.number().nonnegative(),
  tokensIn: z.number().int().nonnegative(),
  tokensOut: z.number().int().nonnegative(),
  error: z.string().nullable(),
});
export type PhaseResult = z.infer<typeof PhaseResult>;

// ----------------------------------------------------------------------------------- contract messages

export const TurnSummary = z.strictObject({
  id: z.string(),
  campaignId: z.string(),
  number: z.number().int(),
  status: z.enum(OVERALL_STATUSES),
  origin: z.string(),
  provider: z.string(),
  seed: z.number().int(),
  participants: z.array(z.string()),
  replayOf: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  providerMs: z.number(),
  completion: z.number().min(0).max(1),
  totalAiCost: z.number().nonnegative(),
  tokensIn: z.number().int().nonnegative(),
  tokensOut: z.number().int().nonnegative(),
  failedPhase: z.enum(PHASES).nullable(),
  failureReason: z.enum(FAILURE_REASONS).nullable(),
  failureMessage: z.string().nullable(),
  startedBy: z.string(),
});
export type TurnSummary = z.infer<typeof TurnSummary>;

export const NarrativeRecord = z.strictObject({
  text: z.string(),
  valid: z.boolean(),
  storyArcs: z.array(z.string()),
  mentionedEventIds: z.array(z.string()),
  reverted: z.boolean(),
});

export const CompensationRecord = z.strictObject({
  seq: z.number().int(),
  type: z.enum(COMPENSATION_TYPES),
  phase: z.enum(PHASES).nullable(),
  success: z.boolean(),
  detail: z.string(),
  at: z.string(),
});

export const ReviewItem = z.strictObject({
  id: z.string(),
  turnId: z.string(),
  campaignId: z.string(),
  reason: z.string(),
  severity: z.string(),
  createdAt: z.string(),
  status: z.enum(['open', 'resolved']),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const TurnDetail = z.strictObject({
  turn: TurnSummary,
  configuration: z.record(z.string(), z.unknown()),
  phases: z.array(PhaseResult),
  briefs: z.array(Brief.extend({ invalidated: z.boolean() })),
  interactions: z.array(Interaction.extend({ cancelled: z.boolean() })),
  events: z.array(TurnEvent.extend({ removed: z.boolean() })),
  narrative: NarrativeRecord.nullable(),
  compensations: z.array(CompensationRecord),
  providerCalls: z.number().int().nonnegative(),
  reviews: z.array(ReviewItem),
});
export type TurnDetail = z.infer<typeof TurnDetail>;

export const TurnProgress = z.strictObject({
  turnId: z.string(),
  campaignId: z.string(),
  number: z.number().int(),
  phase: z.enum(PHASES).nullable(),
  phaseStatus: z.enum([...PHASE_STATUSES, 'running']).nullable(),
  overallStatus: z.enum(OVERALL_STATUSES),
  completion: z.number().min(0).max(1),
  totalAiCost: z.number().nonnegative(),
  compensation: z.enum(COMPENSATION_TYPES).nullable(),
  message: z.string(),
  at: z.string(),
});
export type TurnProgress = z.infer<typeof TurnProgress>;

// ------------------------------------------------------------------------------------- replay and diff

/** One difference between two JSON documents, at a dotted path (`agents.2.position.x`). */
export const ValueChange = z.strictObject({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  a: z.unknown(),
  b: z.unknown(),
});
export type ValueChange = z.infer<typeof ValueChange>;

export const TurnDiff = z.strictObject({
  a: TurnSummary,
  b: TurnSummary,
  /** True when world after, events, narrative and cost are the same (timings always differ). */
  identical: z.boolean(),
  world: z.strictObject({ changes: z.array(ValueChange), truncated: z.boolean() }),
  events: z.strictObject({
    onlyA: z.array(TurnEvent),
    onlyB: z.array(TurnEvent),
    common: z.number().int().nonnegative(),
  }),
  narrative: z.strictObject({ a: z.string().nullable(), b: z.string().nullable(), identical: z.boolean() }),
  cost: z.strictObject({
    a: z.number(),
    b: z.number(),
    delta: z.number(),
    tokensInDelta: z.number().int(),
    tokensOutDelta: z.number().int(),
  }),
  timings: z.array(
    z.strictObject({
      phase: z.enum(PHASES),
      aMs: z.number().nullable(),
      bMs: z.number().nullable(),
      aStatus: z.enum(PHASE_STATUSES).nullable(),
      bStatus: z.enum(PHASE_STATUSES).nullable(),
    }),
  ),
});
export type TurnDiff = z.infer<typeof TurnDiff>;
