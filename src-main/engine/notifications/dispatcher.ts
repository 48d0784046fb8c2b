/**
 * The outbox dispatcher (SPEC section 6, Delivery): sends each enabled channel's due rows, oldest first and
 * one at a time per channel (so a group's resolved notification never overtakes its firing one), at most
 * `maxConcurrency` sends at once, behind the channel's circuit breaker. A failed attempt is retried with
 * backoff until the retry horizon, then the row is failed; a refused payload fails at once. Rows are
 * leased while sent; stopping aborts sends in flight and hands their rows back untouched, so a restart
 * resumes exactly where this left off. Alertmanager channels also re-send the firing alerts every period.
 * Work per tick is bounded (one row per channel), so a backlog never blocks the event loop.
 */
import type { GroupNotification } from '../alerts/notification';
import type { Logger } from '../logger';
import type { CircuitPermit } from '../orchestrator/providers/circuit-breaker';
import type { ChannelBreakers } from './channel-breakers';
import type { ChannelDelivery } from './channel-delivery';
import type { StoredChannel } from './channel-repository';
import { DeliveryAborted, DeliveryError } from './channels/http-post';
import type { OutboxRepository, OutboxRow } from './outbox-repository';
import { afterFailure, type RetryPolicy } from './retry-policy';

/** What happened to one delivery attempt. */
export type AttemptOutcome = 'delivered' | 'retried' | 'failed';

export interface AttemptReport {
  channel: StoredChannel;
  /** The outbox row; null for an Alertmanager re-send of the firing alerts. */
  row: OutboxRow | null;
  outcome: AttemptOutcome;
  error: string | null;
  at: number;
}

export interface DispatcherOptions {
  outbox: OutboxRepository;
  /** The enabled channels now (cached by the caller). */
  channels: () => StoredChannel[];
  breakers: ChannelBreakers;
  deliver: ChannelDelivery;
  /** Re-sends the firing alerts to an Alertmanager channel; false when there were none to send. */
  resendFiring: (channel: StoredChannel, signal: AbortSignal, now: number) => Promise<boolean>;
  retry: RetryPolicy;
  now: () => number;
  random: () => number;
  maxConcurrency: number;
  pollIntervalMs: number;
  /** Settled rows older than this are deleted. */
  retentionMs: number | (() => number);
  logger: Logger;
  onAttempt: (report: AttemptReport) => void;
}

/** A lease outlives the longest request (its timeout) by this much. */
const LEASE_MARGIN_MS = 15_000;
const PRUNE_BATCH = 1000;
const PRUNE_INTERVAL_MS = 3600_000;

function messageOf(error: unknown): string {
  if (error instanceof DeliveryError) return error.message;
  return `internal error while sending (${error instanceof Error ? error.message : String(error)}); the engine log has the details`;
}

