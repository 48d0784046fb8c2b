/**
 * What makes a rule fire, per kind — threshold: the query (or the ratio of two) compared with a value;
 * anomaly: the z-score against a baseline window; budget: LLM spend per hour or day against dollars —
 * and for how long (`for`, `keep_firing_for`).
 */
import type { Comparison } from '../../../../../src-shared/domain/alerts';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useAlertRuleEditorStore } from '../../../stores/alert-rule-editor-store';
import { Card } from '../../../ui/Card';
import { COMPARISONS } from '../alert-labels';
import { MatcherRowsEditor } from '../MatcherRowsEditor';
import { QueryFields } from './QueryFields';
import { fieldId, RuleField, useRuleField } from './RuleField';
import type { AnomalyDirection, RuleField as RuleFieldKey, RuleForm } from './rule-form';

function useUpdate() {
  const bridge = useBridge();
  return <K extends keyof RuleForm>(field: RuleFieldKey | null, name: K, value: RuleForm[K]) =>
    useAlertRuleEditorStore.getState().update(bridge, field, (form) => ({ ...form, [name]: value }));
}

export function RuleQueryCard() {
  const kind = useAlertRuleEditorStore((store) => store.form.kind);
  const useDenominator = useAlertRuleEditorStore((store) => store.form.useDenominator);
  const access = useAdminAccess('Editing rules');
  const update = useUpdate();
  if (kind === 'budget') return <BudgetQueryCard />;
  return (
    <Card id="rule-query-card" title="Query">
      <QueryFields which="query" />
      <label className="inline-field ratio-toggle">
        <input
          type="checkbox"
          checked={useDenominator}
          onChange={(event) => update(null, 'useDenominator', event.target.checked)}
          disabled={!access.allowed}
          data-testid="rule-use-denominator"
        />
        <span>Divide by a second query (a ratio, e.g. failed turns / all turns)</span>
      </label>
      {useDenominator && (
        <div className="denominator" data-testid="rule-denominator">
          <QueryFields which="denominator" />
        </div>
      )}
    </Card>
  );
}

function BudgetQueryCard() {
  const bridge = useBridge();
  const form = useAlertRuleEditorStore((store) => store.form);
  const access = useAdminAccess('Editing rules');
  const update = useUpdate();
  const period = useRuleField('period');
  const dollars = useRuleField('budgetDollars');
  const matchers = useRuleField('budgetMatchers');
  const by = useRuleField('budgetBy');
  return (
    <Card id="rule-query-card" title="Budget">
      <p className="field-hint">
        Spend is <code>novel_engine_ai_cost_dollars_total</code> over the last hour or day.
      </p>
      <div className="field-pair">
        <RuleField field="period" label="Per" error={period.error}>
          <select
            {...period.control}
            value={form.period}
            onChange={(event) => update('period', 'period', event.target.value as 'hour' | 'day')}
            disabled={!access.allowed}
          >
            <option value="hour">hour</option>
            <option value="day">day</option>
          </select>
        </RuleField>
        <RuleField field="budgetDollars" label="Budget ($)" error={dollars.error}>
          <input
            {...dollars.control}
            type="text"
            inputMode="decimal"
            value={form.budgetDollars}
            onChange={(event) => update('budgetDollars', 'budgetDollars', event.target.value)}
            disabled={!access.allowed}
          />
        </RuleField>
      </div>
      <RuleField field="budgetMatchers" label="Which spend counts" error={matchers.error} group hint="Empty: all spend.">
        <MatcherRowsEditor
          id={fieldId('budgetMatchers')}
          rows={form.budgetMatchers}
          onChange={(rows) =>
            useAlertRuleEditorStore.getState().update(bridge, 'budgetMatchers', (current) => ({ ...current, budgetMatchers: rows }))
          }
          labelSuggestions={['provider', 'model']}
          invalid={Boolean(matchers.error)}
          disabled={!access.allowed}
        />
      </RuleField>
      <RuleField
        field="budgetBy"
        label="A budget per"
        error={by.error}
        hint="Comma-separated labels, e.g. provider; empty: one budget overall."
      >
        <input
          {...by.control}
          type="text"
          value={form.budgetBy}
          onChange={(event) => update('budgetBy', 'budgetBy', event.target.value)}
          spellCheck={false}
          autoComplete="off"
          disabled={!access.allowed}
        />
      </RuleField>
    </Card>
  );
}

