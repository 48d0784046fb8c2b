/**
 * The configuration of the run panel: a preset, the fields a story master changes most (depth, AI,
 * fail-fast, rollback, cost cap, seed) and the rest under "More settings". Each field shows the engine's
 * error for it, if any.
 */
import type { ReactNode } from 'react';
import { NARRATIVE_DEPTHS, type NarrativeDepth, PRESETS } from '../../../../../src-shared/domain/turn-vocabulary';
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { type BooleanField, FIELD_LABELS, type NumberField, type PresetChoice, presetSummary } from './run-form';

export function ConfigurationFields() {
  const preset = useTurnRunStore((store) => store.form.preset);
  const depth = useTurnRunStore((store) => store.form.fields.narrativeAnalysisDepth);
  const depthError = useTurnRunStore((store) => store.fieldErrors.narrativeAnalysisDepth);
  const advancedError = useTurnRunStore((store) =>
    (['worldTimeAdvance', 'aiTemperature', 'aiMaxTokens', 'maxExecutionTimeMs', 'maxConcurrentOperations'] as const).some(
      (key) => store.fieldErrors[key] !== undefined,
    ),
  );

  return (
    <fieldset className="field-group">
      <legend>Configuration</legend>
      <div className="field">
        <label htmlFor="run-preset">Preset</label>
        <select
          id="run-preset"
          value={preset}
          onChange={(event) => useTurnRunStore.getState().selectPreset(event.target.value as PresetChoice)}
          data-testid="run-preset"
        >
          <option value="">none (defaults)</option>
          {Object.keys(PRESETS).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <p className="field-hint" data-testid="run-preset-summary">
          {presetSummary(preset)}
        </p>
      </div>
      <FieldShell id="narrativeAnalysisDepth" label={FIELD_LABELS.narrativeAnalysisDepth} error={depthError}>
        <select
          id="field-narrativeAnalysisDepth"
          value={depth}
          onChange={(event) => useTurnRunStore.getState().setField('narrativeAnalysisDepth', event.target.value as NarrativeDepth)}
          aria-invalid={depthError ? true : undefined}
          aria-describedby={depthError ? 'error-narrativeAnalysisDepth' : undefined}
          data-testid="field-narrativeAnalysisDepth"
        >
          {NARRATIVE_DEPTHS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </FieldShell>
      <div className="toggles">
        <Toggle
          field="aiIntegrationEnabled"
          label={FIELD_LABELS.aiIntegrationEnabled}
          hint="Off: rule-based briefs and narrative, no cost."
        />
        <Toggle field="failFastOnPhaseFailure" label={FIELD_LABELS.failFastOnPhaseFailure} hint="Any phase failure ends the turn." />
        <Toggle field="rollbackEnabled" label={FIELD_LABELS.rollbackEnabled} hint="Compensate committed phases when the turn fails." />
      </div>
      <div className="field-pair">
        <NumberInput field="maxAiCost" label={FIELD_LABELS.maxAiCost} placeholder="no cap" step="any" min={0} />
        <NumberInput field="seed" label={FIELD_LABELS.seed} placeholder="random" step={1} min={0} />
      </div>
      <details className="more-settings" open={advancedError || undefined}>
        <summary data-testid="more-settings">More settings</summary>
        <div className="field-pair">
          <NumberInput field="aiTemperature" label={FIELD_LABELS.aiTemperature} step="any" min={0} max={2} />
          <NumberInput field="aiMaxTokens" label={FIELD_LABELS.aiMaxTokens} step={1} min={1} />
          <NumberInput field="worldTimeAdvance" label={FIELD_LABELS.worldTimeAdvance} step={1} min={1} />
          <NumberInput field="maxExecutionTimeMs" label={FIELD_LABELS.maxExecutionTimeMs} step={1} min={100} />
          <NumberInput
            field="maxConcurrentOperations"
            label={FIELD_LABELS.maxConcurrentOperations}
            step={1}
            min={1}
            hint="AI calls and interaction sessions at once."
          />
        </div>
      </details>
    </fieldset>
  );
}

function FieldShell({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={`field-${id}`}>{label}</label>
      {children}
      {hint && !error && <p className="field-hint">{hint}</p>}
      {error && (
        <p className="field-error" id={`error-${id}`} data-testid={`field-error-${id}`}>
          {error}
        </p>
      )}
    </div>
  );
}

interface NumberInputProps {
  field: NumberField;
  label: string;
  placeholder?: string;
  step: number | 'any';
  min?: number;
  max?: number;
  hint?: string;
}

function NumberInput({ field, label, placeholder, step, min, max, hint }: NumberInputProps) {
  const value = useTurnRunStore((store) => store.form.fields[field]);
  const error = useTurnRunStore((store) => store.fieldErrors[field]);
  return (
    <FieldShell id={field} label={label} error={error} hint={hint}>
      <input
        id={`field-${field}`}
        type="number"
        inputMode="decimal"
        value={value}
        placeholder={placeholder}
        step={step}
        min={min}
        max={max}
        onChange={(event) => useTurnRunStore.getState().setField(field, event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `error-${field}` : undefined}
        data-testid={`field-${field}`}
      />
    </FieldShell>
  );
}

function Toggle({ field, label, hint }: { field: BooleanField; label: string; hint: string }) {
  const checked = useTurnRunStore((store) => store.form.fields[field]);
  const error = useTurnRunStore((store) => store.fieldErrors[field]);
  return (
    <div className={`toggle${error ? ' field-invalid' : ''}`}>
      <input
        type="checkbox"
        id={`field-${field}`}
        checked={checked}
        onChange={(event) => useTurnRunStore.getState().setField(field, event.target.checked)}
        aria-describedby={`hint-${field}`}
        data-testid={`field-${field}`}
      />
      <label htmlFor={`field-${field}`}>
        <span className="toggle-label">{label}</span>
        <span className="field-hint" id={`hint-${field}`}>
          {hint}
        </span>
      </label>
      {error && (
        <p className="field-error" data-testid={`field-error-${field}`}>
          {error}
        </p>
      )}
    </div>
  );
}
