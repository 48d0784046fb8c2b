/**
 * Each channel kind through the real path (channel saved over the rpc, secret in the keychain, outbox,
 * dispatcher, HTTP) to a local receiver standing in for the service, checked against the service's
 * documented shape: Alertmanager webhook v4 with basic auth, Slack incoming webhook, PagerDuty Events API
 * v2 (trigger then resolve under one dedup_key), and an Alertmanager's `POST /api/v2/alerts` — including
 * the periodic re-send of the firing alerts that keeps them alive there.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotifiedAlert } from '../../../src-main/engine/alerts/notification';
import type { Host } from '../../../src-main/engine/host';
import type { ChannelsSaveRequest } from '../../../src-shared/domain/notifications';
import { tempDataDir } from '../../fixtures/temp-data-dir';
import { PagerDutyAlertEvent, PostableAlerts, SlackMessage, WebhookPayloadV4 } from '../../unit/notifications/documented-shapes';
import { groupNotification, notifiedAlert } from '../../unit/notifications/notification-fixtures';
import { developer, openHost } from './delivery-host';
import { type LocalReceiver, startReceiver, waitFor } from './local-receiver';

let data: ReturnType<typeof tempDataDir>;
let receiver: LocalReceiver;
let host: Host;
const channelIds: string[] = [];

beforeEach(async () => {
  data = tempDataDir('novel-notify-');
  receiver = await startReceiver();
  host = openHost(data.dir);
});

afterEach(async () => {
  for (const id of channelIds.splice(0)) await host.rpc.invoke('notifications.channels.delete', { id }, developer).catch(() => undefined);
  await host.close();
  await receiver.close();
  data.cleanup();
});

async function save(request: ChannelsSaveRequest | Record<string, unknown>) {
  const { channel } = await host.rpc.invoke('notifications.channels.save', request as ChannelsSaveRequest, developer);
  channelIds.push(channel.id);
  return channel;
}

const firing = (receiverId: string) =>
  groupNotification({
    receiver: receiverId,
    alerts: [
      notifiedAlert(),
      notifiedAlert({ fingerprint: 'b2', labels: { alertname: 'TurnLatencyHigh', severity: 'critical', campaign: 'reef' } }),
    ],
  });
const resolved = (receiverId: string) =>
  groupNotification({
    receiver: receiverId,
    status: 'resolved',
    alerts: [notifiedAlert({ status: 'resolved', endsAt: '2026-03-01T10:20:00.000Z' })],
  });

describe('notification payloads on the wire', () => {
  it('webhook: Alertmanager v4 body, basic auth and the idempotency key', async () => {
    await save({ id: 'hook', name: 'Hook', kind: 'webhook', secret: { url: `${receiver.url}/am`, username: 'alert', password: 's3cret' } });
    host.services.notifications.enqueue(firing('hook'), 'hook-firing');
    await waitFor(() => receiver.accepted().length === 1, 'the webhook');
    const [request] = receiver.accepted();
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('alert:s3cret').toString('base64')}`);
    expect(request?.headers['idempotency-key']).toBe('hook-firing');
    const body = WebhookPayloadV4.parse(request?.body);
    expect(body).toMatchObject({ version: '4', receiver: 'hook', status: 'firing', truncatedAlerts: 0 });
    expect(body.alerts).toHaveLength(2);
  });

  it('Slack: an incoming-webhook message with text, blocks and a colored attachment, firing then resolved', async () => {
    const channel = await save({
      id: 'slack-ops',
      name: 'Slack #ops',
      kind: 'slack',
      secret: { url: `${receiver.url}/services/T000/B000/XXXX` },
    });
    expect(channel.target).toBe(receiver.url);
    host.services.notifications.enqueue(firing('slack-ops'), 'slack-1');
    host.services.notifications.enqueue(resolved('slack-ops'), 'slack-2');
    await waitFor(() => receiver.accepted().length === 2, 'both Slack messages');
    const [first, second] = receiver.accepted().map((request) => SlackMessage.parse(request.body));
    expect(first?.text).toBe('[FIRING:2] TurnLatencyHigh — Turn p95 latency is above 10 s');
    expect(first?.attachments?.[0]?.color).toBe('#d63232');
    expect(second?.text).toMatch(/^\[RESOLVED\] TurnLatencyHigh/);
    expect(second?.attachments?.[0]?.color).toBe('#2eb67d');
    expect(receiver.accepted()[0]?.path).toBe('/services/T000/B000/XXXX');
  });

  it('PagerDuty: Events API v2 trigger and resolve under the group key, to the configured endpoint', async () => {
    receiver.answer(202, JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: 'x' }));
    await save({
      id: 'pd',
      name: 'PagerDuty',
      kind: 'pagerduty',
      settings: { url: `${receiver.url}/v2/enqueue`, source: 'novel-console.prod' },
      secret: { routingKey: 'R0123456789ABCDEF0123456789ABCDE' },
    });
    host.services.notifications.enqueue(firing('pd'), 'pd-1');
    host.services.notifications.enqueue(resolved('pd'), 'pd-2');
    await waitFor(() => receiver.accepted().length === 2, 'both events');
    const [trigger, resolve] = receiver.accepted().map((request) => PagerDutyAlertEvent.parse(request.body));
    expect(receiver.accepted()[0]?.path).toBe('/v2/enqueue');
    expect(trigger).toMatchObject({
      routing_key: 'R0123456789ABCDEF0123456789ABCDE',
      event_action: 'trigger',
      dedup_key: '{}:{alertname="TurnLatencyHigh"}',
      payload: {
        severity: 'critical',
        source: 'novel-console.prod',
        summary: '[FIRING:2] TurnLatencyHigh: Turn p95 latency is above 10 s',
      },
    });
    expect(resolve).toEqual({ routing_key: 'R0123456789ABCDEF0123456789ABCDE', event_action: 'resolve', dedup_key: trigger?.dedup_key });
  });

  it('Alertmanager: pushes postable alerts and re-sends the firing ones every period with endsAt ahead', async () => {
    let firingNow: NotifiedAlert[] = [notifiedAlert()];
    host.services.notifications.setAlertSource({ firing: () => firingNow });
    await save({ id: 'am', name: 'Alertmanager', kind: 'alertmanager', settings: { url: `${receiver.url}/`, resendIntervalMs: 150 } });
    // The periodic re-send: the firing alerts again and again, each valid for 4 periods from its sending.
    await waitFor(() => receiver.accepted().length >= 3, 'three re-sends');
    for (const request of receiver.accepted()) {
      expect(request.path).toBe('/api/v2/alerts');
      const alerts = PostableAlerts.parse(request.body);
      expect(alerts).toHaveLength(1);
      const endsIn = Date.parse(alerts[0]?.endsAt ?? '') - request.at;
      expect(endsIn).toBeGreaterThan(400);
      expect(endsIn).toBeLessThanOrEqual(600);
    }
    const gaps = receiver
      .accepted()
      .slice(1, 3)
      .map((request, index) => request.at - (receiver.accepted()[index]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(140);

    // A group notification (here: resolved) is pushed with its real end time, and nothing firing stops the re-sends.
    firingNow = [];
    const before = receiver.accepted().length;
    host.services.notifications.enqueue(resolved('am'), 'am-resolved');
    await waitFor(() => receiver.accepted().length === before + 1, 'the resolved alert');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver.accepted()).toHaveLength(before + 1);
    const last = PostableAlerts.parse(receiver.accepted().at(-1)?.body);
    expect(last[0]?.endsAt).toBe('2026-03-01T10:20:00.000Z');
  });
});