export function RuleConditionCard() {
  const form = useAlertRuleEditorStore((store) => store.form);
  const access = useAdminAccess('Editing rules');
  const update = useUpdate();
  const comparison = useRuleField('comparison');
  const threshold = useRuleField('threshold');
  const baseline = useRuleField('baselineWindow');
  const zScore = useRuleField('zScore');
  const direction = useRuleField('direction');
  const minStddev = useRuleField('minStddev');
  const forField = useRuleField('for');
  const keep = useRuleField('keepFiringFor');
  return (
    <Card id="rule-condition-card" title="Condition">
      {form.kind === 'threshold' && (
        <div className="field-pair">
          <RuleField field="comparison" label="Fires when the value is" error={comparison.error}>
            <select
              {...comparison.control}
              value={form.comparison}
              onChange={(event) => update('comparison', 'comparison', event.target.value as Comparison)}
              disabled={!access.allowed}
            >
              {COMPARISONS.map((op) => (
                <option key={op} value={op}>
                  {op}
                </option>
              ))}
            </select>
          </RuleField>
          <RuleField field="threshold" label="Threshold" error={threshold.error}>
            <input
              {...threshold.control}
              type="text"
              inputMode="decimal"
              placeholder="e.g. 0.2"
              value={form.threshold}
              onChange={(event) => update('threshold', 'threshold', event.target.value)}
              disabled={!access.allowed}
            />
          </RuleField>
        </div>
      )}
      {form.kind === 'anomaly' && (
        <>
          <div className="field-pair">
            <RuleField field="zScore" label="Fires beyond a z-score of" error={zScore.error}>
              <input
                {...zScore.control}
                type="text"
                inputMode="decimal"
                value={form.zScore}
                onChange={(event) => update('zScore', 'zScore', event.target.value)}
                disabled={!access.allowed}
              />
            </RuleField>
            <RuleField field="direction" label="Direction" error={direction.error}>
              <select
                {...direction.control}
                value={form.direction}
                onChange={(event) => update('direction', 'direction', event.target.value as AnomalyDirection)}
                disabled={!access.allowed}
              >
                <option value="above">above the baseline</option>
                <option value="below">below the baseline</option>
                <option value="both">either way</option>
              </select>
            </RuleField>
          </div>
          <div className="field-pair">
            <RuleField field="baselineWindow" label="Baseline window" error={baseline.error} hint="e.g. 1h, 1d">
              <input
                {...baseline.control}
                type="text"
                value={form.baselineWindow}
                onChange={(event) => update('baselineWindow', 'baselineWindow', event.target.value)}
                spellCheck={false}
                disabled={!access.allowed}
              />
            </RuleField>
            <RuleField
              field="minStddev"
              label="Minimum standard deviation"
              error={minStddev.error}
              hint="A floor, so a flat baseline does not make every change infinite."
            >
              <input
                {...minStddev.control}
                type="text"
                inputMode="decimal"
                value={form.minStddev}
                onChange={(event) => update('minStddev', 'minStddev', event.target.value)}
                disabled={!access.allowed}
              />
            </RuleField>
          </div>
        </>
      )}
      {form.kind === 'budget' && <p className="field-hint">Fires when the spend of the {form.period} goes over the budget above.</p>}
      <div className="field-pair">
        <RuleField field="for" label="For" error={forField.error} hint="How long the condition must hold before pending becomes firing.">
          <input
            {...forField.control}
            type="text"
            value={form.for}
            onChange={(event) => update('for', 'for', event.target.value)}
            spellCheck={false}
            disabled={!access.allowed}
          />
        </RuleField>
        <RuleField
          field="keepFiringFor"
          label="Keep firing for"
          error={keep.error}
          hint="How long it stays firing after the condition clears."
        >
          <input
            {...keep.control}
            type="text"
            value={form.keepFiringFor}
            onChange={(event) => update('keepFiringFor', 'keepFiringFor', event.target.value)}
            spellCheck={false}
            disabled={!access.allowed}
          />
        </RuleField>
      </div>
    </Card>
  );
}
