/**
 * The query of a rule (or its denominator): a metric from the catalog (with its type, help and labels),
 * label matchers, the function over a window (the quantile for histograms), and `sum by` labels.
 */
import type { MetricFunction } from '../../../../../src-shared/domain/metrics-query';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useAlertRuleEditorStore } from '../../../stores/alert-rule-editor-store';
import { useAlertRulesStore } from '../../../stores/alert-rules-store';
import { FUNCTION_LABEL, METRIC_FUNCTIONS } from '../alert-labels';
import { MatcherRowsEditor } from '../MatcherRowsEditor';
import { fieldId, RuleField, useRuleField } from './RuleField';
import type { Grouping, QueryForm, RuleField as RuleFieldKey } from './rule-form';

interface QueryFieldsProps {
  which: 'query' | 'denominator';
}

export function QueryFields({ which }: QueryFieldsProps) {
  const bridge = useBridge();
  const query = useAlertRuleEditorStore((store) => store.form[which]);
  const catalog = useAlertRulesStore((store) => store.catalog);
  const access = useAdminAccess('Editing rules');
  const key = (name: keyof QueryForm) => `${which}.${name}` as RuleFieldKey;
  const metric = useRuleField(key('metric'));
  const matchers = useRuleField(key('matchers'));
  const fn = useRuleField(key('fn'));
  const q = useRuleField(key('q'));
  const window = useRuleField(key('window'));
  const by = useRuleField(key('by'));
  const entry = catalog.data?.find((one) => one.name === query.metric);

  const update = (name: keyof QueryForm, value: QueryForm[keyof QueryForm]) =>
    useAlertRuleEditorStore.getState().update(bridge, key(name), (form) => ({ ...form, [which]: { ...form[which], [name]: value } }));

  const known = catalog.data?.some((one) => one.name === query.metric) ?? true;
  return (
    <>
      <RuleField
        field={key('metric')}
        label={which === 'query' ? 'Metric' : 'Denominator metric'}
        error={metric.error}
        hint={
          entry ? (
            <>
              <code className="nowrap">{entry.type}</code> — {entry.help}
            </>
          ) : catalog.error ? (
            `The metric catalog could not be loaded (${catalog.error.code}); type the metric's name.`
          ) : undefined
        }
      >
        {catalog.error ? (
          <input
            {...metric.control}
            type="text"
            value={query.metric}
            onChange={(event) => update('metric', event.target.value)}
            spellCheck={false}
            autoComplete="off"
            disabled={!access.allowed}
          />
        ) : (
          <select
            {...metric.control}
            value={query.metric}
            onChange={(event) => update('metric', event.target.value)}
            disabled={!access.allowed || !catalog.data}
          >
            <option value="">{catalog.data ? 'choose a metric…' : 'loading the metric catalog…'}</option>
            {!known && query.metric && <option value={query.metric}>{query.metric} (not in the catalog)</option>}
            {(catalog.data ?? []).map((one) => (
              <option key={one.name} value={one.name}>
                {one.name}
              </option>
            ))}
          </select>
        )}
      </RuleField>
      <RuleField
        field={key('matchers')}
        label="Label matchers"
        error={matchers.error}
        group
        hint={entry && entry.labels.length > 0 ? `Labels of this metric: ${entry.labels.join(', ')}` : 'Empty: every series of the metric.'}
      >
        <MatcherRowsEditor
          id={fieldId(key('matchers'))}
          rows={query.matchers}
          onChange={(rows) => update('matchers', rows)}
          labelSuggestions={entry?.labels ?? []}
          invalid={Boolean(matchers.error)}
          describedBy={matchers.control['aria-describedby']}
          disabled={!access.allowed}
        />
      </RuleField>
      <div className="field-pair">
        <RuleField field={key('fn')} label="Function" error={fn.error} hint={FUNCTION_LABEL[query.fn]}>
          <select
            {...fn.control}
            value={query.fn}
            onChange={(event) => update('fn', event.target.value as MetricFunction)}
            disabled={!access.allowed}
          >
            {METRIC_FUNCTIONS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </RuleField>
        <RuleField field={key('window')} label="Window" error={window.error} hint="e.g. 5m, 1h">
          <input
            {...window.control}
            type="text"
            value={query.window}
            onChange={(event) => update('window', event.target.value)}
            spellCheck={false}
            autoComplete="off"
            disabled={!access.allowed}
          />
        </RuleField>
      </div>
      <div className="field-pair">
        {query.fn === 'quantile' && (
          <RuleField field={key('q')} label="Quantile" error={q.error} hint="0..1, e.g. 0.95 for p95">
            <input
              {...q.control}
              type="text"
              inputMode="decimal"
              value={query.q}
              onChange={(event) => update('q', event.target.value)}
              disabled={!access.allowed}
            />
          </RuleField>
        )}
        <RuleField
          field={key('by')}
          label="Series"
          error={by.error}
          hint={
            query.grouping === 'apart'
              ? 'One alert per series (per label set).'
              : query.grouping === 'sum'
                ? 'All matching series summed into one value: one alert.'
                : 'Summed, keeping these labels (comma-separated): one alert per value.'
          }
        >
          <div className="inline-pair">
            <select
              aria-label={`${which === 'query' ? 'Query' : 'Denominator'} series grouping`}
              value={query.grouping}
              onChange={(event) => update('grouping', event.target.value as Grouping)}
              disabled={!access.allowed}
              data-testid={`${fieldId(key('by'))}-grouping`}
            >
              <option value="sum">sum all</option>
              <option value="by">sum by labels</option>
              <option value="apart">each series apart</option>
            </select>
            {query.grouping === 'by' && (
              <input
                {...by.control}
                type="text"
                value={query.by}
                placeholder={entry?.labels.slice(0, 2).join(', ') || 'e.g. provider'}
                onChange={(event) => update('by', event.target.value)}
                spellCheck={false}
                autoComplete="off"
                disabled={!access.allowed}
              />
            )}
          </div>
        </RuleField>
      </div>
    </>
  );
}
