/**
 * The rule editor (`#/alerts/rules/new`, `#/alerts/rules/<name>`): every field of a rule in four cards —
 * the rule, its query, its condition and timing, its labels and annotations — beside a live preview of
 * the rule over the recorded history. Saving sends the version it started from, so a newer save made
 * elsewhere is reported instead of overwritten; deleting asks first. Read-only, with the reason, for
 * roles without metrics.admin.
 */
import { useEffect } from 'react';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useAlertRuleEditorStore } from '../../../stores/alert-rule-editor-store';
import { useAlertRulesStore } from '../../../stores/alert-rules-store';
import { Badge, Pending } from '../../../ui/Card';
import { formatDateTime } from '../../../ui/format-units';
import { InlineConfirm } from '../../settings/InlineConfirm';
import { AccessNote, LoadError } from '../AccessNotices';
import { alertsHref } from '../alerts-route';
import { RuleBasicsCard } from './RuleBasicsCard';
import { RuleConditionCard, RuleQueryCard } from './RuleConditionFields';
import { RuleLabelsCard } from './RuleLabelsCard';
import { RulePreviewCard } from './RulePreviewCard';

const HEALTH_TONE = { ok: 'ok', error: 'error', unknown: 'neutral' } as const;

export function RuleEditorView({ name }: { name: string | null }) {
  const bridge = useBridge();
  const info = useAlertRuleEditorStore((store) => store.info);
  const editing = useAlertRuleEditorStore((store) => store.editing);
  const saving = useAlertRuleEditorStore((store) => store.saving);
  const saveError = useAlertRuleEditorStore((store) => store.saveError);
  const savedAt = useAlertRuleEditorStore((store) => store.savedAt);
  const otherIssues = useAlertRuleEditorStore((store) => store.otherIssues);
  const confirmingDelete = useAlertRuleEditorStore((store) => store.confirmingDelete);
  const deleting = useAlertRuleEditorStore((store) => store.deleting);
  const deleteError = useAlertRuleEditorStore((store) => store.deleteError);
  const access = useAdminAccess('Editing rules');
  const store = useAlertRuleEditorStore.getState;

  useEffect(() => {
    const current = useAlertRuleEditorStore.getState();
    // Just saved under this name (a new rule's address changes on its first save): keep the form.
    if (!(name !== null && current.editing === name && current.savedAt !== null)) void current.open(bridge, name);
    void useAlertRulesStore.getState().loadCatalog(bridge);
  }, [bridge, name]);

  const save = async () => {
    const saved = await store().save(bridge);
    if (saved && name !== saved.rule.name) window.location.hash = alertsHref.rule(saved.rule.name);
  };
  const remove = async () => {
    if (await store().remove(bridge)) window.location.hash = alertsHref.rules();
  };

  const loaded = info.data && editing === name ? info.data : null;
  if (name !== null && !loaded && info.error) {
    return (
      <div className="rule-editor">
        <nav className="breadcrumb" aria-label="Breadcrumb">
          <a href={alertsHref.rules()}>Rules</a> › {name}
        </nav>
        <LoadError
          error={
            info.error.code === 'not_found'
              ? { code: 'not_found', message: `there is no rule named ${name}; it may have been deleted` }
              : info.error
          }
          testId="rule-load-error"
          stale={false}
        />
      </div>
    );
  }
  if (name !== null && !loaded) return <Pending>Loading the rule…</Pending>;

  return (
    <div className="rule-editor" data-testid="rule-editor" data-rule={name ?? ''}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href={alertsHref.rules()}>Rules</a> › <span aria-current="page">{name ?? 'New rule'}</span>
      </nav>
      {loaded && (
        <div className="rule-status" data-testid="rule-status">
          <Badge tone={HEALTH_TONE[loaded.health]} value={loaded.health} testId="rule-status-health">
            {loaded.health}
          </Badge>
          {loaded.firing > 0 && <Badge tone="error">{loaded.firing} firing</Badge>}
          {loaded.pending > 0 && <Badge tone="warning">{loaded.pending} pending</Badge>}
          <span className="muted">
            Version {loaded.version} · {loaded.source === 'default' ? 'shipped with the console' : 'made in the console'} · saved{' '}
            {formatDateTime(loaded.updatedAt)} by {loaded.updatedBy}
            {loaded.lastEvaluatedAt && <> · last evaluated {formatDateTime(loaded.lastEvaluatedAt)}</>}
          </span>
          {loaded.lastError && (
            <p className="rule-error" data-testid="rule-status-error">
              Last evaluation failed: {loaded.lastError}
            </p>
          )}
        </div>
      )}
      <AccessNote reason={access.reason} testId="rule-access" />
      <div className="rule-editor-layout">
        <form
          className="rule-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
          data-testid="rule-form"
        >
          <RuleBasicsCard />
          <RuleQueryCard />
          <RuleConditionCard />
          <RuleLabelsCard />
          <div className="form-actions" data-testid="rule-actions">
            {saveError && <LoadError error={saveError} testId="rule-save-error" stale={false} />}
            {otherIssues.length > 0 && (
              <ul className="field-error-list" data-testid="rule-other-issues">
                {otherIssues.map((issue) => (
                  <li key={`${issue.field}:${issue.message}`} className="field-error">
                    {issue.field ? <code>{issue.field}</code> : null} {issue.message}
                  </li>
                ))}
              </ul>
            )}
            {savedAt !== null && (
              <p className="success-note" role="status" data-testid="rule-saved">
                Saved. The rule is evaluated from the next interval.
              </p>
            )}
            <div className="button-row">
              <button
                type="submit"
                className="button primary"
                disabled={saving || !access.allowed}
                aria-busy={saving}
                title={access.reason ?? undefined}
                data-testid="rule-save"
              >
                {saving ? 'Saving…' : name === null ? 'Create rule' : 'Save rule'}
              </button>
              <a className="button" href={alertsHref.rules()} data-testid="rule-cancel">
                {savedAt !== null ? 'Back to rules' : 'Cancel'}
              </a>
              {name !== null && !confirmingDelete && (
                <button
                  type="button"
                  className="button danger"
                  onClick={() => store().askDelete(true)}
                  disabled={!access.allowed}
                  title={access.reason ?? undefined}
                  data-testid="rule-delete"
                >
                  Delete rule
                </button>
              )}
            </div>
            {confirmingDelete && (
              <InlineConfirm
                confirmLabel="Delete rule"
                busyLabel="Deleting…"
                busy={deleting}
                onConfirm={() => void remove()}
                onCancel={() => store().askDelete(false)}
                testId="rule-delete-confirm"
              >
                Delete <strong>{name}</strong>? Its alerts resolve at once (and notify as resolved where they had notified as firing).
              </InlineConfirm>
            )}
            {deleteError && <LoadError error={deleteError} testId="rule-delete-error" stale={false} />}
          </div>
        </form>
        <aside className="rule-preview-column" aria-label="Live preview">
          <RulePreviewCard />
        </aside>
      </div>
    </div>
  );
}
