/**
 * Guaranteed delivery (SPEC section 6, Delivery; issue 6 item 4) against a real webhook receiver on
 * 127.0.0.1: while it is down, notifications wait in the outbox (retried with backoff, then held by the
 * channel's open circuit breaker); once it is back every notification arrives, in order per group, with
 * no idempotency key twice — and closing the engine mid-retry and opening it again on the same data dir
 * loses nothing. Runs inside the private keyring session (the webhook URL is a keychain secret).
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Host } from '../../../src-main/engine/host';
import { tempDataDir } from '../../fixtures/temp-data-dir';
import { WebhookPayloadV4 } from '../../unit/notifications/documented-shapes';
import { groupNotification, notifiedAlert } from '../../unit/notifications/notification-fixtures';
import { developer, metricValue, openHost } from './delivery-host';
import { type LocalReceiver, startReceiver, waitFor } from './local-receiver';

let data: ReturnType<typeof tempDataDir>;
let receiver: LocalReceiver;
const hosts: Host[] = [];

beforeEach(async () => {
  data = tempDataDir('novel-notify-');
  receiver = await startReceiver();
});

afterEach(async () => {
  for (const host of hosts.splice(0)) {
    await host.rpc.invoke('notifications.channels.delete', { id: 'ops-hook' }, developer).catch(() => undefined);
    await host.close();
  }
  await receiver.close();
  data.cleanup();
});

function open(): Host {
  const host = openHost(data.dir);
  hosts.push(host);
  return host;
}

async function addWebhook(host: Host, token: string) {
  await host.rpc.invoke(
    'notifications.channels.save',
    { id: 'ops-hook', name: 'Ops webhook', kind: 'webhook', secret: { url: `${receiver.url}/hooks/alerts?token=${token}` } },
    developer,
  );
}

/** `groups` alert groups, each firing then resolved: 2 × groups notifications with their idempotency keys. */
function storm(groups: number) {
  const sent: Array<{ key: string; groupKey: string; status: 'firing' | 'resolved' }> = [];
  const notifications = [];
  for (let index = 0; index < groups; index++) {
    const name = `TurnFailureRate${index}`;
    for (const status of ['firing', 'resolved'] as const) {
      const alert = notifiedAlert({
        name,
        labels: { alertname: name, severity: 'warning', campaign: 'harbour' },
        status,
        fingerprint: `fp${index}`,
        endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-03-01T10:30:00.000Z',
      });
      const notification = groupNotification({ receiver: 'ops-hook', alerts: [alert], groupKey: `{}:{alertname="${name}"}` });
      const key = `ops-hook/${notification.groupKey}/${status}`;
      notifications.push({ notification, key });
      sent.push({ key, groupKey: notification.groupKey, status });
    }
  }
  return { notifications, sent };
}

function receivedKeys(): string[] {
  return receiver.accepted().map((request) => String(request.headers['idempotency-key']));
}

