/**
 * Create or edit a notification channel (`#/alerts/channels/new`, `#/alerts/channels/<id>`): its id
 * (the receiver name routes use; fixed once saved), name, kind and the fields of that kind. Secrets —
 * webhook and Slack URLs, PagerDuty routing keys, HTTP credentials — go to the OS keychain through the
 * save and are never shown again: editing starts with them empty, and empty keeps the stored one.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { CHANNEL_KIND_LABELS, type ChannelKind } from '../../../../../src-shared/domain/notification-vocabulary';
import type { ChannelInfo } from '../../../../../src-shared/domain/notifications';
import { useBridge } from '../../../bridge-context';
import { useAdminAccess } from '../../../stores/alert-access-store';
import { useNotificationChannelsStore } from '../../../stores/notification-channels-store';
import { Card, Pending } from '../../../ui/Card';
import type { ErrorView } from '../../../ui/error-view';
import { AccessNote, LoadError } from '../AccessNotices';
import { CHANNEL_KIND_ORDER } from '../alert-labels';
import { alertsHref } from '../alerts-route';
import { ChannelKindFields } from './ChannelKindFields';
import {
  buildChannelRequest,
  type ChannelField,
  type ChannelFieldErrors,
  type ChannelForm,
  channelFieldOfIssue,
  channelToForm,
  newChannelForm,
} from './channel-form';

export function ChannelEditorView({ id }: { id: string | null }) {
  const bridge = useBridge();
  const channels = useNotificationChannelsStore((store) => store.channels);

  useEffect(() => {
    if (id !== null) void useNotificationChannelsStore.getState().load(bridge);
  }, [bridge, id]);

  const channel = id === null ? null : (channels.data?.find((one) => one.id === id) ?? null);
  const breadcrumb = (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <a href={alertsHref.channels()}>Channels</a> › <span aria-current="page">{channel?.name ?? id ?? 'New channel'}</span>
    </nav>
  );
  if (id !== null && !channel) {
    return (
      <div className="channel-editor">
        {breadcrumb}
        {channels.error ? (
          <LoadError error={channels.error} testId="channel-load-error" stale={false} />
        ) : channels.data && !channels.loading ? (
          <LoadError
            error={{ code: 'not_found', message: `there is no channel ${id}; it may have been deleted` }}
            testId="channel-load-error"
            stale={false}
          />
        ) : (
          <Pending>Loading the channel…</Pending>
        )}
      </div>
    );
  }
  return (
    <div className="channel-editor">
      {breadcrumb}
      <ChannelFormCard key={channel?.id ?? 'new'} channel={channel} />
    </div>
  );
}

function ChannelFormCard({ channel }: { channel: ChannelInfo | null }) {
  const bridge = useBridge();
  const access = useAdminAccess('Creating and editing channels');
  const [form, setForm] = useState<ChannelForm>(() => (channel ? channelToForm(channel) : newChannelForm()));
  const [errors, setErrors] = useState<ChannelFieldErrors>({});
  const [submitError, setSubmitError] = useState<ErrorView | null>(null);
  const [busy, setBusy] = useState(false);
  const editing = channel !== null;

  const change = (field: ChannelField | null, next: Partial<ChannelForm>) => {
    setForm((current) => ({ ...current, ...next }));
    if (field) setErrors(({ [field]: _cleared, ...rest }) => rest);
    setSubmitError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildChannelRequest(form, channel?.secretSet ?? false);
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    const outcome = await useNotificationChannelsStore.getState().save(bridge, built.request);
    setBusy(false);
    if ('channel' in outcome) {
      window.location.hash = alertsHref.channels();
      return;
    }
    const fieldErrors: ChannelFieldErrors = {};
    for (const issue of outcome.issues) {
      const field = channelFieldOfIssue(issue.field, form.kind);
      if (field && !fieldErrors[field]) fieldErrors[field] = issue.message;
    }
    setErrors(fieldErrors);
    setSubmitError(Object.keys(fieldErrors).length > 0 ? null : outcome.error);
  };

  const fieldError = (field: ChannelField) =>
    errors[field] && (
      <p className="field-error" id={`channel-${field}-error`} role="alert" data-testid={`channel-${field}-error`}>
        {errors[field]}
      </p>
    );
  const control = (field: ChannelField) => ({
    id: `channel-${field}`,
    'data-testid': `channel-${field}`,
    'aria-invalid': errors[field] ? (true as const) : undefined,
    'aria-describedby': errors[field] ? `channel-${field}-error` : undefined,
    disabled: !access.allowed,
  });

  return (
    <Card id="channel-form-card" title={editing ? `Edit ${channel.name}` : 'New notification channel'}>
      <AccessNote reason={access.reason} testId="channel-access" />
      <form className="channel-form" onSubmit={(event) => void submit(event)} noValidate data-testid="channel-form">
        <div className="field-pair">
          <div className="field">
            <label htmlFor="channel-kind">Kind</label>
            <select
              id="channel-kind"
              data-testid="channel-kind"
              value={form.kind}
              onChange={(event) => {
                const kind = event.target.value as ChannelKind;
                setForm((current) => ({ ...newChannelForm(kind), id: current.id, name: current.name, enabled: current.enabled }));
                setErrors({});
              }}
              disabled={editing || !access.allowed}
            >
              {CHANNEL_KIND_ORDER.map((kind) => (
                <option key={kind} value={kind}>
                  {CHANNEL_KIND_LABELS[kind]}
                </option>
              ))}
            </select>
            {editing && <span className="field-hint">A channel keeps its kind; create another for a different kind.</span>}
          </div>
          <div className="field">
            <label htmlFor="channel-id">Id (the receiver name in routes)</label>
            <input
              {...control('id')}
              type="text"
              value={form.id}
              placeholder="e.g. oncall-webhook"
              onChange={(event) => change('id', { id: event.target.value })}
              readOnly={editing}
              spellCheck={false}
              autoComplete="off"
            />
            {fieldError('id')}
          </div>
        </div>
        <div className="field">
          <label htmlFor="channel-name">Name</label>
          <input
            {...control('name')}
            type="text"
            maxLength={100}
            value={form.name}
            placeholder="e.g. On-call webhook"
            onChange={(event) => change('name', { name: event.target.value })}
            autoComplete="off"
          />
          {fieldError('name')}
        </div>
        <ChannelKindFields form={form} secretSet={channel?.secretSet ?? false} change={change} control={control} fieldError={fieldError} />
        <label className="inline-field">
          <input
            type="checkbox"
            checked={form.enabled}
            onChange={(event) => change(null, { enabled: event.target.checked })}
            disabled={!access.allowed}
            data-testid="channel-enabled"
          />
          <span>Enabled (a disabled channel skips its notifications)</span>
        </label>
        {submitError && <LoadError error={submitError} testId="channel-save-error" stale={false} />}
        <div className="button-row">
          <button
            type="submit"
            className="button primary"
            disabled={busy || !access.allowed}
            aria-busy={busy}
            title={access.reason ?? undefined}
            data-testid="channel-save"
          >
            {busy ? 'Saving…' : editing ? 'Save channel' : 'Create channel'}
          </button>
          <a className="button" href={alertsHref.channels()} data-testid="channel-cancel">
            Cancel
          </a>
        </div>
      </form>
    </Card>
  );
}
