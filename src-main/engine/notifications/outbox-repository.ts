/**
 * The delivery outbox table (SPEC section 6, Delivery): one row per notification per channel, inserted
 * once per idempotency key, each channel's rows sent oldest first, kept until delivered or given up.
 * A row being sent is leased, so two processes on one data dir never send it at the same time; a
 * lease left by a crashed process simply expires.
 */
import type { DeliveryStatus } from '../../../src-shared/domain/notifications';
import type { Db } from '../db/database';

export interface OutboxRow {
  id: number;
  channelId: string;
  idempotencyKey: string;
  payload: string;
  summary: string;
  groupKey: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  lastAttemptAt: number | null;
  deliveredAt: number | null;
  lastError: string | null;
  leaseUntil: number | null;
  isTest: boolean;
}

interface Row {
  id: number;
  channel_id: string;
  idempotency_key: string;
  payload: string;
  summary: string;
  group_key: string;
  status: DeliveryStatus;
  attempts: number;
  created_at: number;
  next_attempt_at: number;
  last_attempt_at: number | null;
  delivered_at: number | null;
  last_error: string | null;
  lease_until: number | null;
  is_test: number;
  kind?: string | null;
}

function fromRow(row: Row): OutboxRow {
  return {
    id: row.id,
    channelId: row.channel_id,
    idempotencyKey: row.idempotency_key,
    payload: row.payload,
    summary: row.summary,
    groupKey: row.group_key,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    lastAttemptAt: row.last_attempt_at,
    deliveredAt: row.delivered_at,
    lastError: row.last_error,
    leaseUntil: row.lease_until,
    isTest: row.is_test === 1,
  };
}

export interface NewOutboxRow {
  channelId: string;
  idempotencyKey: string;
  payload: string;
  summary: string;
  groupKey: string;
  status: 'pending' | 'skipped';
  createdAt: number;
  lastError: string | null;
  isTest: boolean;
}

