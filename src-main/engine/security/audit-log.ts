/**
 * The hash-chained audit log (SPEC section 4, migration 005): every mutating call appends one entry
 * whose hash covers its content and the hash of the entry before it, so an entry edited, deleted,
 * inserted or reordered with raw SQL breaks the chain at a place `verify` names. The chain's head
 * ({seq, hash} of the newest entry) is anchored in the `settings` table in the same transaction as each
 * append, so deleting the newest entries is detected too.
 *
 * What it cannot detect: someone with write access to the database file who rewrites the chain from
 * the first changed entry onwards AND the head anchor (the hashes are unkeyed, so anyone can recompute
 * them), or who deletes every entry together with the anchor. Keep exports elsewhere to prove those.
 */
import { createHash } from 'node:crypto';
import type { ParsedRequestOf, ResponseOf } from '../../../src-shared/contract';
import type { AuditEntry, AuditVerification } from '../../../src-shared/domain/security';
import { primaryRole } from '../../../src-shared/rbac';
import type { Db } from '../db/database';
import type { AuditRecord, HandlerTable } from '../rpc';

/** The prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The `settings` key holding the chain head: `{ "seq": n, "hash": "…" }` of the newest entry. */
export const AUDIT_HEAD_KEY = 'audit.head';

export interface AuditLog {
  /** Appends one entry at the end of the chain and returns it. */
  append(record: AuditRecord): AuditEntry;
  /** Entries newest first, filtered by actor, action and outcome, with the total matching. */
  list(request: ParsedRequestOf<'audit.list'>): ResponseOf<'audit.list'>;
  /** Walks the chain oldest to newest and names the first broken link, if any. */
  verify(): AuditVerification;
  /** The log as JSON lines, oldest first, one AuditEntry (hashes included) per line. */
  exportLines(): IterableIterator<string>;
}

/** A row as stored; read back without trusting its values (a tampered row may hold anything). */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  outcome: string;
  detail: string | null;
  traceId: string | null;
  prevHash: string;
  hash: string;
}

type EntryContent = Omit<AuditEntry, 'hash'>;

const COLUMNS = 'seq, at, actor, role, action, target, outcome, detail, trace_id AS traceId, prev_hash AS prevHash, hash';

/**
 * SHA-256 (hex) of the entry's fields in a fixed order, JSON-encoded as one array: JSON strings are
 * unambiguous (no field can bleed into the next) and null stays distinct from "null".
 */
