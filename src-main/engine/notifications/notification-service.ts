/**
 * Alert notification delivery (SPEC section 6, Channels and Delivery): the NotificationSink the alert
 * engine enqueues into, the channels operators configure (settings in SQLite, secrets in the keychain),
 * the outbox dispatcher with its per-channel circuit breakers, "send test", and what the Alerts page
 * shows of it all (channel health, recent deliveries, the notifications.changed topic).
 */
import { randomUUID } from 'node:crypto';
import {
  CHANNEL_KIND_SCHEMAS,
  CHANNEL_KINDS,
  type ChannelInfo,
  type ChannelKind,
  type ChannelsSaveRequest,
  type DeliveryInfo,
  type DeliveryStatus,
  type NotificationEvent,
} from '../../../src-shared/domain/notifications';
import { ContractError } from '../../../src-shared/errors';
import type { AlertSource, GroupNotification, NotificationSink } from '../alerts/notification';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import type { CircuitBreakerSettingsInput } from '../orchestrator/providers/circuit-breaker';
import type { CredentialStore } from '../security/credentials';
import type { Metrics } from '../telemetry/metrics';
import type { TopicBus } from '../topic-bus';
import { createChannelBreakers } from './channel-breakers';
import { createChannelDelivery } from './channel-delivery';
import { createChannelRepository, type StoredChannel } from './channel-repository';
import { createChannelSecrets } from './channel-secrets';
import { pushAlerts } from './channels/alertmanager';
import { groupTitle } from './channels/group-summary';
import { DeliveryAborted, DeliveryError, shownOrigin, shownUrl } from './channels/http-post';
import type { DesktopNotifier } from './desktop-notifier';
import { type AttemptReport, createDispatcher } from './dispatcher';
import { createOutboxRepository } from './outbox-repository';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { testNotification } from './test-notification';

export interface NotificationOptions {
  /** Shows desktop notifications; only the desktop face has one. */
  desktopNotifier?: DesktopNotifier | null;
  /** Backoff and give-up horizon of failed deliveries; default 1 s doubling to 5 min, given up after 24 h. */
  retry?: Partial<RetryPolicy>;
  /** How often the outbox is polled for due rows (enqueues and settled sends also wake it); default 1 s. */
  pollIntervalMs?: number;
  /** Sends in flight at once, all channels; default 4. */
  maxConcurrency?: number;
  /** Delivered, failed and skipped rows are kept this long (read at each prune); default 7 days. */
  retentionMs?: number | (() => number);
  /** Per-channel breaker settings; default SPEC's 5 failures in 60 s, 30 s cool-down, 3 probes. */
  breaker?: CircuitBreakerSettingsInput;
  /** Milliseconds clock; default Date.now (tests inject one). */
  now?: () => number;
  random?: () => number;
}

export interface NotificationServiceDeps extends NotificationOptions {
  db: Db;
  credentials: CredentialStore;
  metrics: Metrics | null;
  topics: Pick<TopicBus, 'publish'> | null;
  logger: Logger;
}

const CHANNEL_CACHE_TTL_MS = 5000;
const DEFAULT_RETENTION_MS = 7 * 86_400_000;
const LEASE_MARGIN_MS = 15_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Where a channel sends, as the list shows it: never a secret URL's path or query. */
function targetOf(request: ChannelsSaveRequest, existing: StoredChannel | undefined): string {
  switch (request.kind) {
    case 'desktop':
      return 'desktop notifications';
    case 'webhook':
    case 'slack':
      return request.secret ? shownOrigin(request.secret.url) : existing?.kind === request.kind ? existing.target : 'no URL set';
    case 'pagerduty':
      return shownUrl(request.settings.url);
    case 'alertmanager':
      return shownUrl(request.settings.url);
  }
}

