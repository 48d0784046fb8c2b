/**
 * The notification channel form as plain data: the fields of each kind (webhook, Slack, PagerDuty,
 * Alertmanager, desktop), the secret kept apart from the settings, and the `notifications.channels.save`
 * request built from them. A stored secret is never shown back: editing a channel starts with the secret
 * fields empty, and leaving them empty keeps the stored one.
 */
import type { RequestOf } from '../../../../../src-shared/contract';
import type { ChannelKind } from '../../../../../src-shared/domain/notification-vocabulary';
import type { ChannelInfo } from '../../../../../src-shared/domain/notifications';

export interface ChannelForm {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  /** Secret: the webhook's or Slack's URL. */
  url: string;
  username: string;
  password: string;
  bearerToken: string;
  routingKey: string;
  /** Drop the stored secret (kinds whose secret is optional: Alertmanager's auth). */
  removeSecret: boolean;
  maxAlerts: string;
  timeoutMs: string;
  /** PagerDuty's Events API endpoint. */
  eventsUrl: string;
  source: string;
  /** The Alertmanager's base URL. */
  alertmanagerUrl: string;
  resendIntervalMs: string;
}

export type ChannelField =
  | 'id'
  | 'name'
  | 'url'
  | 'username'
  | 'password'
  | 'bearerToken'
  | 'routingKey'
  | 'maxAlerts'
  | 'timeoutMs'
  | 'eventsUrl'
  | 'source'
  | 'alertmanagerUrl'
  | 'resendIntervalMs';
export type ChannelFieldErrors = Partial<Record<ChannelField, string>>;

/** The kinds whose channel cannot work without a secret. */
export const SECRET_REQUIRED: Record<ChannelKind, boolean> = {
  desktop: false,
  webhook: true,
  slack: true,
  pagerduty: true,
  alertmanager: false,
};

export const PAGERDUTY_DEFAULT_URL = 'https://events.pagerduty.com/v2/enqueue';

export function newChannelForm(kind: ChannelKind = 'webhook'): ChannelForm {
  return {
    id: '',
    name: '',
    kind,
    enabled: true,
    url: '',
    username: '',
    password: '',
    bearerToken: '',
    routingKey: '',
    removeSecret: false,
    maxAlerts: kind === 'slack' ? '10' : '0',
    timeoutMs: '10000',
    eventsUrl: PAGERDUTY_DEFAULT_URL,
    source: 'novel-engine-console',
    alertmanagerUrl: '',
    resendIntervalMs: '60000',
  };
}

/** The form for editing a stored channel: its settings, and empty secret fields. */
export function channelToForm(channel: ChannelInfo): ChannelForm {
  const form = { ...newChannelForm(channel.kind), id: channel.id, name: channel.name, enabled: channel.enabled };
  switch (channel.kind) {
    case 'webhook':
    case 'slack':
      return { ...form, maxAlerts: String(channel.settings.maxAlerts), timeoutMs: String(channel.settings.timeoutMs) };
    case 'pagerduty':
      return { ...form, eventsUrl: channel.settings.url, source: channel.settings.source, timeoutMs: String(channel.settings.timeoutMs) };
    case 'alertmanager':
      return {
        ...form,
        alertmanagerUrl: channel.settings.url,
        resendIntervalMs: String(channel.settings.resendIntervalMs),
        timeoutMs: String(channel.settings.timeoutMs),
      };
    case 'desktop':
      return form;
  }
}