export function auditEntryHash(entry: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([
    entry.seq,
    entry.at,
    entry.actor,
    entry.role,
    entry.action,
    entry.target,
    entry.outcome,
    entry.detail,
    entry.traceId,
    entry.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

interface Head {
  seq: number;
  hash: string;
}

function parseHead(value: string | undefined): Head | null | 'invalid' {
  if (value === undefined) return null;
  try {
    const head = JSON.parse(value) as Partial<Head>;
    if (typeof head.seq === 'number' && Number.isInteger(head.seq) && typeof head.hash === 'string')
      return { seq: head.seq, hash: head.hash };
  } catch {
    // Falls through: an unreadable anchor is itself a sign of tampering.
  }
  return 'invalid';
}

const FILTERS = ['actor', 'action', 'outcome'] as const;
const EXPORT_PAGE = 500;

export function createAuditLog(db: Db, options: { now?: () => Date } = {}): AuditLog {
  const now = options.now ?? (() => new Date());
  const lastRow = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insertRow = db.prepare(
    `INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, trace_id, prev_hash, hash)
     VALUES (@seq, @at, @actor, @role, @action, @target, @outcome, @detail, @traceId, @prevHash, @hash)`,
  );
  const readHead = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const writeHead = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (@key, @value, @at)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const allRows = db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`);
  const pageAfter = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`);

  // One statement pair per combination of filters, prepared on first use, so each can use its index.
  const listStatements = new Map<string, { rows: ReturnType<Db['prepare']>; total: ReturnType<Db['prepare']> }>();
  function listStatementsFor(present: readonly string[]) {
    const key = present.join(',');
    let statements = listStatements.get(key);
    if (!statements) {
      const where = present.length > 0 ? `WHERE ${present.map((field) => `${field} = @${field}`).join(' AND ')}` : '';
      statements = {
        rows: db.prepare(`SELECT ${COLUMNS} FROM audit_log ${where} ORDER BY seq DESC LIMIT @limit OFFSET @offset`),
        total: db.prepare(`SELECT count(*) FROM audit_log ${where}`).pluck(),
      };
      listStatements.set(key, statements);
    }
    return statements;
  }

  // IMMEDIATE: another process appending at the same moment waits (busy_timeout) instead of taking the same seq.
  const appendTransaction = db.transaction((record: AuditRecord): AuditEntry => {
    const last = lastRow.get() as { seq: number; hash: string } | undefined;
    const content: EntryContent = {
      seq: (last?.seq ?? 0) + 1,
      at: now().toISOString(),
      actor: record.identity.userId,
      role: primaryRole(record.identity),
      action: record.action,
      target: record.target,
      outcome: record.outcome,
      detail: record.detail,
      traceId: record.traceId,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...content, hash: auditEntryHash(content) };
    insertRow.run(entry);
    writeHead.run({ key: AUDIT_HEAD_KEY, value: JSON.stringify({ seq: entry.seq, hash: entry.hash }), at: entry.at });
    return entry;
  });

  // One read transaction: the head and the rows come from the same snapshot while others append.
  const verifyTransaction = db.transaction((): { entries: number; firstBroken: { seq: number; reason: string } | null } => {
    const head = parseHead(readHead.get(AUDIT_HEAD_KEY) as string | undefined);
    let previous: Head = { seq: 0, hash: GENESIS_HASH };
    let entries = 0;
    const broken = (seq: number, reason: string) => ({ entries, firstBroken: { seq, reason } });
    if (head === 'invalid') return broken(1, `the chain head anchor (settings key ${AUDIT_HEAD_KEY}) is unreadable, so it was altered`);
    for (const row of allRows.iterate() as IterableIterator<AuditRow>) {
      const expected = previous.seq + 1;
      if (head && previous.seq === head.seq) {
        return broken(
          row.seq,
          `entry ${row.seq} comes after the recorded chain head (entry ${head.seq}), so it was added outside the audit log`,
        );
      }
      if (row.seq > expected) {
        const missing = row.seq - 1 === expected ? `entry ${expected} is` : `entries ${expected} to ${row.seq - 1} are`;
        return broken(expected, `${missing} missing: the chain jumps from entry ${previous.seq} to entry ${row.seq}`);
      }
      if (row.seq < expected) {
        return broken(
          row.seq,
          `entry ${row.seq} has an impossible sequence number: entry ${expected} was expected after entry ${previous.seq}`,
        );
      }
      if (row.prevHash !== previous.hash) {
        const before = previous.seq === 0 ? 'the start of the chain' : `entry ${previous.seq}`;
        return broken(
          row.seq,
          `entry ${row.seq} does not link to ${before}: its previous hash differs, so an entry was changed, inserted, removed or moved here`,
        );
      }
      if (auditEntryHash(row) !== row.hash) {
        return broken(row.seq, `entry ${row.seq} was edited: its hash no longer matches its content`);
      }
      if (head && row.seq === head.seq && row.hash !== head.hash) {
        return broken(row.seq, `entry ${row.seq} is not the entry the chain head recorded, so the chain was rewritten up to here`);
      }
      previous = { seq: row.seq, hash: row.hash };
      entries++;
    }
    if (head && previous.seq < head.seq) {
      const first = previous.seq + 1;
      const missing = first === head.seq ? `entry ${first} is` : `entries ${first} to ${head.seq} are`;
      return broken(first, `${missing} missing: the chain ends at entry ${previous.seq} but its head recorded entry ${head.seq}`);
    }
    if (!head && entries > 0) {
      return broken(
        previous.seq + 1,
        `the chain head anchor (settings key ${AUDIT_HEAD_KEY}) was deleted, so removal of the newest entries cannot be ruled out`,
      );
    }
    return { entries, firstBroken: null };
  });

  return {
    append: (record) => appendTransaction.immediate(record),

    list(request) {
      const present = FILTERS.filter((field) => request[field] !== undefined);
      const statements = listStatementsFor(present);
      const params: Record<string, unknown> = { limit: request.limit, offset: request.offset };
      for (const field of present) params[field] = request[field];
      const filters = Object.fromEntries(present.map((field) => [field, request[field]]));
      return {
        entries: statements.rows.all(params) as AuditEntry[],
        total: statements.total.get(filters) as number,
      };
    },

    verify() {
      const { entries, firstBroken } = verifyTransaction.deferred();
      return { ok: firstBroken === null, entries, firstBroken, checkedAt: now().toISOString() };
    },

    *exportLines() {
      // Pages, not one open iterator: the connection stays usable between lines while the caller writes.
      let after = 0;
      for (;;) {
        const rows = pageAfter.all(after, EXPORT_PAGE) as AuditRow[];
        for (const row of rows) yield JSON.stringify(row);
        const last = rows.at(-1);
        if (!last || rows.length < EXPORT_PAGE) return;
        after = last.seq;
      }
    },
  };
}

export function createAuditHandlers(log: AuditLog): Pick<HandlerTable, 'audit.list' | 'audit.verify'> {
  return {
    'audit.list': (request) => log.list(request),
    'audit.verify': () => log.verify(),
  };
}
