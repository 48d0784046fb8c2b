import { describe, expect, it } from 'vitest';
import {
  buildChannelRequest,
  channelFieldOfIssue,
  channelToForm,
  newChannelForm,
} from '../../../../../src-renderer/src/pages/alerts/channels/channel-form';
import { buildSilenceRequest, newSilenceForm } from '../../../../../src-renderer/src/pages/alerts/silences/silence-form';
import type { ChannelInfo } from '../../../../../src-shared/domain/notifications';

describe('the silence form', () => {
  it('builds silences.create from the prefilled matchers, a preset and a comment', () => {
    const form = { ...newSilenceForm([{ label: 'alertname', op: '=', value: 'TurnFailureRateHigh' }]), comment: ' provider outage ' };
    expect(buildSilenceRequest(form)).toEqual({
      request: { matchers: [{ label: 'alertname', op: '=', value: 'TurnFailureRateHigh' }], duration: '1h', comment: 'provider outage' },
    });
  });

  it('refuses what the engine would refuse, field by field', () => {
    expect(buildSilenceRequest(newSilenceForm())).toEqual({
      errors: { matchers: 'add at least one matcher', comment: 'say why (a comment is required)' },
    });
    const everything = { ...newSilenceForm([{ label: 'team', op: '=~', value: '.*' }]), comment: 'x' };
    expect(buildSilenceRequest(everything)).toHaveProperty('errors.matchers');
    const custom = {
      ...newSilenceForm([{ label: 'a', op: '=', value: 'b' }]),
      duration: 'custom',
      customDuration: 'two hours',
      comment: 'x',
    };
    expect(buildSilenceRequest(custom)).toHaveProperty('errors.duration');
  });

  it('starts later when a start is given', () => {
    const form = { ...newSilenceForm([{ label: 'a', op: '=', value: 'b' }]), comment: 'maintenance', startsAt: '2030-01-02T03:04' };
    const built = buildSilenceRequest(form);
    expect('request' in built && built.request.startsAt).toBe(new Date('2030-01-02T03:04').toISOString());
  });
});

const stored: ChannelInfo = {
  id: 'oncall',
  name: 'On-call',
  enabled: true,
  kind: 'webhook',
  settings: { maxAlerts: 0, timeoutMs: 5000 },
  target: 'http://127.0.0.1:9999',
  secretSet: true,
  breaker: { state: 'closed', changedAt: null, retryInMs: 0 },
  pending: 0,
  lastDeliveredAt: null,
  lastError: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  updatedBy: 'admin',
};

describe('the channel form', () => {
  it('sends the secret of a new webhook with its settings', () => {
    const form = { ...newChannelForm('webhook'), id: 'oncall', name: 'On-call', url: 'http://127.0.0.1:9999/hook', bearerToken: 't0k' };
    expect(buildChannelRequest(form, false)).toEqual({
      request: {
        id: 'oncall',
        name: 'On-call',
        enabled: true,
        kind: 'webhook',
        settings: { maxAlerts: 0, timeoutMs: 10_000 },
        secret: { url: 'http://127.0.0.1:9999/hook', bearerToken: 't0k' },
      },
    });
  });

  it('keeps a stored secret when its fields are left empty, and never shows it back', () => {
    const form = channelToForm(stored);
    expect(form.url).toBe('');
    const built = buildChannelRequest({ ...form, name: 'Renamed' }, true);
    expect(built).toEqual({
      request: { id: 'oncall', name: 'Renamed', enabled: true, kind: 'webhook', settings: { maxAlerts: 0, timeoutMs: 5000 } },
    });
  });

  it('asks for what each kind needs', () => {
    expect(buildChannelRequest({ ...newChannelForm('slack'), id: 's', name: 'S' }, false)).toHaveProperty('errors.url');
    expect(buildChannelRequest({ ...newChannelForm('pagerduty'), id: 'p', name: 'P' }, false)).toHaveProperty('errors.routingKey');
    expect(
      buildChannelRequest({ ...newChannelForm('alertmanager'), id: 'a', name: 'A', alertmanagerUrl: 'ftp://x' }, false),
    ).toHaveProperty('errors.alertmanagerUrl');
    expect(buildChannelRequest({ ...newChannelForm('webhook'), id: 'Bad Id', name: 'W', url: 'http://x' }, false)).toHaveProperty(
      'errors.id',
    );
    expect(buildChannelRequest({ ...newChannelForm('desktop'), id: 'd', name: 'Desk' }, false)).toEqual({
      request: { id: 'd', name: 'Desk', enabled: true, kind: 'desktop', settings: {} },
    });
  });

  it('places the engine’s issue paths on fields', () => {
    expect(channelFieldOfIssue('secret.url', 'webhook')).toBe('url');
    expect(channelFieldOfIssue('settings.url', 'pagerduty')).toBe('eventsUrl');
    expect(channelFieldOfIssue('settings.url', 'alertmanager')).toBe('alertmanagerUrl');
    expect(channelFieldOfIssue('secret', 'pagerduty')).toBe('routingKey');
  });
});