export function createNotificationService(deps: NotificationServiceDeps) {
  const { db, metrics, logger } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const channels = createChannelRepository(db);
  const outbox = createOutboxRepository(db);
  const secrets = createChannelSecrets(deps.credentials);
  const deliver = createChannelDelivery({ secrets, desktopNotifier: deps.desktopNotifier ?? null });
  const health = new Map<string, { lastDeliveredAt: number | null; lastError: { at: number; message: string } | null }>();
  const testAbort = new AbortController();
  let alertSource: AlertSource | null = null;
  let cached: { at: number; enabled: StoredChannel[] } | null = null;
  let queuedPublish = false;

  const breakers = createChannelBreakers({
    metrics,
    now,
    ...(deps.breaker ? { settings: deps.breaker } : {}),
    onChange: (channelId, change) => {
      const level = change.to === 'open' ? 'warn' : 'info';
      logger[level]({ channel: channelId, from: change.from, to: change.to }, 'notification channel circuit breaker changed state');
      publish('breaker', channelId);
    },
  });

  function enabledChannels(): StoredChannel[] {
    const at = Date.now();
    if (!cached || at - cached.at > CHANNEL_CACHE_TTL_MS) cached = { at, enabled: channels.list().filter((channel) => channel.enabled) };
    return cached.enabled;
  }

  function invalidateChannels(): void {
    cached = null;
  }

  /** Updates the pending gauge (by channel kind) and returns the total pending. */
  function refreshPending(): number {
    const byChannel = outbox.pendingByChannel();
    const kinds = new Map<string, ChannelKind>(channels.list().map((channel) => [channel.id, channel.kind]));
    const byKind = new Map<ChannelKind, number>(CHANNEL_KINDS.map((kind) => [kind, 0]));
    let total = 0;
    for (const [channelId, count] of byChannel) {
      total += count;
      const kind = kinds.get(channelId);
      if (kind) byKind.set(kind, (byKind.get(kind) ?? 0) + count);
    }
    if (metrics) for (const [kind, count] of byKind) metrics.notificationsPending.set({ channel_kind: kind }, count);
    return total;
  }

  function publish(event: NotificationEvent, channelId: string | null): void {
    try {
      const pending = refreshPending();
      const breakerState = channelId !== null && channels.get(channelId) ? breakers.info(channelId).state : null;
      deps.topics?.publish('notifications.changed', { at: iso(now()), event, channelId, breakerState, pending });
    } catch (error) {
      logger.warn({ err: error, event }, 'notifications.changed not published');
    }
  }

  function healthOf(channelId: string) {
    let found = health.get(channelId);
    if (!found) {
      found = { lastDeliveredAt: outbox.lastDelivered(channelId), lastError: outbox.lastError(channelId) };
      health.set(channelId, found);
    }
    return found;
  }

  function recordAttempt(channelId: string, error: string | null, at: number): void {
    const entry = healthOf(channelId);
    if (error === null) entry.lastDeliveredAt = at;
    else entry.lastError = { at, message: error };
  }

  function onAttempt(report: AttemptReport): void {
    recordAttempt(report.channel.id, report.error, report.at);
    metrics?.notifications.inc({ channel_kind: report.channel.kind, outcome: report.outcome });
    if (report.outcome === 'failed') {
      logger.warn({ channel: report.channel.id, delivery: report.row?.id, error: report.error }, 'notification given up');
    }
    publish(report.outcome === 'retried' ? 'retrying' : report.outcome, report.channel.id);
  }

  async function resendFiring(channel: StoredChannel, signal: AbortSignal, at: number): Promise<boolean> {
    const alerts = alertSource?.firing() ?? [];
    if (alerts.length === 0) return false;
    const secret = await secrets.read(channel.id, 'alertmanager');
    await pushAlerts(alerts, channel.settings as never, secret as never, { idempotencyKey: `resend:${channel.id}:${at}`, signal, now: at });
    return true;
  }

  const dispatcher = createDispatcher({
    outbox,
    channels: enabledChannels,
    breakers,
    deliver,
    resendFiring,
    retry,
    now,
    random,
    maxConcurrency: deps.maxConcurrency ?? 4,
    pollIntervalMs: deps.pollIntervalMs ?? 1000,
    retentionMs: deps.retentionMs ?? DEFAULT_RETENTION_MS,
    logger,
    onAttempt,
  });

  function channelInfo(channel: StoredChannel, pending: Map<string, number>): ChannelInfo {
    const breaker = breakers.info(channel.id);
    const entry = healthOf(channel.id);
    return {
      id: channel.id,
      name: channel.name,
      kind: channel.kind,
      enabled: channel.enabled,
      settings: channel.settings,
      target: channel.target,
      secretSet: channel.hasSecret,
      breaker: {
        state: breaker.state,
        changedAt: breaker.changedAt === null ? null : iso(breaker.changedAt),
        retryInMs: breaker.retryInMs,
      },
      pending: pending.get(channel.id) ?? 0,
      lastDeliveredAt: entry.lastDeliveredAt === null ? null : iso(entry.lastDeliveredAt),
      lastError: entry.lastError === null ? null : { at: iso(entry.lastError.at), message: entry.lastError.message },
      createdAt: channel.createdAt,
      updatedAt: channel.updatedAt,
      updatedBy: channel.updatedBy,
    } as ChannelInfo;
  }

  const service = {
    /**
     * NotificationSink: queues the notification for its receiver (a channel id) in one transaction — inside
     * the caller's when it has one, so an alert state change and its notification commit together. A second
     * enqueue under the same key is ignored. A receiver that is unknown or disabled gets a skipped row, so
     * the Alerts page shows why nothing was sent.
     */
    enqueue(notification: GroupNotification, idempotencyKey: string): void {
      const at = now();
      const inserted = db.transaction(() => {
        const channel = channels.get(notification.receiver);
        const skipped = !channel
          ? `no notification channel "${notification.receiver}"; create it or change the route's receiver`
          : !channel.enabled
            ? 'the channel is disabled'
            : null;
        const id = outbox.insert({
          channelId: notification.receiver,
          idempotencyKey,
          payload: JSON.stringify(notification),
          summary: groupTitle(notification),
          groupKey: notification.groupKey,
          status: skipped === null ? 'pending' : 'skipped',
          createdAt: at,
          lastError: skipped,
          isTest: false,
        });
        return id === null ? null : { skipped, kind: channel?.kind };
      })();
      if (inserted === null) return;
      if (inserted.skipped !== null) {
        logger.warn({ receiver: notification.receiver, reason: inserted.skipped }, 'notification skipped');
        if (inserted.kind) metrics?.notifications.inc({ channel_kind: inserted.kind, outcome: 'skipped' });
      }
      dispatcher.kick();
      // One event for a burst of enqueues (an evaluation cycle can queue many).
      if (!queuedPublish) {
        queuedPublish = true;
        setImmediate(() => {
          queuedPublish = false;
          publish('queued', null);
        });
      }
    },

    /** Where the Alertmanager channel's periodic re-send gets the firing alerts (the alert engine). */
    setAlertSource(source: AlertSource | null): void {
      alertSource = source;
    },

    listChannels(): ChannelInfo[] {
      const pending = outbox.pendingByChannel();
      return channels.list().map((channel) => channelInfo(channel, pending));
    },

    async saveChannel(request: ChannelsSaveRequest, actor: string): Promise<ChannelInfo> {
      const existing = channels.get(request.id);
      const { secretRequired } = CHANNEL_KIND_SCHEMAS[request.kind];
      const secret = 'secret' in request ? request.secret : undefined;
      const sameKind = existing !== undefined && existing.kind === request.kind;
      const missing = () =>
        new ContractError('invalid_request', `a ${request.kind} channel needs its secret: send secret with the channel`, [
          { field: 'secret', message: 'required' },
        ]);
      let action: 'set' | 'delete' | 'keep';
      let hasSecret: boolean;
      if (secret) {
        action = 'set';
        hasSecret = true;
      } else if (secret === undefined && sameKind && existing.hasSecret) {
        action = 'keep';
        hasSecret = true;
      } else {
        if (secretRequired) throw missing();
        action = existing?.hasSecret ? 'delete' : 'keep';
        hasSecret = false;
      }
      // The keychain first: a channel never points at a secret that could not be stored.
      if (action === 'set') await secrets.set(request.id, secret);
      if (action === 'delete') await secrets.delete(request.id);
      const at = iso(now());
      const stored: StoredChannel = {
        id: request.id,
        name: request.name,
        kind: request.kind,
        enabled: request.enabled,
        settings: request.settings as Record<string, unknown>,
        target: targetOf(request, existing),
        hasSecret,
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
        updatedBy: actor,
      };
      const skipped = db.transaction(() => {
        channels.upsert(stored);
        return stored.enabled ? 0 : outbox.skipPending(stored.id, 'the channel was disabled');
      })();
      if (skipped > 0) metrics?.notifications.inc({ channel_kind: stored.kind, outcome: 'skipped' }, skipped);
      invalidateChannels();
      secrets.forget(stored.id);
      // New settings, a fresh start: the breaker closes and an Alertmanager gets the firing alerts at once.
      if (existing) breakers.reset(stored.id);
      if (stored.kind === 'alertmanager') dispatcher.resendSoon(stored.id);
      logger.info(
        { channel: stored.id, kind: stored.kind, enabled: stored.enabled, actor },
        existing ? 'notification channel updated' : 'notification channel created',
      );
      publish('saved', stored.id);
      dispatcher.kick();
      const saved = channels.get(stored.id);
      if (!saved) throw new ContractError('internal', `channel ${stored.id} was not saved`);
      return channelInfo(saved, outbox.pendingByChannel());
    },

    async deleteChannel(id: string, actor: string): Promise<{ deleted: boolean }> {
      const existing = channels.get(id);
      if (!existing) return { deleted: false };
      // The secret first: a channel whose secret could not be removed stays, so it can be deleted again.
      if (existing.hasSecret) await secrets.delete(id);
      const skipped = db.transaction(() => {
        const count = outbox.skipPending(id, 'the channel was deleted');
        channels.delete(id);
        return count;
      })();
      if (skipped > 0) metrics?.notifications.inc({ channel_kind: existing.kind, outcome: 'skipped' }, skipped);
      breakers.remove(id);
      health.delete(id);
      invalidateChannels();
      logger.info({ channel: id, actor }, 'notification channel deleted');
      publish('deleted', id);
      return { deleted: true };
    },

    /**
     * "Send test": a synthetic notification through the channel's real path — an outbox row, its format,
     * its secret, its endpoint — sent now (ahead of any backlog and past an open breaker, whose state it
     * leaves alone); the row is delivered or failed, never retried.
     */
    async testChannel(id: string, actor: string): Promise<{ ok: boolean; error: string | null; durationMs: number; deliveryId: number }> {
      const channel = channels.get(id);
      if (!channel) throw new ContractError('not_found', `no notification channel "${id}"`);
      const at = now();
      const notification = testNotification(channel, actor, at);
      const idempotencyKey = `test:${id}:${randomUUID()}`;
      const deliveryId = outbox.insert({
        channelId: id,
        idempotencyKey,
        payload: JSON.stringify(notification),
        summary: groupTitle(notification),
        groupKey: notification.groupKey,
        status: 'pending',
        createdAt: at,
        lastError: null,
        isTest: true,
      });
      if (deliveryId === null) throw new ContractError('internal', 'the test notification could not be queued');
      const timeoutMs = typeof channel.settings.timeoutMs === 'number' ? channel.settings.timeoutMs : 10_000;
      outbox.claim(deliveryId, at, at + timeoutMs + LEASE_MARGIN_MS);
      const started = performance.now();
      let error: string | null = null;
      try {
        await deliver(channel, notification, { idempotencyKey, signal: testAbort.signal, now: at });
      } catch (caught) {
        if (caught instanceof DeliveryError) error = caught.message;
        else if (caught instanceof DeliveryAborted) error = 'the console is shutting down; send the test again once it runs';
        else {
          logger.error({ err: caught, channel: id }, 'test notification threw');
          error = `internal error while sending (${caught instanceof Error ? caught.message : String(caught)}); the engine log has the details`;
        }
      }
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const settledAt = now();
      if (error === null) outbox.markDelivered(deliveryId, 1, settledAt);
      else outbox.markFailed(deliveryId, 1, settledAt, error);
      recordAttempt(id, error, settledAt);
      publish(error === null ? 'delivered' : 'failed', id);
      return { ok: error === null, error, durationMs, deliveryId };
    },

    listDeliveries(filter: { channelId?: string | undefined; status?: DeliveryStatus | undefined; limit: number }): DeliveryInfo[] {
      return outbox.list(filter).map((row) => ({
        id: row.id,
        channelId: row.channelId,
        channelKind: (CHANNEL_KINDS as readonly string[]).includes(row.kind ?? '') ? (row.kind as ChannelKind) : null,
        idempotencyKey: row.idempotencyKey,
        status: row.status,
        attempts: row.attempts,
        createdAt: iso(row.createdAt),
        nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
        lastAttemptAt: row.lastAttemptAt === null ? null : iso(row.lastAttemptAt),
        deliveredAt: row.deliveredAt === null ? null : iso(row.deliveredAt),
        lastError: row.lastError,
        summary: row.summary,
        groupKey: row.groupKey,
        test: row.isTest,
      }));
    },

    /** Starts the dispatcher (and the Alertmanager re-sends); pending rows from before a restart go first. */
    start(): void {
      dispatcher.start();
      refreshPending();
    },

    /** Stops sending: sends in flight are aborted and their rows stay pending for the next start. */
    async stop(): Promise<void> {
      testAbort.abort();
      await dispatcher.stop();
    },

    /** Looks for due rows now (tests; the poll and every enqueue do it anyway). */
    kick(): void {
      dispatcher.kick();
    },
  } satisfies NotificationSink & Record<string, unknown>;
  return service;
}

export type NotificationService = ReturnType<typeof createNotificationService>;
