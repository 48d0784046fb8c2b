/**
 * The silence form: matchers (one row each), a duration (presets or any Prometheus duration), an
 * optional start (now by default) and the required comment — with, as in Alertmanager, a preview of the
 * pending and firing alerts it would mute right now. Checked here first (silence-form.ts), then by the
 * engine, whose messages land next to their fields. Disabled, with the reason, for roles without
 * metrics.admin.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { Silence } from '../../../../../src-shared/domain/alerts';
import type { LabelMatcher } from '../../../../../src-shared/domain/metrics-query';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useAlertSilencesStore } from '../../../stores/alert-silences-store';
import { Card } from '../../../ui/Card';
import type { ErrorView } from '../../../ui/error-view';
import { formatDateTime } from '../../../ui/format-units';
import { AccessNote, LoadError } from '../AccessNotices';
import { alertsHref } from '../alerts-route';
import { matchesAll } from '../label-matchers';
import { MatcherRowsEditor } from '../MatcherRowsEditor';
import {
  buildSilenceRequest,
  newSilenceForm,
  SILENCE_DURATION_PRESETS,
  type SilenceField,
  type SilenceFieldErrors,
  type SilenceForm,
  silenceFieldOfIssue,
  silenceMatchers,
} from './silence-form';

interface SilenceFormCardProps {
  id: string;
  title: string;
  initialMatchers?: readonly LabelMatcher[];
  onCancel(): void;
  onCreated?(silence: Silence): void;
}

export function SilenceFormCard({ id, title, initialMatchers = [], onCancel, onCreated }: SilenceFormCardProps) {
  const bridge = useBridge();
  const access = useAdminAccess('Creating a silence');
  const activeAlerts = useAlertSilencesStore((store) => store.activeAlerts);
  const [form, setForm] = useState<SilenceForm>(() => newSilenceForm(initialMatchers));
  const [errors, setErrors] = useState<SilenceFieldErrors>({});
  const [submitError, setSubmitError] = useState<ErrorView | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Silence | null>(null);

  useEffect(() => {
    void useAlertSilencesStore.getState().loadActiveAlerts(bridge);
  }, [bridge]);

  const change = (field: SilenceField, next: Partial<SilenceForm>) => {
    setForm((current) => ({ ...current, ...next }));
    setErrors(({ [field]: _cleared, ...rest }) => rest);
    setSubmitError(null);
  };

  const matchers = useMemo(() => silenceMatchers(form), [form]);
  const wouldMute = useMemo(
    () => (matchers.length === 0 ? [] : (activeAlerts.data ?? []).filter((alert) => matchesAll(matchers, alert.labels))),
    [matchers, activeAlerts.data],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildSilenceRequest(form);
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    const outcome = await useAlertSilencesStore.getState().create(bridge, built.request);
    setBusy(false);
    if ('silence' in outcome) {
      setCreated(outcome.silence);
      onCreated?.(outcome.silence);
      return;
    }
    const fieldErrors: SilenceFieldErrors = {};
    for (const issue of outcome.issues) {
      const field = silenceFieldOfIssue(issue.field);
      if (field && !fieldErrors[field]) fieldErrors[field] = issue.message;
    }
    setErrors(fieldErrors);
    setSubmitError(Object.keys(fieldErrors).length > 0 ? null : outcome.error);
  };

  const fieldError = (field: SilenceField) =>
    errors[field] && (
      <p className="field-error" id={`${id}-${field}-error`} role="alert" data-testid={`${id}-${field}-error`}>
        {errors[field]}
      </p>
    );
  const invalid = (field: SilenceField) =>
    errors[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${field}-error` } : {};

  if (created) {
    return (
      <Card id={id} title={title}>
        <div className="success-note" role="status" data-testid={`${id}-created`} data-silence-id={created.id}>
          <p>
            <strong>Silence created</strong> ({created.state}): it mutes matching alerts until{' '}
            <time dateTime={created.endsAt}>{formatDateTime(created.endsAt)}</time>.
          </p>
          <div className="button-row">
            <a className="button small" href={alertsHref.silences()} data-testid={`${id}-view-silences`}>
              View silences
            </a>
            <button type="button" className="button small" onClick={onCancel} data-testid={`${id}-done`}>
              Done
            </button>
          </div>
        </div>
      </Card>
    );
  }

  return (
    <Card id={id} title={title}>
      <AccessNote reason={access.reason} testId={`${id}-access`} />
      <form className="silence-form" onSubmit={(event) => void submit(event)} noValidate data-testid={`${id}-form`}>
        <fieldset className="field" disabled={!access.allowed}>
          <legend>Matchers: the silence mutes alerts whose labels match all of them</legend>
          <MatcherRowsEditor
            id={`${id}-matchers`}
            rows={form.matchers}
            onChange={(rows) => change('matchers', { matchers: rows })}
            labelSuggestions={[...new Set((activeAlerts.data ?? []).flatMap((alert) => Object.keys(alert.labels)))].sort()}
            invalid={Boolean(errors.matchers)}
            describedBy={errors.matchers ? `${id}-matchers-error` : undefined}
          />
          {fieldError('matchers')}
          <p className="field-hint" data-testid={`${id}-preview`}>
            {matchers.length === 0
              ? 'Add a matcher to see which alerts it would mute.'
              : activeAlerts.data
                ? `Would mute ${wouldMute.length} of the ${activeAlerts.data.length} pending and firing alert${activeAlerts.data.length === 1 ? '' : 's'} now${
                    wouldMute.length > 0
                      ? `: ${[...new Set(wouldMute.map((alert) => alert.ruleName))].slice(0, 5).join(', ')}${wouldMute.length > 5 ? ', …' : ''}`
                      : ''
                  }.`
                : 'Checking which alerts it would mute…'}
          </p>
        </fieldset>
        <div className="field-pair">
          <div className="field">
            <label htmlFor={`${id}-duration`}>Duration</label>
            <div className="inline-pair">
              <select
                id={`${id}-duration`}
                value={form.duration}
                onChange={(event) => change('duration', { duration: event.target.value })}
                disabled={!access.allowed}
                data-testid={`${id}-duration`}
              >
                {SILENCE_DURATION_PRESETS.map((preset) => (
                  <option key={preset.value} value={preset.value}>
                    {preset.label}
                  </option>
                ))}
                <option value="custom">custom…</option>
              </select>
              {form.duration === 'custom' && (
                <input
                  type="text"
                  aria-label="Custom duration"
                  placeholder="e.g. 90m, 2h30m, 10d"
                  value={form.customDuration}
                  onChange={(event) => change('duration', { customDuration: event.target.value })}
                  disabled={!access.allowed}
                  spellCheck={false}
                  autoComplete="off"
                  data-testid={`${id}-custom-duration`}
                  {...invalid('duration')}
                />
              )}
            </div>
            {fieldError('duration')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-starts`}>Starts</label>
            <input
              id={`${id}-starts`}
              type="datetime-local"
              value={form.startsAt}
              onChange={(event) => change('startsAt', { startsAt: event.target.value })}
              disabled={!access.allowed}
              data-testid={`${id}-starts`}
              {...invalid('startsAt')}
            />
            <span className="field-hint">Empty: now. A later start makes a pending silence (planned maintenance).</span>
            {fieldError('startsAt')}
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-comment`}>Comment: why (required)</label>
          <textarea
            id={`${id}-comment`}
            rows={2}
            maxLength={2000}
            placeholder="e.g. Known provider outage, tracked in INC-42"
            value={form.comment}
            onChange={(event) => change('comment', { comment: event.target.value })}
            disabled={!access.allowed}
            data-testid={`${id}-comment`}
            {...invalid('comment')}
          />
          {fieldError('comment')}
        </div>
        {submitError && <LoadError error={submitError} testId={`${id}-error`} stale={false} />}
        <div className="button-row">
          <button
            type="submit"
            className="button primary"
            disabled={busy || !access.allowed}
            aria-busy={busy}
            title={access.reason ?? undefined}
            data-testid={`${id}-submit`}
          >
            {busy ? 'Creating…' : 'Create silence'}
          </button>
          <button type="button" className="button" onClick={onCancel} data-testid={`${id}-cancel`}>
            Cancel
          </button>
        </div>
      </form>
    </Card>
  );
}
