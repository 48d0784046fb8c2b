/**
 * The fields of one kind of notification channel: where it sends (settings, shown back when editing)
 * and its secret (write-only: a password field, empty when editing, with what leaving it empty means).
 */
import type { ReactNode } from 'react';
import type { ChannelField, ChannelForm } from './channel-form';

interface ChannelKindFieldsProps {
  form: ChannelForm;
  secretSet: boolean;
  change(field: ChannelField | null, next: Partial<ChannelForm>): void;
  control(field: ChannelField): Record<string, unknown>;
  fieldError(field: ChannelField): ReactNode;
}

export function ChannelKindFields({ form, secretSet, change, control, fieldError }: ChannelKindFieldsProps) {
  const text = (
    field: ChannelField,
    label: string,
    options: { placeholder?: string; hint?: ReactNode; secret?: boolean; numeric?: boolean } = {},
  ) => (
    <div className="field">
      <label htmlFor={`channel-${field}`}>{label}</label>
      <input
        {...control(field)}
        type={options.secret ? 'password' : 'text'}
        inputMode={options.numeric ? 'numeric' : undefined}
        value={form[field as keyof ChannelForm] as string}
        placeholder={options.placeholder}
        onChange={(event) => change(field, { [field]: event.target.value } as Partial<ChannelForm>)}
        autoComplete={options.secret ? 'new-password' : 'off'}
        spellCheck={false}
      />
      {options.hint && <span className="field-hint">{options.hint}</span>}
      {fieldError(field)}
    </div>
  );
  const secretNote = (
    <p className="field-hint secret-note" data-testid="channel-secret-note">
      {secretSet
        ? 'A secret is stored in the OS keychain and is never shown. Leave these fields empty to keep it; to change any part, enter all of it again.'
        : 'Kept in the OS keychain, never in the database, and never shown again after saving.'}
    </p>
  );
  const auth = (
    <>
      <div className="field-pair">
        {text('username', 'Basic auth username (optional)')}
        {text('password', 'Basic auth password', { secret: true })}
      </div>
      {text('bearerToken', 'Or a bearer token (optional)', { secret: true })}
    </>
  );
  const timeout = text('timeoutMs', 'Timeout (ms)', { numeric: true, hint: '100 to 60,000' });

  switch (form.kind) {
    case 'desktop':
      return (
        <p className="field-hint" data-testid="channel-desktop-note">
          A desktop notification from the console app. Served headless (in a browser), desktop channels record an error instead.
        </p>
      );
    case 'webhook':
      return (
        <>
          <fieldset className="field-group">
            <legend>Secret</legend>
            {secretNote}
            {text('url', 'Webhook URL', {
              secret: true,
              placeholder: 'https://example.com/hooks/alerts?token=…',
              hint: 'Receives the Alertmanager webhook v4 payload as JSON (POST).',
            })}
            {auth}
          </fieldset>
          <fieldset className="field-group">
            <legend>Settings</legend>
            <div className="field-pair">
              {text('maxAlerts', 'Alerts per message', { numeric: true, hint: '0 = all (the rest are counted as truncated)' })}
              {timeout}
            </div>
          </fieldset>
        </>
      );
    case 'slack':
      return (
        <>
          <fieldset className="field-group">
            <legend>Secret</legend>
            {secretNote}
            {text('url', 'Slack incoming webhook URL', { secret: true, placeholder: 'https://hooks.slack.com/services/…' })}
          </fieldset>
          <fieldset className="field-group">
            <legend>Settings</legend>
            <div className="field-pair">
              {text('maxAlerts', 'Alerts listed per message', { numeric: true, hint: '1 to 20; the rest read “and N more”' })}
              {timeout}
            </div>
          </fieldset>
        </>
      );
    case 'pagerduty':
      return (
        <>
          <fieldset className="field-group">
            <legend>Secret</legend>
            {secretNote}
            {text('routingKey', 'Routing (integration) key', {
              secret: true,
              hint: 'From the PagerDuty service’s Events API v2 integration.',
            })}
          </fieldset>
          <fieldset className="field-group">
            <legend>Settings</legend>
            {text('eventsUrl', 'Events API endpoint', { hint: 'The default is PagerDuty’s; a compatible service or proxy may stand in.' })}
            <div className="field-pair">
              {text('source', 'Source (the affected system)')}
              {timeout}
            </div>
          </fieldset>
        </>
      );
    case 'alertmanager':
      return (
        <>
          <fieldset className="field-group">
            <legend>Settings</legend>
            {text('alertmanagerUrl', 'Alertmanager URL', {
              placeholder: 'http://alertmanager.example:9093',
              hint: 'Firing alerts are pushed to {url}/api/v2/alerts and re-sent until they resolve.',
            })}
            <div className="field-pair">
              {text('resendIntervalMs', 'Re-send every (ms)', {
                numeric: true,
                hint: 'Alertmanager forgets an alert whose endsAt passes; 60,000 is Prometheus’ default.',
              })}
              {timeout}
            </div>
          </fieldset>
          <fieldset className="field-group">
            <legend>Secret (optional)</legend>
            {secretNote}
            {auth}
            {secretSet && (
              <label className="inline-field">
                <input
                  type="checkbox"
                  checked={form.removeSecret}
                  onChange={(event) => change(null, { removeSecret: event.target.checked })}
                  data-testid="channel-remove-secret"
                />
                <span>Remove the stored credentials</span>
              </label>
            )}
          </fieldset>
        </>
      );
  }
}
