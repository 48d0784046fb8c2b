/**
 * A rule's identity and kind: its name (the alertname; fixed once saved), group, kind, severity and
 * whether it is evaluated at all.
 */
import type { RuleKind, Severity } from '../../../../../src-shared/domain/alerts';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useAlertRuleEditorStore } from '../../../stores/alert-rule-editor-store';
import { Card } from '../../../ui/Card';
import { RULE_KIND_HINT, RULE_KIND_LABEL, RULE_KINDS, SEVERITY_ORDER } from '../alert-labels';
import { RuleField, useRuleField } from './RuleField';
import type { RuleField as RuleFieldKey, RuleForm } from './rule-form';

export function RuleBasicsCard() {
  const bridge = useBridge();
  const form = useAlertRuleEditorStore((store) => store.form);
  const editing = useAlertRuleEditorStore((store) => store.editing);
  const access = useAdminAccess('Editing rules');
  const name = useRuleField('name');
  const group = useRuleField('group');
  const alertname = useRuleField('alertname');
  const kind = useRuleField('kind');
  const severity = useRuleField('severity');
  const update = <K extends keyof RuleForm>(field: RuleFieldKey | null, key: K, value: RuleForm[K]) =>
    useAlertRuleEditorStore.getState().update(bridge, field, (current) => ({ ...current, [key]: value }));

  return (
    <Card id="rule-basics-card" title="Rule">
      <div className="field-pair">
        <RuleField
          field="name"
          label="Name (the alertname)"
          error={name.error}
          hint={editing ? 'Fixed once saved: alerts, silences and routes refer to it.' : 'e.g. TurnFailureRateHigh'}
        >
          <input
            {...name.control}
            type="text"
            value={form.name}
            onChange={(event) => update('name', 'name', event.target.value)}
            readOnly={editing !== null}
            spellCheck={false}
            autoComplete="off"
            disabled={!access.allowed}
          />
        </RuleField>
        <RuleField field="group" label="Group" error={group.error} hint="The group in the exported Prometheus rule file.">
          <input
            {...group.control}
            type="text"
            value={form.group}
            onChange={(event) => update('group', 'group', event.target.value)}
            spellCheck={false}
            autoComplete="off"
            disabled={!access.allowed}
          />
        </RuleField>
      </div>
      <RuleField
        field="alertname"
        label="Alert name (optional)"
        error={alertname.error}
        hint="The alertname label when it differs from the rule's name: a warning and a critical rule sharing one lets the critical alert inhibit the warning."
      >
        <input
          {...alertname.control}
          type="text"
          value={form.alertname}
          placeholder={form.name || 'the rule name'}
          onChange={(event) => update('alertname', 'alertname', event.target.value)}
          spellCheck={false}
          autoComplete="off"
          disabled={!access.allowed}
        />
      </RuleField>
      <div className="field-pair">
        <RuleField field="kind" label="Kind" error={kind.error} hint={RULE_KIND_HINT[form.kind]}>
          <select
            {...kind.control}
            value={form.kind}
            onChange={(event) => update('kind', 'kind', event.target.value as RuleKind)}
            disabled={!access.allowed}
          >
            {RULE_KINDS.map((one) => (
              <option key={one} value={one}>
                {RULE_KIND_LABEL[one]}
              </option>
            ))}
          </select>
        </RuleField>
        <RuleField field="severity" label="Severity" error={severity.error}>
          <select
            {...severity.control}
            value={form.severity}
            onChange={(event) => update('severity', 'severity', event.target.value as Severity)}
            disabled={!access.allowed}
          >
            {SEVERITY_ORDER.map((one) => (
              <option key={one} value={one}>
                {one}
              </option>
            ))}
          </select>
        </RuleField>
      </div>
      <label className="inline-field">
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(event) => update(null, 'enabled', event.target.checked)}
          disabled={!access.allowed}
          data-testid="rule-enabled"
        />
        <span>Enabled: evaluated every interval (a disabled rule raises no alerts)</span>
      </label>
    </Card>
  );
}
