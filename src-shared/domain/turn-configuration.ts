/**
 * TurnConfiguration of SPEC section 1, with its defaults (which validate, unlike upstream's) and the
 * presets a story master picks from. Field names are camelCase on the wire; validation errors name the
 * field (`phaseTimeoutsMs.world_update`).
 */
import { z } from 'zod';
import {
  DEFAULT_TURN_CONFIGURATION as D,
  DEFAULT_PHASE_TIMEOUTS_MS,
  NARRATIVE_DEPTHS,
  STORY_DIRECTIVE_MAX_LENGTH,
} from './turn-vocabulary';

export {
  DEFAULT_PHASE_TIMEOUTS_MS,
  DEFAULT_TURN_CONFIGURATION,
  NARRATIVE_DEPTHS,
  type NarrativeDepth,
  PHASES,
  type PhaseName,
  PRESETS,
  type PresetName,
  STORY_DIRECTIVE_MAX_LENGTH,
} from './turn-vocabulary';

const timeout = (fallback: number) => z.number().int().min(1).max(600_000).default(fallback);

export const PhaseTimeouts = z
  .strictObject({
    world_update: timeout(DEFAULT_PHASE_TIMEOUTS_MS.world_update),
    subjective_brief: timeout(DEFAULT_PHASE_TIMEOUTS_MS.subjective_brief),
    interaction_orchestration: timeout(DEFAULT_PHASE_TIMEOUTS_MS.interaction_orchestration),
    event_integration: timeout(DEFAULT_PHASE_TIMEOUTS_MS.event_integration),
    narrative_integration: timeout(DEFAULT_PHASE_TIMEOUTS_MS.narrative_integration),
  })
  .prefault({});

const enabled = z.boolean().default(true);
export const PhaseEnabled = z
  .strictObject({
    world_update: enabled,
    subjective_brief: enabled,
    interaction_orchestration: enabled,
    event_integration: enabled,
    narrative_integration: enabled,
  })
  .prefault({});

export const TurnConfiguration = z
  .strictObject({
    worldTimeAdvance: z.number().int().min(1).max(86_400).default(D.worldTimeAdvance),
    aiIntegrationEnabled: z.boolean().default(D.aiIntegrationEnabled),
    narrativeAnalysisDepth: z.enum(NARRATIVE_DEPTHS).default(D.narrativeAnalysisDepth),
    maxExecutionTimeMs: z.number().int().min(100).max(3_600_000).default(D.maxExecutionTimeMs),
    rollbackEnabled: z.boolean().default(D.rollbackEnabled),
    failFastOnPhaseFailure: z.boolean().default(D.failFastOnPhaseFailure),
    /** Dollars; null = no cap. */
    maxAiCost: z.number().finite().nonnegative().nullable().default(D.maxAiCost),
    maxParticipants: z.number().int().min(1).max(100).default(D.maxParticipants),
    maxConcurrentOperations: z.number().int().min(1).max(100).default(D.maxConcurrentOperations),
    aiTemperature: z.number().min(0).max(2).default(D.aiTemperature),
    aiMaxTokens: z.number().int().min(1).max(32_000).default(D.aiMaxTokens),
    phaseTimeoutsMs: PhaseTimeouts,
    phaseEnabled: PhaseEnabled,
    /** Agent ids taking part; empty = every non-quarantined agent up to maxParticipants. */
    participants: z.array(z.string().min(1)).default([]),
    requiredParticipants: z.array(z.string().min(1)).default([]),
    excludedParticipants: z.array(z.string().min(1)).default([]),
    /** Seed of every random choice, for bit-for-bit replay; drawn at run time when absent. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    /**
     * A story master's instruction for this turn ("the storm breaks tonight"), put in the AI phases'
     * prompts inside <story_directive> tags; absent or null = none. turns.run passes it through the
     * prompt guard (engine/security/prompt-guard.ts) first, which refuses injection attempts.
     */
    storyDirective: z.string().max(STORY_DIRECTIVE_MAX_LENGTH).nullable().optional(),
  })
  .superRefine((config, context) => {
    const excluded = new Set(config.excludedParticipants);
    for (const [index, id] of config.requiredParticipants.entries()) {
      if (excluded.has(id)) {
        context.addIssue({
          code: 'custom',
          path: ['requiredParticipants', index],
          message: `"${id}" is both required and excluded`,
        });
      }
    }
    if (new Set(config.participants).size !== config.participants.length) {
      context.addIssue({ code: 'custom', path: ['participants'], message: 'participants must not repeat' });
    }
    if (config.participants.length > config.maxParticipants) {
      context.addIssue({
        code: 'custom',
        path: ['participants'],
        message: `${config.participants.length} participants exceed maxParticipants ${config.maxParticipants}`,
      });
    }
    const phaseBudget = Object.values(config.phaseTimeoutsMs).reduce((sum, ms) => sum + ms, 0);
    if (phaseBudget <= 0) context.addIssue({ code: 'custom', path: ['phaseTimeoutsMs'], message: 'phase timeouts must be positive' });
  });

export type TurnConfigurationInput = z.input<typeof TurnConfiguration>;
export type TurnConfiguration = z.output<typeof TurnConfiguration>;

export function defaultTurnConfiguration(): TurnConfiguration {
  return TurnConfiguration.parse({});
}