export function createOutboxRepository(db: Db) {
  const statements = {
    insert: db.prepare(`
      INSERT INTO notification_outbox (channel_id, idempotency_key, payload, summary, group_key, status, created_at, next_attempt_at, last_error, is_test)
      VALUES (@channelId, @idempotencyKey, @payload, @summary, @groupKey, @status, @createdAt, @createdAt, @lastError, @isTest)
      ON CONFLICT (idempotency_key) DO NOTHING`),
    head: db.prepare(`SELECT * FROM notification_outbox WHERE channel_id = ? AND status = 'pending' AND is_test = 0 ORDER BY id LIMIT 1`),
    get: db.prepare('SELECT * FROM notification_outbox WHERE id = ?'),
    claim: db.prepare(`
      UPDATE notification_outbox SET lease_until = @leaseUntil
      WHERE id = @id AND status = 'pending' AND (lease_until IS NULL OR lease_until <= @now)`),
    release: db.prepare('UPDATE notification_outbox SET lease_until = NULL WHERE id = ?'),
    delivered: db.prepare(`
      UPDATE notification_outbox SET status = 'delivered', attempts = @attempts, last_attempt_at = @now, delivered_at = @now, lease_until = NULL
      WHERE id = @id`),
    retry: db.prepare(`
      UPDATE notification_outbox SET attempts = @attempts, last_attempt_at = @now, next_attempt_at = @nextAttemptAt, last_error = @error, lease_until = NULL
      WHERE id = @id`),
    failed: db.prepare(`
      UPDATE notification_outbox SET status = 'failed', attempts = @attempts, last_attempt_at = @now, last_error = @error, lease_until = NULL
      WHERE id = @id`),
    skipPending: db.prepare(`
      UPDATE notification_outbox SET status = 'skipped', last_error = @error, lease_until = NULL
      WHERE channel_id = @channelId AND status = 'pending'`),
    failInterruptedTests: db.prepare(`
      UPDATE notification_outbox SET status = 'failed', last_error = @error, lease_until = NULL
      WHERE status = 'pending' AND is_test = 1 AND (lease_until IS NULL OR lease_until <= @now)`),
    pendingByChannel: db.prepare(
      `SELECT channel_id AS channelId, COUNT(*) AS count FROM notification_outbox WHERE status = 'pending' GROUP BY channel_id`,
    ),
    pendingTotal: db.prepare(`SELECT COUNT(*) AS count FROM notification_outbox WHERE status = 'pending'`),
    lastDelivered: db.prepare(`SELECT MAX(delivered_at) AS at FROM notification_outbox WHERE channel_id = ? AND status = 'delivered'`),
    lastError: db.prepare(`
      SELECT last_attempt_at AS at, last_error AS message FROM notification_outbox
      WHERE channel_id = ? AND last_error IS NOT NULL AND last_attempt_at IS NOT NULL ORDER BY last_attempt_at DESC LIMIT 1`),
    prune: db.prepare(`
      DELETE FROM notification_outbox WHERE id IN (
        SELECT id FROM notification_outbox WHERE status <> 'pending' AND created_at < ? ORDER BY created_at LIMIT ?)`),
  };

  return {
    /** Inserts a row; null when a row with the same idempotency key exists (the enqueue is ignored). */
    insert(row: NewOutboxRow): number | null {
      const result = statements.insert.run({ ...row, isTest: row.isTest ? 1 : 0 });
      return result.changes > 0 ? Number(result.lastInsertRowid) : null;
    },
    /** The channel's oldest pending row (its queue head), tests excluded (they are sent at once). */
    head(channelId: string): OutboxRow | undefined {
      const row = statements.head.get(channelId) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
    get(id: number): OutboxRow | undefined {
      const row = statements.get.get(id) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
    /** Takes the row for sending until `leaseUntil`; false when it is settled or another process holds it. */
    claim(id: number, now: number, leaseUntil: number): boolean {
      return statements.claim.run({ id, now, leaseUntil }).changes > 0;
    },
    release(id: number): void {
      statements.release.run(id);
    },
    markDelivered(id: number, attempts: number, now: number): void {
      statements.delivered.run({ id, attempts, now });
    },
    markRetry(id: number, attempts: number, now: number, nextAttemptAt: number, error: string): void {
      statements.retry.run({ id, attempts, now, nextAttemptAt, error });
    },
    markFailed(id: number, attempts: number, now: number, error: string): void {
      statements.failed.run({ id, attempts, now, error });
    },
    /** Marks every pending row of a channel skipped (the channel was disabled or deleted); returns how many. */
    skipPending(channelId: string, error: string): number {
      return statements.skipPending.run({ channelId, error }).changes;
    },
    /** Test sends that a stopped process left pending are failed: nobody waits for them any more. */
    failInterruptedTests(now: number): number {
      return statements.failInterruptedTests.run({ now, error: 'the test was interrupted by a shutdown' }).changes;
    },
    pendingByChannel(): Map<string, number> {
      const rows = statements.pendingByChannel.all() as Array<{ channelId: string; count: number }>;
      return new Map(rows.map((row) => [row.channelId, row.count]));
    },
    pendingTotal(): number {
      return (statements.pendingTotal.get() as { count: number }).count;
    },
    lastDelivered(channelId: string): number | null {
      return (statements.lastDelivered.get(channelId) as { at: number | null }).at;
    },
    lastError(channelId: string): { at: number; message: string } | null {
      return (statements.lastError.get(channelId) as { at: number; message: string } | undefined) ?? null;
    },
    /** Recent rows, newest first, with their channel's kind (null once the channel is gone). */
    list(filter: {
      channelId?: string | undefined;
      status?: DeliveryStatus | undefined;
      limit: number;
    }): Array<OutboxRow & { kind: string | null }> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.channelId !== undefined) {
        where.push('o.channel_id = ?');
        params.push(filter.channelId);
      }
      if (filter.status !== undefined) {
        where.push('o.status = ?');
        params.push(filter.status);
      }
      const sql = `SELECT o.*, c.kind AS kind FROM notification_outbox o LEFT JOIN notification_channels c ON c.id = o.channel_id
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.id DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...params, filter.limit) as Row[];
      return rows.map((row) => ({ ...fromRow(row), kind: row.kind ?? null }));
    },
    /** Deletes up to `limit` settled rows queued before `before`; returns how many. */
    prune(before: number, limit: number): number {
      return statements.prune.run(before, limit).changes;
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
