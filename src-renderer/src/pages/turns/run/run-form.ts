/**
 * The run form as plain data: the configuration fields a story master sets, how a preset fills them,
 * the `turns.run` request they make, and where the engine's validation errors go.
 *
 * The request carries the preset and only the fields that differ from what the preset gives (the engine
 * merges `configuration` over the preset), so the stored configuration reads as "fast, seed 42".
 * Ranges are checked by the engine, which names the field (`configuration.aiTemperature`); the form
 * only turns text into numbers. The story directive goes as typed (blank = none): the engine's prompt
 * guard sanitizes it or refuses it, naming `configuration.storyDirective`.
 */
import type { RequestOf } from '../../../../../src-shared/contract';
import type { TurnConfigurationInput } from '../../../../../src-shared/domain/turn-configuration';
import {
  DEFAULT_TURN_CONFIGURATION,
  type NarrativeDepth,
  PRESETS,
  type PresetName,
} from '../../../../../src-shared/domain/turn-vocabulary';
import type { ErrorIssue } from '../../../../../src-shared/errors';

export const NUMBER_FIELDS = [
  'maxAiCost',
  'seed',
  'worldTimeAdvance',
  'aiTemperature',
  'aiMaxTokens',
  'maxExecutionTimeMs',
  'maxConcurrentOperations',
] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

export const BOOLEAN_FIELDS = ['aiIntegrationEnabled', 'failFastOnPhaseFailure', 'rollbackEnabled'] as const;
export type BooleanField = (typeof BOOLEAN_FIELDS)[number];

/** Blank means "not set" for these: no cost cap, a seed drawn at run time. */
const OPTIONAL_NUMBERS: ReadonlySet<NumberField> = new Set(['maxAiCost', 'seed']);

export interface ConfigFields {
  narrativeAnalysisDepth: NarrativeDepth;
  aiIntegrationEnabled: boolean;
  failFastOnPhaseFailure: boolean;
  rollbackEnabled: boolean;
  /** Text as typed, so a half-typed number is not lost. */
  maxAiCost: string;
  seed: string;
  worldTimeAdvance: string;
  aiTemperature: string;
  aiMaxTokens: string;
  maxExecutionTimeMs: string;
  maxConcurrentOperations: string;
}
export type ConfigField = keyof ConfigFields;

/** '' = no preset: the engine's defaults. */
export type PresetChoice = PresetName | '';

export interface RunForm {
  campaignId: string;
  participants: readonly string[];
  preset: PresetChoice;
  fields: ConfigFields;
  /** A story master's instruction for the turn, as typed; blank or absent = none. */
  storyDirective?: string;
}

/** What a run panel field error is keyed by: a configuration field, the participants list or the directive. */
export type FormErrorKey = ConfigField | 'participants' | 'storyDirective';
export type FieldErrors = Partial<Record<FormErrorKey, string>>;

type Baseline = {
  narrativeAnalysisDepth: NarrativeDepth;
  aiIntegrationEnabled: boolean;
  failFastOnPhaseFailure: boolean;
  rollbackEnabled: boolean;
  maxAiCost: number | null;
  seed: number | undefined;
  worldTimeAdvance: number;
  aiTemperature: number;
  aiMaxTokens: number;
  maxExecutionTimeMs: number;
  maxConcurrentOperations: number;
};

/** The configuration a preset gives (the engine's defaults when none), in the form's fields. */
export function baselineOf(preset: PresetChoice): Baseline {
  const defaults = DEFAULT_TURN_CONFIGURATION;
  const overrides: TurnConfigurationInput = preset ? PRESETS[preset] : {};
  const merged = { ...defaults, ...overrides };
  return {
    narrativeAnalysisDepth: merged.narrativeAnalysisDepth ?? defaults.narrativeAnalysisDepth,
    aiIntegrationEnabled: merged.aiIntegrationEnabled ?? defaults.aiIntegrationEnabled,
    failFastOnPhaseFailure: merged.failFastOnPhaseFailure ?? defaults.failFastOnPhaseFailure,
    rollbackEnabled: merged.rollbackEnabled ?? defaults.rollbackEnabled,
    maxAiCost: merged.maxAiCost ?? null,
    seed: merged.seed,
    worldTimeAdvance: merged.worldTimeAdvance ?? defaults.worldTimeAdvance,
    aiTemperature: merged.aiTemperature ?? defaults.aiTemperature,
    aiMaxTokens: merged.aiMaxTokens ?? defaults.aiMaxTokens,
    maxExecutionTimeMs: merged.maxExecutionTimeMs ?? defaults.maxExecutionTimeMs,
    maxConcurrentOperations: merged.maxConcurrentOperations ?? defaults.maxConcurrentOperations,
  };
}

function fieldsOf(baseline: Baseline): ConfigFields {
  const text = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  return {
    narrativeAnalysisDepth: baseline.narrativeAnalysisDepth,
    aiIntegrationEnabled: baseline.aiIntegrationEnabled,
    failFastOnPhaseFailure: baseline.failFastOnPhaseFailure,
    rollbackEnabled: baseline.rollbackEnabled,
    maxAiCost: text(baseline.maxAiCost),
    seed: text(baseline.seed),
    worldTimeAdvance: text(baseline.worldTimeAdvance),
    aiTemperature: text(baseline.aiTemperature),
    aiMaxTokens: text(baseline.aiMaxTokens),
    maxExecutionTimeMs: text(baseline.maxExecutionTimeMs),
    maxConcurrentOperations: text(baseline.maxConcurrentOperations),
  };
}

export function initialFields(preset: PresetChoice = ''): ConfigFields {
  return fieldsOf(baselineOf(preset));
}

