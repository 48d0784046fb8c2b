/**
 * The words of a turn (SPEC section 1) as plain constants: phases, depths, statuses, event and
 * compensation types, configuration defaults and presets. No zod here, so the renderer can use them
 * without shipping the schemas; the schemas in turn.ts and turn-configuration.ts are built on them.
 */
import type { TurnConfigurationInput } from './turn-configuration';

export const PHASES = [
  'world_update',
  'subjective_brief',
  'interaction_orchestration',
  'event_integration',
  'narrative_integration',
] as const;
export type PhaseName = (typeof PHASES)[number];

export const NARRATIVE_DEPTHS = ['basic', 'standard', 'detailed', 'comprehensive'] as const;
export type NarrativeDepth = (typeof NARRATIVE_DEPTHS)[number];

export const DEFAULT_PHASE_TIMEOUTS_MS: Record<PhaseName, number> = {
  world_update: 5000,
  subjective_brief: 10000,
  interaction_orchestration: 12000,
  event_integration: 3000,
  narrative_integration: 8000,
};

/**
 * Longest story directive (TurnConfiguration.storyDirective): a story master's instruction for one turn,
 * e.g. "the storm breaks tonight". It reaches the model, so it is bounded and guarded (issue 5 item 7).
 */
export const STORY_DIRECTIVE_MAX_LENGTH = 500;

/** SPEC's TurnConfiguration defaults (the schema in turn-configuration.ts applies them). */
export const DEFAULT_TURN_CONFIGURATION = {
  worldTimeAdvance: 300,
  aiIntegrationEnabled: true,
  narrativeAnalysisDepth: 'standard',
  maxExecutionTimeMs: 45_000,
  rollbackEnabled: true,
  failFastOnPhaseFailure: false,
  maxAiCost: null,
  maxParticipants: 10,
  maxConcurrentOperations: 10,
  aiTemperature: 0.7,
  aiMaxTokens: 1000,
  phaseTimeoutsMs: DEFAULT_PHASE_TIMEOUTS_MS,
  phaseEnabled: {
    world_update: true,
    subjective_brief: true,
    interaction_orchestration: true,
    event_integration: true,
    narrative_integration: true,
  },
  participants: [],
  requiredParticipants: [],
  excludedParticipants: [],
} as const;

export const PRESETS = {
  fast: {
    narrativeAnalysisDepth: 'basic',
    aiMaxTokens: 300,
    maxExecutionTimeMs: 15_000,
  },
  detailed: {
    narrativeAnalysisDepth: 'detailed',
    aiMaxTokens: 2000,
    maxExecutionTimeMs: 90_000,
  },
  ai_disabled: {
    aiIntegrationEnabled: false,
  },
} as const satisfies Record<string, TurnConfigurationInput>;
export type PresetName = keyof typeof PRESETS;

export const EVENT_TYPES = [
  'world_time_advanced',
  'turn_world_update_completed',
  'agent_agreement',
  'agent_compromise',
  'conflict_resolution',
  'cooperation_success',
  'generic_interaction',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const INTERACTION_TYPES = ['conflict', 'cooperation', 'negotiation', 'general'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export const INTERACTION_OUTCOMES = ['agreement', 'compromise', 'deadlock', 'victory', 'cooperation', 'exchange'] as const;
export type InteractionOutcome = (typeof INTERACTION_OUTCOMES)[number];

export const PHASE_STATUSES = ['succeeded', 'failed', 'skipped', 'compensated', 'not_run'] as const;
export type PhaseStatus = (typeof PHASE_STATUSES)[number];

export const OVERALL_STATUSES = [
  'running',
  'completed',
  'partially_completed',
  'compensated',
  'failed',
  'cancelled',
  'interrupted',
] as const;
export type OverallStatus = (typeof OVERALL_STATUSES)[number];

/** Why a phase (and so the turn) failed. */
export const FAILURE_REASONS = [
  'validation',
  'timeout',
  'turn_timeout',
  'cost_cap',
  'provider_error',
  'consistency',
  'cancelled',
  'interrupted',
  'internal',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const COMPENSATION_TYPES = [
  'rollback_world_state',
  'invalidate_subjective_briefs',
  'cancel_interactions',
  'remove_events',
  'revert_narrative_changes',
  'log_failure',
  'notify_participants',
  'trigger_manual_review',
] as const;
export type CompensationType = (typeof COMPENSATION_TYPES)[number];

export const REPLAY_MODES = ['recorded', 'simulated'] as const;
export type ReplayMode = (typeof REPLAY_MODES)[number];