export function createDispatcher(options: DispatcherOptions) {
  const { outbox, breakers, retry, now, logger } = options;
  const inFlight = new Map<string, Promise<void>>();
  const nextResendAt = new Map<string, number>();
  let abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let kicked = false;
  let running = false;
  let nextPruneAt = 0;

  function timeoutOf(channel: StoredChannel): number {
    const value = channel.settings.timeoutMs;
    return typeof value === 'number' ? value : 10_000;
  }

  function track(key: string, work: Promise<void>): void {
    const settled = work
      .catch((error: unknown) => logger.error({ err: error, key }, 'notification send failed unexpectedly'))
      .finally(() => {
        inFlight.delete(key);
        kick();
      });
    inFlight.set(key, settled);
  }

  async function sendRow(channel: StoredChannel, row: OutboxRow, permit: CircuitPermit): Promise<void> {
    const attempts = row.attempts + 1;
    const report = (outcome: AttemptOutcome, error: string | null, at: number) => options.onAttempt({ channel, row, outcome, error, at });
    let notification: GroupNotification;
    try {
      notification = JSON.parse(row.payload) as GroupNotification;
    } catch {
      permit.release();
      const at = now();
      outbox.markFailed(row.id, attempts, at, 'the stored notification is not valid JSON');
      report('failed', 'the stored notification is not valid JSON', at);
      return;
    }
    try {
      await options.deliver(channel, notification, { idempotencyKey: row.idempotencyKey, signal: abort.signal, now: now() });
    } catch (error) {
      if (error instanceof DeliveryAborted || abort.signal.aborted) {
        // Stopping: the attempt says nothing about the channel; the row goes back as it was.
        permit.release();
        outbox.release(row.id);
        return;
      }
      permit.failure();
      if (!(error instanceof DeliveryError)) logger.error({ err: error, channel: channel.id }, 'notification delivery threw');
      const message = messageOf(error);
      const at = now();
      if (error instanceof DeliveryError && error.permanent) {
        outbox.markFailed(row.id, attempts, at, message);
        report('failed', message, at);
        return;
      }
      const decision = afterFailure(retry, { createdAt: row.createdAt, attempts }, at, options.random);
      if ('giveUp' in decision) {
        const gaveUp = `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${message}`;
        outbox.markFailed(row.id, attempts, at, gaveUp);
        report('failed', gaveUp, at);
      } else {
        outbox.markRetry(row.id, attempts, at, decision.retryAt, message);
        report('retried', message, at);
      }
      return;
    }
    permit.success();
    const at = now();
    outbox.markDelivered(row.id, attempts, at);
    report('delivered', null, at);
  }

  async function resend(channel: StoredChannel, permit: CircuitPermit, period: number): Promise<void> {
    let sent: boolean;
    try {
      sent = await options.resendFiring(channel, abort.signal, now());
    } catch (error) {
      if (error instanceof DeliveryAborted || abort.signal.aborted) {
        permit.release();
        return;
      }
      permit.failure();
      const at = now();
      // Tried again at the next period: the alerts are still valid for a few periods (their endsAt).
      nextResendAt.set(channel.id, at + period);
      options.onAttempt({ channel, row: null, outcome: 'retried', error: messageOf(error), at });
      return;
    }
    const at = now();
    nextResendAt.set(channel.id, at + period);
    if (!sent) {
      permit.release();
      return;
    }
    permit.success();
    options.onAttempt({ channel, row: null, outcome: 'delivered', error: null, at });
  }

  function tick(): void {
    if (!running) return;
    const at = now();
    const channels = options.channels();
    for (const channel of channels) {
      if (inFlight.size >= options.maxConcurrency) break;
      if (!inFlight.has(channel.id)) {
        const row = outbox.head(channel.id);
        if (row && row.nextAttemptAt <= at && (row.leaseUntil === null || row.leaseUntil <= at)) {
          const permit = breakers.get(channel.id).tryAcquire();
          if (permit) {
            if (outbox.claim(row.id, at, at + timeoutOf(channel) + LEASE_MARGIN_MS)) track(channel.id, sendRow(channel, row, permit));
            else permit.release();
          }
        }
      }
      if (channel.kind === 'alertmanager' && inFlight.size < options.maxConcurrency) {
        const key = `resend:${channel.id}`;
        const period = typeof channel.settings.resendIntervalMs === 'number' ? channel.settings.resendIntervalMs : 60_000;
        if (!inFlight.has(key) && (nextResendAt.get(channel.id) ?? 0) <= at) {
          const permit = breakers.get(channel.id).tryAcquire();
          if (permit) track(key, resend(channel, permit, period));
        }
      }
    }
    if (at >= nextPruneAt) {
      const deleted = outbox.prune(
        at - (typeof options.retentionMs === 'function' ? options.retentionMs() : options.retentionMs),
        PRUNE_BATCH,
      );
      nextPruneAt = at + (deleted >= PRUNE_BATCH ? 1000 : PRUNE_INTERVAL_MS);
    }
  }

  function safeTick(): void {
    try {
      tick();
    } catch (error) {
      logger.error({ err: error }, 'notification dispatcher tick failed; retrying at the next poll');
    }
  }

  function loop(): void {
    safeTick();
    if (running) {
      timer = setTimeout(loop, options.pollIntervalMs);
      timer.unref();
    }
  }

  /** Looks for due work soon (after an enqueue or a settled send), once per turn of the event loop. */
  function kick(): void {
    if (!running || kicked) return;
    kicked = true;
    setImmediate(() => {
      kicked = false;
      safeTick();
    });
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      abort = new AbortController();
      outbox.failInterruptedTests(now());
      loop();
    },
    kick,
    /** The Alertmanager channel re-sends at its next tick (its settings changed). */
    resendSoon(channelId: string): void {
      nextResendAt.delete(channelId);
      kick();
    },
    /** Stops polling, aborts sends in flight (their rows go back untouched) and waits for them. */
    async stop(): Promise<void> {
      running = false;
      clearTimeout(timer);
      abort.abort();
      await Promise.allSettled([...inFlight.values()]);
    },
    inFlightCount: () => inFlight.size,
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