/**
 * Switches preset: fields the new preset sets take its values, fields only the old preset set go back to
 * the defaults, and everything else (a seed, a cost cap the user typed) stays as it is.
 */
export function applyPreset(fields: ConfigFields, from: PresetChoice, to: PresetChoice): ConfigFields {
  const target = fieldsOf(baselineOf(to));
  const defaults = fieldsOf(baselineOf(''));
  const setBy = (preset: PresetChoice) => new Set<string>(preset ? Object.keys(PRESETS[preset]) : []);
  const setByTarget = setBy(to);
  const setBySource = setBy(from);
  const next = { ...fields } as Record<ConfigField, ConfigFields[ConfigField]>;
  for (const key of Object.keys(fields) as ConfigField[]) {
    if (setByTarget.has(key)) next[key] = target[key];
    else if (setBySource.has(key)) next[key] = defaults[key];
  }
  return next as ConfigFields;
}

export type RunRequest = RequestOf<'turns.run'>;

export type BuiltRequest = { ok: true; request: RunRequest } | { ok: false; errors: FieldErrors };

/** The `turns.run` request for the form, or the fields that cannot be read as numbers. */
export function runRequestFromForm(form: RunForm): BuiltRequest {
  const errors: FieldErrors = {};
  const baseline = baselineOf(form.preset);
  const configuration: Record<string, unknown> = {};

  if (form.participants.length === 0) errors.participants = 'Pick at least one participant.';
  if (form.fields.narrativeAnalysisDepth !== baseline.narrativeAnalysisDepth) {
    configuration.narrativeAnalysisDepth = form.fields.narrativeAnalysisDepth;
  }
  for (const key of BOOLEAN_FIELDS) {
    if (form.fields[key] !== baseline[key]) configuration[key] = form.fields[key];
  }
  for (const key of NUMBER_FIELDS) {
    const text = form.fields[key].trim();
    if (text === '') {
      // No preset sets a cost cap or a seed, so blank for those is already the baseline.
      if (!OPTIONAL_NUMBERS.has(key)) errors[key] = 'Enter a number.';
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      errors[key] = `"${text}" is not a number.`;
      continue;
    }
    if (value !== baseline[key]) configuration[key] = value;
  }
  const directive = form.storyDirective?.trim() ?? '';
  if (directive !== '') configuration.storyDirective = directive;
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const request: RunRequest = { campaignId: form.campaignId, participants: [...form.participants] };
  if (form.preset) request.preset = form.preset;
  if (Object.keys(configuration).length > 0) request.configuration = configuration;
  return { ok: true, request };
}

/** The engine's issue fields (`configuration.aiTemperature`, `participants`) mapped onto the form. */
export function placeIssues(issues: readonly ErrorIssue[]): { fieldErrors: FieldErrors; unplaced: ErrorIssue[] } {
  const known = new Set<string>([...NUMBER_FIELDS, ...BOOLEAN_FIELDS, 'narrativeAnalysisDepth']);
  const fieldErrors: FieldErrors = {};
  const unplaced: ErrorIssue[] = [];
  for (const issue of issues) {
    const path = issue.field.split('.');
    const key = path[0] === 'configuration' ? path[1] : path[0];
    if (key === 'participants' || key === 'requiredParticipants' || key === 'excludedParticipants') {
      fieldErrors.participants = joinMessages(fieldErrors.participants, issue.message);
    } else if (key === 'storyDirective') {
      fieldErrors.storyDirective = joinMessages(fieldErrors.storyDirective, issue.message);
    } else if (key !== undefined && known.has(key)) {
      const field = key as ConfigField;
      fieldErrors[field] = joinMessages(fieldErrors[field], issue.message);
    } else {
      unplaced.push(issue);
    }
  }
  return { fieldErrors, unplaced };
}

function joinMessages(existing: string | undefined, message: string): string {
  return existing ? `${existing}; ${message}` : message;
}

/** The participants a run starts with: every agent that is not quarantined. */
export function defaultParticipants(agents: readonly { id: string; quarantined: boolean }[]): string[] {
  return agents.filter((agent) => !agent.quarantined).map((agent) => agent.id);
}

export const FIELD_LABELS: Record<ConfigField, string> = {
  narrativeAnalysisDepth: 'Narrative depth',
  aiIntegrationEnabled: 'AI integration',
  failFastOnPhaseFailure: 'Fail fast',
  rollbackEnabled: 'Rollback',
  maxAiCost: 'Max AI cost ($)',
  seed: 'Seed',
  worldTimeAdvance: 'World time advance (s)',
  aiTemperature: 'AI temperature',
  aiMaxTokens: 'AI max tokens',
  maxExecutionTimeMs: 'Max execution time (ms)',
  maxConcurrentOperations: 'Max concurrent operations',
};

/** The label of every key a field error can have, for "Not run: fix …". */
export function errorLabel(key: FormErrorKey): string {
  if (key === 'participants') return 'Participants';
  if (key === 'storyDirective') return STORY_DIRECTIVE_LABEL;
  return FIELD_LABELS[key];
}

export const STORY_DIRECTIVE_LABEL = 'Story directive';

/** What a preset sets, read from PRESETS: `Narrative depth basic · AI max tokens 300 · …`. */
export function presetSummary(preset: PresetChoice): string {
  if (!preset) return 'The engine defaults.';
  const entries = Object.entries(PRESETS[preset]).map(([key, value]) => {
    const label = FIELD_LABELS[key as ConfigField] ?? key;
    const shown = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
    return `${label}: ${shown}`;
  });
  return `Sets ${entries.join(' · ')}.`;
}
