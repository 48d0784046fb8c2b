/**
 * What a rule's alerts carry: extra labels (routing and silences match on them) and the annotations —
 * summary and description, where `{{ $value }}` and `{{ $labels.<name> }}` are filled in per alert — and
 * the runbook the alert links to.
 */
import { useEffect, useState } from 'react';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useAlertRuleEditorStore } from '../../../stores/alert-rule-editor-store';
import { Card } from '../../../ui/Card';
import { fieldId, RuleField, useRuleField } from './RuleField';
import type { LabelRow, RuleField as RuleFieldKey, RuleForm } from './rule-form';

export function RuleLabelsCard() {
  const bridge = useBridge();
  const form = useAlertRuleEditorStore((store) => store.form);
  const access = useAdminAccess('Editing rules');
  const labels = useRuleField('labels');
  const summary = useRuleField('summary');
  const description = useRuleField('description');
  const runbook = useRuleField('runbook');
  const [runbooks, setRunbooks] = useState<{ slug: string; title: string }[]>([]);
  const update = <K extends keyof RuleForm>(field: RuleFieldKey, key: K, value: RuleForm[K]) =>
    useAlertRuleEditorStore.getState().update(bridge, field, (current) => ({ ...current, [key]: value }));
  const setRows = (rows: LabelRow[]) => update('labels', 'labels', rows);

  useEffect(() => {
    // Suggestions only: the field takes any slug when the runbooks cannot be listed.
    bridge
      .invoke('runbooks.list', {})
      .then((answer) => setRunbooks(answer.runbooks.map((one) => ({ slug: one.slug, title: one.title }))))
      .catch(() => setRunbooks([]));
  }, [bridge]);

  const labelsId = fieldId('labels');
  return (
    <Card id="rule-labels-card" title="Labels and annotations">
      <RuleField
        field="labels"
        label="Labels"
        error={labels.error}
        group
        hint="Added to every alert of this rule; alertname and severity are set for you."
      >
        <div className="matcher-rows" data-testid={labelsId}>
          {form.labels.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; their position is it.
            <div className="label-row" key={index}>
              <input
                type="text"
                aria-label={`Label ${index + 1} name`}
                placeholder="name, e.g. team"
                value={row.key}
                onChange={(event) =>
                  setRows(form.labels.map((current, at) => (at === index ? { ...current, key: event.target.value } : current)))
                }
                aria-invalid={labels.error ? true : undefined}
                spellCheck={false}
                disabled={!access.allowed}
                data-testid={`${labelsId}-key-${index}`}
              />
              <span aria-hidden="true">=</span>
              <input
                type="text"
                aria-label={`Label ${index + 1} value`}
                placeholder="value"
                value={row.value}
                onChange={(event) =>
                  setRows(form.labels.map((current, at) => (at === index ? { ...current, value: event.target.value } : current)))
                }
                disabled={!access.allowed}
                data-testid={`${labelsId}-value-${index}`}
              />
              <button
                type="button"
                className="button small"
                onClick={() => setRows(form.labels.filter((_, at) => at !== index))}
                aria-label={`Remove label ${index + 1}`}
                disabled={!access.allowed}
              >
                Remove
              </button>
            </div>
          ))}
          <div>
            <button
              type="button"
              className="button small"
              onClick={() => setRows([...form.labels, { key: '', value: '' }])}
              disabled={!access.allowed}
              data-testid={`${labelsId}-add`}
            >
              Add label
            </button>
          </div>
        </div>
      </RuleField>
      <RuleField
        field="summary"
        label="Summary"
        error={summary.error}
        hint="One line; {{ $value }} and {{ $labels.name }} are filled in per alert."
      >
        <input
          {...summary.control}
          type="text"
          maxLength={500}
          placeholder="e.g. {{ $value }} of turns failed over the last 5 minutes"
          value={form.summary}
          onChange={(event) => update('summary', 'summary', event.target.value)}
          disabled={!access.allowed}
        />
      </RuleField>
      <RuleField field="description" label="Description" error={description.error} hint="Markdown: what it means and what to check first.">
        <textarea
          {...description.control}
          rows={3}
          maxLength={4000}
          value={form.description}
          onChange={(event) => update('description', 'description', event.target.value)}
          disabled={!access.allowed}
        />
      </RuleField>
      <RuleField field="runbook" label="Runbook" error={runbook.error} hint="The runbook's id; the alert links to it.">
        <input
          {...runbook.control}
          type="text"
          list="rule-runbook-options"
          placeholder="e.g. turn-failure-rate-high"
          value={form.runbook}
          onChange={(event) => update('runbook', 'runbook', event.target.value)}
          spellCheck={false}
          autoComplete="off"
          disabled={!access.allowed}
        />
        <datalist id="rule-runbook-options">
          {runbooks.map((one) => (
            <option key={one.slug} value={one.slug}>
              {one.title}
            </option>
          ))}
        </datalist>
      </RuleField>
    </Card>
  );
}