const CHANNEL_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function integerIn(text: string, min: number, max: number, field: ChannelField, errors: ChannelFieldErrors): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    errors[field] = `a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
    return min;
  }
  return value;
}

function urlField(text: string, field: ChannelField, errors: ChannelFieldErrors): string {
  const trimmed = text.trim();
  if (!isHttpUrl(trimmed)) errors[field] = 'an http:// or https:// URL';
  return trimmed;
}

/** Basic auth or a bearer token (or none): the HTTP auth part of a webhook's or an Alertmanager's secret. */
function httpAuth(form: ChannelForm, errors: ChannelFieldErrors): { username?: string; password?: string; bearerToken?: string } {
  const auth: { username?: string; password?: string; bearerToken?: string } = {};
  if ((form.username === '') !== (form.password === '')) errors.password = 'basic auth needs both a username and a password';
  if (form.bearerToken !== '' && form.username !== '') errors.bearerToken = 'use basic auth or a bearer token, not both';
  if (form.username !== '') auth.username = form.username;
  if (form.password !== '') auth.password = form.password;
  if (form.bearerToken !== '') auth.bearerToken = form.bearerToken;
  return auth;
}

export type BuiltChannel = { request: RequestOf<'notifications.channels.save'> } | { errors: ChannelFieldErrors };

/**
 * The save request. `secretSet`: the channel already has a secret in the keychain, so empty secret
 * fields keep it; otherwise a kind that needs one must get it now.
 */
export function buildChannelRequest(form: ChannelForm, secretSet: boolean): BuiltChannel {
  const errors: ChannelFieldErrors = {};
  if (!CHANNEL_ID.test(form.id)) errors.id = 'lowercase letters, digits, - and _, starting with a letter or digit (up to 64)';
  const name = form.name.trim();
  if (name === '') errors.name = 'give the channel a name people recognise, e.g. “On-call webhook”';
  const common = { id: form.id, name, enabled: form.enabled };
  const anySecret = [form.url, form.username, form.password, form.bearerToken, form.routingKey].some((value) => value !== '');
  const keep = !anySecret && secretSet;
  const needed = (field: ChannelField, message: string) => {
    if (!keep) errors[field] = message;
  };

  let request: RequestOf<'notifications.channels.save'>;
  switch (form.kind) {
    case 'desktop':
      request = { ...common, kind: 'desktop', settings: {} };
      break;
    case 'webhook': {
      const settings = {
        maxAlerts: integerIn(form.maxAlerts, 0, 1000, 'maxAlerts', errors),
        timeoutMs: integerIn(form.timeoutMs, 100, 60_000, 'timeoutMs', errors),
      };
      if (keep) request = { ...common, kind: 'webhook', settings };
      else {
        if (form.url.trim() === '') needed('url', 'the URL the notifications are POSTed to');
        const url = form.url.trim() === '' ? '' : urlField(form.url, 'url', errors);
        request = { ...common, kind: 'webhook', settings, secret: { url, ...httpAuth(form, errors) } };
      }
      break;
    }
    case 'slack': {
      const settings = {
        maxAlerts: integerIn(form.maxAlerts, 1, 20, 'maxAlerts', errors),
        timeoutMs: integerIn(form.timeoutMs, 100, 60_000, 'timeoutMs', errors),
      };
      if (keep) request = { ...common, kind: 'slack', settings };
      else {
        if (form.url.trim() === '') needed('url', 'the incoming webhook URL Slack gave you (https://hooks.slack.com/services/…)');
        const url = form.url.trim() === '' ? '' : urlField(form.url, 'url', errors);
        request = { ...common, kind: 'slack', settings, secret: { url } };
      }
      break;
    }
    case 'pagerduty': {
      const settings = {
        url: urlField(form.eventsUrl, 'eventsUrl', errors),
        source: form.source.trim(),
        timeoutMs: integerIn(form.timeoutMs, 100, 60_000, 'timeoutMs', errors),
      };
      if (settings.source === '') errors.source = 'what PagerDuty shows as the affected system';
      if (keep) request = { ...common, kind: 'pagerduty', settings };
      else {
        if (form.routingKey.trim() === '') needed('routingKey', 'the integration (routing) key of the PagerDuty service');
        request = { ...common, kind: 'pagerduty', settings, secret: { routingKey: form.routingKey.trim() } };
      }
      break;
    }
    case 'alertmanager': {
      const settings = {
        url: urlField(form.alertmanagerUrl, 'alertmanagerUrl', errors),
        resendIntervalMs: integerIn(form.resendIntervalMs, 100, 3_600_000, 'resendIntervalMs', errors),
        timeoutMs: integerIn(form.timeoutMs, 100, 60_000, 'timeoutMs', errors),
      };
      if (form.removeSecret) request = { ...common, kind: 'alertmanager', settings, secret: null };
      else if (!anySecret) request = { ...common, kind: 'alertmanager', settings };
      else request = { ...common, kind: 'alertmanager', settings, secret: httpAuth(form, errors) };
      break;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { request };
}

/** An engine issue path (`secret.url`, `settings.timeoutMs`, `id`) as the form's field. */
export function channelFieldOfIssue(path: string, kind: ChannelKind): ChannelField | null {
  const [first, second] = path.split('.');
  if (first === 'id' || first === 'name') return first;
  if (first === 'secret') {
    if (second === 'url' || second === 'username' || second === 'password' || second === 'bearerToken' || second === 'routingKey')
      return second;
    return kind === 'pagerduty' ? 'routingKey' : 'url';
  }
  if (first === 'settings') {
    if (second === 'url') return kind === 'pagerduty' ? 'eventsUrl' : 'alertmanagerUrl';
    if (second === 'maxAlerts' || second === 'timeoutMs' || second === 'source' || second === 'resendIntervalMs') return second;
  }
  return null;
}