describe('webhook delivery through the outbox', () => {
  it('delivers every notification exactly once (by idempotency key) after the receiver was down for a while', async () => {
    const host = open();
    const token = randomBytes(12).toString('hex');
    await addWebhook(host, token);
    await receiver.down();

    const { notifications, sent } = storm(12);
    for (const { notification, key } of notifications) host.services.notifications.enqueue(notification, key);
    // The alert engine may hand the same state change over again (a re-evaluation after a restart): ignored.
    for (const { notification, key } of notifications.slice(0, 5)) host.services.notifications.enqueue(notification, key);

    // Down: attempts fail, the breaker opens after 5 failures and the rows wait, none lost or dropped.
    await waitFor(() => host.services.notifications.listChannels()[0]?.breaker.state === 'open', 'the breaker to open');
    expect(await metricValue(host, 'novel_engine_circuit_breaker_state', { breaker: 'channel:ops-hook' })).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const [channel] = host.services.notifications.listChannels();
    expect(channel).toMatchObject({ pending: 24, lastDeliveredAt: null });
    expect(channel?.lastError?.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(channel?.lastError?.message).not.toContain(token);
    const waiting = await host.rpc.invoke('notifications.deliveries.list', { channelId: 'ops-hook', status: 'pending' }, developer);
    expect(waiting.deliveries).toHaveLength(24);

    await receiver.up();
    await waitFor(() => receiver.accepted().length >= 24, 'every notification to arrive');
    await waitFor(() => host.services.notifications.listChannels()[0]?.pending === 0, 'the outbox to drain');
    await new Promise((resolve) => setTimeout(resolve, 200));

    const keys = receivedKeys();
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(sent.map((entry) => entry.key).sort());
    for (const request of receiver.accepted()) {
      expect(request.path).toBe(`/hooks/alerts?token=${token}`);
      expect(request.headers['content-type']).toBe('application/json');
      WebhookPayloadV4.parse(request.body);
    }
    // One channel sends oldest first: each group's resolved notification arrives after its firing one.
    for (const { groupKey } of sent.filter((entry) => entry.status === 'firing')) {
      const statuses = receiver.accepted().filter((request) => (request.body as { groupKey: string }).groupKey === groupKey);
      expect(statuses.map((request) => (request.body as { status: string }).status)).toEqual(['firing', 'resolved']);
    }
    // Probes succeeded: the breaker closed again, and both show on /metrics.
    await waitFor(() => host.services.notifications.listChannels()[0]?.breaker.state === 'closed', 'the breaker to close');
    expect(
      await metricValue(host, 'novel_engine_circuit_breaker_transitions_total', { breaker: 'channel:ops-hook', to: 'open' }),
    ).toBeGreaterThanOrEqual(1);
    expect(await metricValue(host, 'novel_engine_notifications_total', { channel_kind: 'webhook', outcome: 'delivered' })).toBe(24);
    expect(
      await metricValue(host, 'novel_engine_notifications_total', { channel_kind: 'webhook', outcome: 'retried' }),
    ).toBeGreaterThanOrEqual(5);
    expect(await metricValue(host, 'novel_engine_notifications_pending', { channel_kind: 'webhook' })).toBe(0);
    const delivered = await host.rpc.invoke('notifications.deliveries.list', { channelId: 'ops-hook', status: 'delivered' }, developer);
    expect(delivered.deliveries).toHaveLength(24);
    expect(delivered.deliveries.some((delivery) => delivery.attempts > 1)).toBe(true);
  });

  it('loses nothing when the engine is closed mid-retry and opened again on the same data dir', async () => {
    const first = open();
    await addWebhook(first, 'restart');
    await receiver.answer(503, 'maintenance');
    const { notifications, sent } = storm(5);
    for (const { notification, key } of notifications) first.services.notifications.enqueue(notification, key);
    // Every row has been tried and refused at least once... (503: the receiver saw the requests, refused them)
    await waitFor(() => first.services.notifications.listChannels()[0]?.lastError !== null, 'a first failed attempt');
    const tried = await first.rpc.invoke('notifications.deliveries.list', { channelId: 'ops-hook' }, developer);
    expect(tried.deliveries.every((delivery) => delivery.status === 'pending')).toBe(true);
    expect(tried.deliveries.some((delivery) => delivery.attempts >= 1 && delivery.lastError?.includes('HTTP 503: maintenance'))).toBe(true);
    // ...then the engine stops while retrying.
    hosts.splice(hosts.indexOf(first), 1);
    await first.close();
    expect(receiver.accepted()).toHaveLength(0);

    receiver.answer(200);
    const second = open();
    await waitFor(() => receiver.accepted().length >= 10, 'the notifications queued before the restart');
    await waitFor(() => second.services.notifications.listChannels()[0]?.pending === 0, 'the outbox to drain');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const keys = receivedKeys();
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(sent.map((entry) => entry.key).sort());
    const after = await second.rpc.invoke('notifications.deliveries.list', { channelId: 'ops-hook' }, developer);
    expect(after.deliveries.every((delivery) => delivery.status === 'delivered')).toBe(true);
  });

  it('gives up a notification the receiver refuses as malformed (HTTP 400) at once, and goes on with the next', async () => {
    const host = open();
    await addWebhook(host, 'refused');
    receiver.answer(400, 'invalid payload');
    host.services.notifications.enqueue(groupNotification({ receiver: 'ops-hook' }), 'refused-1');
    await waitFor(() => host.services.notifications.listChannels()[0]?.lastError !== null, 'the refusal');
    receiver.answer(200);
    host.services.notifications.enqueue(groupNotification({ receiver: 'ops-hook', groupKey: 'next' }), 'accepted-2');
    await waitFor(() => receiver.accepted().length === 1, 'the next notification');
    const { deliveries } = await host.rpc.invoke('notifications.deliveries.list', { channelId: 'ops-hook' }, developer);
    expect(deliveries.map((delivery) => [delivery.idempotencyKey, delivery.status, delivery.attempts])).toEqual([
      ['accepted-2', 'delivered', 1],
      ['refused-1', 'failed', 1],
    ]);
    expect(deliveries[1]?.lastError).toMatch(/answered HTTP 400: invalid payload$/);
    expect(await metricValue(host, 'novel_engine_notifications_total', { channel_kind: 'webhook', outcome: 'failed' })).toBe(1);
  });

  it('gives a notification up once the retry horizon has passed, and counts it as failed', async () => {
    let clock = Date.UTC(2026, 2, 1, 12);
    const host = openHost(data.dir, { notifications: { now: () => clock, retry: { baseMs: 20, capMs: 200, horizonMs: 24 * 3600_000 } } });
    hosts.push(host);
    await addWebhook(host, 'horizon');
    await receiver.down();
    host.services.notifications.enqueue(groupNotification({ receiver: 'ops-hook' }), 'too-late');
    await waitFor(() => host.services.notifications.listChannels()[0]?.lastError !== null, 'a first failed attempt');
    expect(host.services.notifications.listDeliveries({ channelId: 'ops-hook', limit: 1 })[0]?.status).toBe('pending');
    clock += 24 * 3600_000 + 1;
    await waitFor(
      () => host.services.notifications.listDeliveries({ channelId: 'ops-hook', limit: 1 })[0]?.status === 'failed',
      'the give-up',
    );
    const [row] = host.services.notifications.listDeliveries({ channelId: 'ops-hook', limit: 1 });
    expect(row?.lastError).toMatch(/^gave up after \d+ attempts: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(await metricValue(host, 'novel_engine_notifications_total', { channel_kind: 'webhook', outcome: 'failed' })).toBe(1);
  });
});
