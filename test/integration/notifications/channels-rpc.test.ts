/**
 * The notification channels as an operator meets them through the contract: who may see and change them
 * (metrics.view / metrics.admin), the audit trail of changes, secrets kept only in the keychain (read back
 * with secret-tool, and in no file under the data dir — database, WAL or log), "send test" reporting
 * success or the error, the desktop kind outside the desktop app, receivers that do not exist or are
 * disabled, and the notifications.changed topic.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureInstance } from '../../../src-main/engine/db/instance';
import type { Host } from '../../../src-main/engine/host';
import { createFileLogger, type FileLogger } from '../../../src-main/engine/logger';
import type { DesktopNotification } from '../../../src-main/engine/notifications/desktop-notifier';
import { KEYCHAIN_SERVICE } from '../../../src-main/engine/security/keychain-credentials';
import type { NotificationsChanged } from '../../../src-shared/domain/notifications';
import { ContractError } from '../../../src-shared/errors';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';
import { groupNotification } from '../../unit/notifications/notification-fixtures';
import { developer, openHost } from './delivery-host';
import { type LocalReceiver, startReceiver, waitFor } from './local-receiver';

let data: ReturnType<typeof tempDataDir>;
let receiver: LocalReceiver;
let host: Host;
let fileLog: FileLogger | undefined;
const channelIds = new Set<string>();

beforeEach(async () => {
  data = tempDataDir('novel-notify-');
  receiver = await startReceiver();
});

afterEach(async () => {
  for (const id of channelIds) await host.rpc.invoke('notifications.channels.delete', { id }, developer).catch(() => undefined);
  channelIds.clear();
  await host.close();
  await fileLog?.close();
  fileLog = undefined;
  await receiver.close();
  data.cleanup();
});

function secretToolLookup(account: string): string | null {
  const result = spawnSync('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'account', account], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return result.status === 0 ? result.stdout : null;
}

function filesContaining(dir: string, secret: string): string[] {
  const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64'))];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => needles.some((needle) => readFileSync(file).includes(needle)));
}

async function save(request: Record<string, unknown>, identity = developer) {
  const { channel } = await host.rpc.invoke('notifications.channels.save', request as never, identity);
  channelIds.add(channel.id);
  return channel;
}

async function rejection(work: Promise<unknown>): Promise<ContractError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

describe('notification channels over the contract', () => {
  it('keeps a channel secret in the keychain only: secret-tool finds it, no file under the data dir holds it', async () => {
    fileLog = await createFileLogger({ dataDir: data.dir, level: 'debug' });
    host = openHost(data.dir, { logger: fileLog.logger });
    const token = `tok-${randomBytes(18).toString('base64url')}`;
    const channel = await save({
      id: 'hook',
      name: 'Ops hook',
      kind: 'webhook',
      secret: { url: `${receiver.url}/hook/${token}`, bearerToken: `${token}-bearer` },
    });
    expect(channel).toMatchObject({
      id: 'hook',
      kind: 'webhook',
      secretSet: true,
      target: receiver.url,
      enabled: true,
      updatedBy: developer.userId,
    });
    expect(JSON.stringify(channel)).not.toContain(token);

    const { instanceId } = ensureInstance(host.db, 'test');
    const stored = secretToolLookup(`${instanceId}/channel.hook.secret`);
    expect(JSON.parse(stored ?? 'null')).toEqual({ url: `${receiver.url}/hook/${token}`, bearerToken: `${token}-bearer` });

    // Deliveries (and a failing one, whose error is stored and logged) use it without writing it anywhere.
    host.services.notifications.enqueue(groupNotification({ receiver: 'hook' }), 'k1');
    await waitFor(() => receiver.accepted().length === 1, 'the delivery');
    expect(receiver.accepted()[0]?.headers.authorization).toBe(`Bearer ${token}-bearer`);
    receiver.answer(500, 'boom');
    expect((await host.rpc.invoke('notifications.channels.test', { id: 'hook' }, developer)).ok).toBe(false);
    const listed = await host.rpc.invoke('notifications.channels.list', {}, developer);
    expect(JSON.stringify(listed)).not.toContain(token);
    const audit = await host.rpc.invoke('audit.list', { action: 'notifications.channels.save' }, identityForRole('admin', 'admin'));
    expect(audit.entries[0]).toMatchObject({ actor: developer.userId, target: 'channel:hook', outcome: 'ok' });

    await host.close();
    await fileLog.close();
    fileLog = undefined;
    expect(filesContaining(data.dir, token)).toEqual([]);
    host = openHost(data.dir);

    // Deleting the channel deletes its secret.
    expect(await host.rpc.invoke('notifications.channels.delete', { id: 'hook' }, developer)).toEqual({ deleted: true });
    channelIds.delete('hook');
    expect(secretToolLookup(`${instanceId}/channel.hook.secret`)).toBeNull();
  });

  it('lets metrics.view see channels and metrics.admin change them; others are refused', async () => {
    host = openHost(data.dir);
    const storyMaster = identityForRole('sm', 'story_master');
    expect((await rejection(host.rpc.invoke('notifications.channels.list', {}, storyMaster))).code).toBe('forbidden');
    expect((await rejection(host.rpc.invoke('notifications.deliveries.list', {}, storyMaster))).code).toBe('forbidden');
    expect((await rejection(save({ id: 'x', name: 'X', kind: 'desktop' }, storyMaster))).code).toBe('forbidden');
    expect((await rejection(host.rpc.invoke('notifications.channels.test', { id: 'x' }, identityForRole('p', 'player')))).code).toBe(
      'forbidden',
    );
    const denied = await host.rpc.invoke('audit.list', { outcome: 'denied' }, identityForRole('admin', 'admin'));
    expect(denied.entries.map((entry) => entry.action)).toContain('notifications.channels.save');
  });

  it('asks for the secret a kind needs, keeps it across edits that do not resend it, and checks channel ids', async () => {
    host = openHost(data.dir);
    const missing = await rejection(save({ id: 'slack-ops', name: 'Slack', kind: 'slack' }));
    expect(missing.code).toBe('invalid_request');
    expect(missing.issues).toEqual([{ field: 'secret', message: 'required' }]);
    expect((await rejection(save({ id: 'Bad Id', name: 'x', kind: 'desktop' }))).issues?.[0]?.field).toBe('id');
    expect(
      (await rejection(save({ id: 'hook', name: 'x', kind: 'webhook', secret: { url: 'ftp://example.org' } }))).issues?.[0]?.field,
    ).toBe('secret.url');

    await save({ id: 'hook', name: 'Hook', kind: 'webhook', secret: { url: `${receiver.url}/a` } });
    const renamed = await save({ id: 'hook', name: 'Ops hook', kind: 'webhook', settings: { maxAlerts: 5 } });
    expect(renamed).toMatchObject({
      name: 'Ops hook',
      secretSet: true,
      target: receiver.url,
      settings: { maxAlerts: 5, timeoutMs: 10_000 },
    });
    const tested = await host.rpc.invoke('notifications.channels.test', { id: 'hook' }, developer);
    expect(tested).toMatchObject({ ok: true, error: null });
    expect(receiver.accepted()[0]?.path).toBe('/a');
  });

  it('"send test" goes through the real path and reports success, or the error in one sentence', async () => {
    host = openHost(data.dir);
    await save({ id: 'hook', name: 'Hook', kind: 'webhook', secret: { url: `${receiver.url}/hook` } });
    const ok = await host.rpc.invoke('notifications.channels.test', { id: 'hook' }, developer);
    expect(ok).toMatchObject({ ok: true, error: null });
    const body = receiver.accepted()[0]?.body as { alerts: Array<{ labels: Record<string, string> }> };
    expect(body.alerts[0]?.labels).toEqual({ alertname: 'NovelConsoleTestNotification', severity: 'info', channel: 'hook' });

    await receiver.down();
    const failed = await host.rpc.invoke('notifications.channels.test', { id: 'hook' }, developer);
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); check that the service is up and the URL is right$/,
    );
    const { deliveries } = await host.rpc.invoke('notifications.deliveries.list', { channelId: 'hook' }, developer);
    expect(deliveries.map((delivery) => [delivery.id, delivery.status, delivery.test])).toEqual([
      [failed.deliveryId, 'failed', true],
      [ok.deliveryId, 'delivered', true],
    ]);
    expect((await rejection(host.rpc.invoke('notifications.channels.test', { id: 'nope' }, developer))).code).toBe('not_found');
  });

  it('a desktop channel outside the desktop app reports that desktop notifications exist only there', async () => {
    host = openHost(data.dir);
    await save({ id: 'desk', name: 'This desktop', kind: 'desktop' });
    const tested = await host.rpc.invoke('notifications.channels.test', { id: 'desk' }, developer);
    expect(tested).toMatchObject({ ok: false, error: 'desktop notifications exist only in the desktop app' });
    host.services.notifications.enqueue(groupNotification({ receiver: 'desk' }), 'desk-1');
    await waitFor(
      () => host.services.notifications.listDeliveries({ channelId: 'desk', status: 'failed', limit: 10 }).length === 2,
      'the failure',
    );
    const [row] = host.services.notifications.listDeliveries({ channelId: 'desk', limit: 1 });
    expect(row).toMatchObject({ idempotencyKey: 'desk-1', attempts: 1, lastError: 'desktop notifications exist only in the desktop app' });
  });

  it('a desktop channel in the desktop face shows the notification through the face’s notifier', async () => {
    const shown: DesktopNotification[] = [];
    host = openHost(data.dir, { notifications: { desktopNotifier: { notify: (notification) => void shown.push(notification) } } });
    await save({ id: 'desk', name: 'This desktop', kind: 'desktop' });
    host.services.notifications.enqueue(groupNotification({ receiver: 'desk' }), 'desk-1');
    await waitFor(() => shown.length === 1, 'the desktop notification');
    expect(shown[0]).toEqual({ title: '[FIRING:1] TurnLatencyHigh', body: 'Turn p95 latency is above 10 s', urgency: 'critical' });
  });

  it('records notifications for a missing or disabled receiver as skipped, with the reason', async () => {
    host = openHost(data.dir);
    host.services.notifications.enqueue(groupNotification({ receiver: 'nobody' }), 'n1');
    await save({ id: 'muted', name: 'Muted', kind: 'desktop', enabled: false });
    host.services.notifications.enqueue(groupNotification({ receiver: 'muted' }), 'n2');
    const { deliveries } = await host.rpc.invoke('notifications.deliveries.list', { status: 'skipped' }, developer);
    expect(deliveries.map((delivery) => [delivery.channelId, delivery.channelKind, delivery.lastError])).toEqual([
      ['muted', 'desktop', 'the channel is disabled'],
      ['nobody', null, 'no notification channel "nobody"; create it or change the route\'s receiver'],
    ]);
  });

  it('publishes notifications.changed when channels change and notifications move', async () => {
    host = openHost(data.dir);
    const events: NotificationsChanged[] = [];
    const unsubscribe = host.topics.subscribe(developer, 'notifications.changed', (payload) =>
      events.push(payload as NotificationsChanged),
    );
    await save({ id: 'hook', name: 'Hook', kind: 'webhook', secret: { url: `${receiver.url}/hook` } });
    host.services.notifications.enqueue(groupNotification({ receiver: 'hook' }), 'e1');
    await waitFor(() => events.some((event) => event.event === 'delivered'), 'the delivered event');
    unsubscribe();
    expect(events.map((event) => event.event)).toEqual(['saved', 'queued', 'delivered']);
    expect(events.at(-1)).toMatchObject({ channelId: 'hook', breakerState: 'closed', pending: 0 });
  });
});
