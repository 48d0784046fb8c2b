import { describe, expect, it } from 'vitest';
import { issuesOf } from '../../../src-shared/contract';
import {
  DEFAULT_PHASE_TIMEOUTS_MS,
  defaultTurnConfiguration,
  PHASES,
  PRESETS,
  TurnConfiguration,
  type TurnConfigurationInput,
} from '../../../src-shared/domain/turn-configuration';

function fieldsRejected(input: unknown): string[] {
  const result = TurnConfiguration.safeParse(input);
  if (result.success) return [];
  return issuesOf(result.error).map((issue) => issue.field);
}

describe('TurnConfiguration (SPEC section 1)', () => {
  it("validates SPEC's defaults and holds SPEC's values", () => {
    expect(TurnConfiguration.safeParse({}).success).toBe(true);
    expect(defaultTurnConfiguration()).toEqual({
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
      phaseTimeoutsMs: {
        world_update: 5000,
        subjective_brief: 10000,
        interaction_orchestration: 12000,
        event_integration: 3000,
        narrative_integration: 8000,
      },
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
    });
    expect(defaultTurnConfiguration().seed).toBeUndefined();
    expect(Object.keys(DEFAULT_PHASE_TIMEOUTS_MS)).toEqual([...PHASES]);
  });

  it('re-validates its own output', () => {
    expect(TurnConfiguration.parse(defaultTurnConfiguration())).toEqual(defaultTurnConfiguration());
  });

  it.each(Object.entries(PRESETS))('validates the %s preset and applies it over the defaults', (_name, preset) => {
    const parsed = TurnConfiguration.parse(preset);
    expect(parsed).toMatchObject(preset);
    expect(parsed.phaseTimeoutsMs).toEqual(DEFAULT_PHASE_TIMEOUTS_MS);
  });

  it('fills in the phase timeouts left out of a partial object', () => {
    expect(TurnConfiguration.parse({ phaseTimeoutsMs: { world_update: 100 } }).phaseTimeoutsMs).toEqual({
      ...DEFAULT_PHASE_TIMEOUTS_MS,
      world_update: 100,
    });
  });

  it('rejects a participant both required and excluded, naming the field', () => {
    const input: TurnConfigurationInput = { requiredParticipants: ['ada', 'bo'], excludedParticipants: ['bo'] };
    expect(fieldsRejected(input)).toEqual(['requiredParticipants.1']);
    const result = TurnConfiguration.safeParse(input);
    expect(result.success ? '' : result.error.issues[0]?.message).toBe('"bo" is both required and excluded');
  });

  it('accepts required and excluded sets that do not overlap', () => {
    expect(TurnConfiguration.safeParse({ requiredParticipants: ['ada'], excludedParticipants: ['bo'] }).success).toBe(true);
  });

  it('rejects aiTemperature 2.5, naming the field, and accepts the 0..2 bounds', () => {
    expect(fieldsRejected({ aiTemperature: 2.5 })).toEqual(['aiTemperature']);
    expect(fieldsRejected({ aiTemperature: -0.1 })).toEqual(['aiTemperature']);
    expect(fieldsRejected({ aiTemperature: 0 })).toEqual([]);
    expect(fieldsRejected({ aiTemperature: 2 })).toEqual([]);
  });

  it('rejects negative timeouts, naming the field', () => {
    expect(fieldsRejected({ phaseTimeoutsMs: { world_update: -1 } })).toEqual(['phaseTimeoutsMs.world_update']);
    expect(fieldsRejected({ phaseTimeoutsMs: { narrative_integration: 0 } })).toEqual(['phaseTimeoutsMs.narrative_integration']);
    expect(fieldsRejected({ maxExecutionTimeMs: -5 })).toEqual(['maxExecutionTimeMs']);
  });

  it('rejects other out-of-range values, naming the field', () => {
    expect(fieldsRejected({ worldTimeAdvance: 0 })).toEqual(['worldTimeAdvance']);
    expect(fieldsRejected({ maxAiCost: -1 })).toEqual(['maxAiCost']);
    expect(fieldsRejected({ maxConcurrentOperations: 0 })).toEqual(['maxConcurrentOperations']);
    expect(fieldsRejected({ narrativeAnalysisDepth: 'deep' })).toEqual(['narrativeAnalysisDepth']);
    expect(fieldsRejected({ seed: 2 ** 32 })).toEqual(['seed']);
  });

  it('rejects repeated participants and more participants than maxParticipants', () => {
    expect(fieldsRejected({ participants: ['ada', 'ada'] })).toEqual(['participants']);
    expect(fieldsRejected({ participants: ['ada', 'bo', 'cy'], maxParticipants: 2 })).toEqual(['participants']);
  });

  it('rejects unknown fields, naming them', () => {
    expect(fieldsRejected({ ai_temperature: 0.5 })).toEqual(['ai_temperature']);
  });
});

describe('DEFAULT_TURN_CONFIGURATION', () => {
  it('is exactly what the schema produces from an empty configuration', async () => {
    const { DEFAULT_TURN_CONFIGURATION } = await import('../../../src-shared/domain/turn-vocabulary');
    expect(TurnConfiguration.parse({})).toEqual(DEFAULT_TURN_CONFIGURATION);
  });
});
