import { describe, expect, it } from 'vitest';
import {
  applyPreset,
  defaultParticipants,
  initialFields,
  placeIssues,
  presetSummary,
  type RunForm,
  runRequestFromForm,
} from '../../../../../../src-renderer/src/pages/turns/run/run-form';
import { defaultTurnConfiguration } from '../../../../../../src-shared/domain/turn-configuration';

function form(patch: Partial<RunForm> = {}): RunForm {
  return { campaignId: 'ashfall', participants: ['aria', 'borin'], preset: '', fields: initialFields(), ...patch };
}

describe('initialFields', () => {
  it('shows the engine defaults, with no cost cap and no seed', () => {
    const defaults = defaultTurnConfiguration();
    expect(initialFields()).toMatchObject({
      narrativeAnalysisDepth: defaults.narrativeAnalysisDepth,
      aiIntegrationEnabled: true,
      rollbackEnabled: true,
      failFastOnPhaseFailure: false,
      maxAiCost: '',
      seed: '',
      aiTemperature: String(defaults.aiTemperature),
      maxConcurrentOperations: String(defaults.maxConcurrentOperations),
    });
  });
});

describe('runRequestFromForm', () => {
  it('sends only the campaign and participants when nothing differs from the defaults', () => {
    expect(runRequestFromForm(form())).toEqual({ ok: true, request: { campaignId: 'ashfall', participants: ['aria', 'borin'] } });
  });

  it('sends the fields that differ, as numbers and booleans', () => {
    const fields = { ...initialFields(), maxAiCost: '0', failFastOnPhaseFailure: true, seed: ' 42 ', aiTemperature: '5' };
    expect(runRequestFromForm(form({ fields }))).toEqual({
      ok: true,
      request: {
        campaignId: 'ashfall',
        participants: ['aria', 'borin'],
        configuration: { maxAiCost: 0, failFastOnPhaseFailure: true, seed: 42, aiTemperature: 5 },
      },
    });
  });

  it('sends the preset and only what differs from it', () => {
    const fields = applyPreset(initialFields(), '', 'fast');
    expect(runRequestFromForm(form({ preset: 'fast', fields }))).toEqual({
      ok: true,
      request: { campaignId: 'ashfall', participants: ['aria', 'borin'], preset: 'fast' },
    });
    const deeper = { ...fields, narrativeAnalysisDepth: 'comprehensive' as const };
    expect(runRequestFromForm(form({ preset: 'fast', fields: deeper }))).toMatchObject({
      request: { preset: 'fast', configuration: { narrativeAnalysisDepth: 'comprehensive' } },
    });
  });

  it('refuses a blank required number, text that is not a number, and an empty participant list', () => {
    const fields = { ...initialFields(), aiMaxTokens: '', worldTimeAdvance: 'abc' };
    expect(runRequestFromForm(form({ fields, participants: [] }))).toEqual({
      ok: false,
      errors: {
        participants: 'Pick at least one participant.',
        aiMaxTokens: 'Enter a number.',
        worldTimeAdvance: '"abc" is not a number.',
      },
    });
  });
});

describe('applyPreset', () => {
  it('sets what the new preset sets, resets what only the old one set, and keeps the rest', () => {
    const typed = { ...initialFields(), seed: '7', maxAiCost: '0.5' };
    const fast = applyPreset(typed, '', 'fast');
    expect(fast).toMatchObject({
      narrativeAnalysisDepth: 'basic',
      aiMaxTokens: '300',
      maxExecutionTimeMs: '15000',
      seed: '7',
      maxAiCost: '0.5',
    });
    const disabled = applyPreset(fast, 'fast', 'ai_disabled');
    expect(disabled).toMatchObject({
      aiIntegrationEnabled: false,
      narrativeAnalysisDepth: 'standard',
      aiMaxTokens: '1000',
      maxExecutionTimeMs: '45000',
      seed: '7',
    });
  });
});

describe('placeIssues', () => {
  it('puts configuration and participant issues beside their fields and keeps the rest apart', () => {
    expect(
      placeIssues([
        { field: 'configuration.aiTemperature', message: 'Too big: expected number to be <=2' },
        { field: 'participants', message: 'not an agent of the campaign: zed' },
        { field: 'configuration.requiredParticipants.0', message: '"a" is both required and excluded' },
        { field: 'configuration.phaseTimeoutsMs.world_update', message: 'Too small' },
      ]),
    ).toEqual({
      fieldErrors: {
        aiTemperature: 'Too big: expected number to be <=2',
        participants: 'not an agent of the campaign: zed; "a" is both required and excluded',
      },
      unplaced: [{ field: 'configuration.phaseTimeoutsMs.world_update', message: 'Too small' }],
    });
  });
});

describe('presetSummary and defaultParticipants', () => {
  it('describes a preset from its values', () => {
    expect(presetSummary('ai_disabled')).toBe('Sets AI integration: off.');
    expect(presetSummary('')).toBe('The engine defaults.');
  });

  it('leaves quarantined agents out by default', () => {
    expect(
      defaultParticipants([
        { id: 'a', quarantined: false },
        { id: 'b', quarantined: true },
      ]),
    ).toEqual(['a']);
  });
});
