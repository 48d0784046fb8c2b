import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src-main/engine/db/database';
import { silentLogger } from '../../../src-main/engine/logger';
import { type AuditRecord, createRpc, type HandlerTable } from '../../../src-main/engine/rpc';
import {
  AUDIT_HEAD_KEY,
  type AuditLog,
  type AuditRow,
  auditEntryHash,
  createAuditHandlers,
  createAuditLog,
  GENESIS_HASH,
} from '../../../src-main/engine/security/audit-log';
import { AuditEntry, AuditListRequest } from '../../../src-shared/domain/security';
import { ContractError } from '../../../src-shared/errors';
import { type Identity, identityForRole, permissionsOfRoles } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const alice = identityForRole('alice', 'admin');
const bob = identityForRole('bob', 'story_master');
/** Two roles: the entry records the more privileged one. */
const carol: Identity = {
  ...identityForRole('carol', 'player'),
  roles: ['player', 'developer'],
  permissions: permissionsOfRoles(['player', 'developer']),
};
const ACTORS = [alice, bob, carol];
const ACTIONS = ['turns.run', 'turns.cancel', 'tokens.mint'];
const OUTCOMES = ['ok', 'ok', 'denied', 'failed'] as const;

function record(index: number): AuditRecord {
  const outcome = OUTCOMES[index % OUTCOMES.length] ?? 'ok';
  return {
    identity: ACTORS[index % ACTORS.length] as Identity,
    action: ACTIONS[index % ACTIONS.length] as string,
    target: index % 5 === 0 ? null : `campaign:c-${index}`,
    outcome,
    detail: outcome === 'ok' ? null : outcome === 'denied' ? 'forbidden' : 'internal',
    traceId: `trace-${index}`,
  };
}

let db: Db;
let log: AuditLog;
let cleanup: () => void;
let path: string;

/** A clock that ticks one second per entry, so entries are distinguishable and ordered. */
function steppingClock() {
  let ms = Date.UTC(2025, 0, 1);
  return () => {
    ms += 1000;
    return new Date(ms);
  };
}

beforeEach(() => {
  const data = tempDataDir('audit-log-');
  cleanup = data.cleanup;
  path = join(data.dir, 'novel-console.db');
  db = openDatabase({ path }).db;
  log = createAuditLog(db, { now: steppingClock() });
});

afterEach(() => {
  db.close();
  cleanup();
});

function seed(count: number): void {
  for (let index = 1; index <= count; index++) log.append(record(index));
}

function row(seq: number): AuditRow {
  return db
    .prepare(
      'SELECT seq, at, actor, role, action, target, outcome, detail, trace_id AS traceId, prev_hash AS prevHash, hash FROM audit_log WHERE seq = ?',
    )
    .get(seq) as AuditRow;
}

function brokenAt(): { seq: number; reason: string } {
  const verification = log.verify();
  expect(verification.ok).toBe(false);
  expect(verification.firstBroken).not.toBeNull();
  return verification.firstBroken as { seq: number; reason: string };
}

const list = (request: Record<string, unknown> = {}) => log.list(AuditListRequest.parse(request));

describe('audit log chain', () => {
  it('appends entries that each carry the hash of the one before, and verifies intact', () => {
    seed(12);
    const entries = list({ limit: 100 }).entries.reverse();
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    for (let index = 1; index < entries.length; index++) expect(entries[index]?.prevHash).toBe(entries[index - 1]?.hash);
    for (const entry of entries) {
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(AuditEntry.safeParse(entry).success).toBe(true);
    }
    expect(entries[0]).toMatchObject({
      actor: 'bob',
      role: 'story_master',
      action: 'turns.cancel',
      target: 'campaign:c-1',
      traceId: 'trace-1',
    });
    expect(entries[1]).toMatchObject({ actor: 'carol', role: 'developer', outcome: 'denied', detail: 'forbidden' });
    expect(entries[4]?.target).toBeNull();

    const verification = log.verify();
    expect(verification).toMatchObject({ ok: true, entries: 12, firstBroken: null });
    expect(Number.isNaN(Date.parse(verification.checkedAt))).toBe(false);
  });

  it('verifies an empty log as intact with 0 entries', () => {
    expect(log.verify()).toMatchObject({ ok: true, entries: 0, firstBroken: null });
  });

  it('anchors the chain head in settings in the same transaction as each append', () => {
    seed(3);
    const head = JSON.parse(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(AUDIT_HEAD_KEY) as string);
    expect(head).toEqual({ seq: 3, hash: row(3).hash });
  });

  it('keeps one chain when two connections (as two processes would) append in turn', () => {
    const other = openDatabase({ path }).db;
    try {
      const otherLog = createAuditLog(other);
      for (let index = 1; index <= 10; index++) (index % 2 === 0 ? log : otherLog).append(record(index));
      expect(otherLog.verify()).toMatchObject({ ok: true, entries: 10 });
      expect(log.verify()).toMatchObject({ ok: true, entries: 10 });
    } finally {
      other.close();
    }
  });
});

describe('audit verify names the first broken link after raw SQL tampering', () => {
  beforeEach(() => seed(12));

  it('an edited entry: its hash no longer matches its content', () => {
    db.prepare("UPDATE audit_log SET outcome = 'ok', detail = NULL WHERE seq = 6").run();
    const broken = brokenAt();
    expect(broken.seq).toBe(6);
    expect(broken.reason).toMatch(/entry 6 was edited/);
    expect(log.verify().entries).toBe(5);
  });

  it('an edited entry whose hash was recomputed: the next entry no longer links to it', () => {
    const edited = { ...row(6), actor: 'mallory' };
    db.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 6').run(edited.actor, auditEntryHash(edited));
    const broken = brokenAt();
    expect(broken.seq).toBe(7);
    expect(broken.reason).toMatch(/entry 7 does not link to entry 6/);
  });

  it('a deleted entry in the middle: the sequence has a gap', () => {
    db.prepare('DELETE FROM audit_log WHERE seq = 6').run();
    const broken = brokenAt();
    expect(broken.seq).toBe(6);
    expect(broken.reason).toMatch(/entry 6 is missing: the chain jumps from entry 5 to entry 7/);
  });

  it('a deleted entry with the later ones renumbered to close the gap', () => {
    db.prepare('DELETE FROM audit_log WHERE seq = 6').run();
    db.prepare('UPDATE audit_log SET seq = -(seq - 1) WHERE seq > 6').run();
    db.prepare('UPDATE audit_log SET seq = -seq WHERE seq < 0').run();
    const broken = brokenAt();
    expect(broken.seq).toBe(6);
    expect(broken.reason).toMatch(/does not link to entry 5/);
  });

  it('deleted newest entries (tail truncation): the chain ends before its recorded head', () => {
    db.prepare('DELETE FROM audit_log WHERE seq > 9').run();
    const broken = brokenAt();
    expect(broken.seq).toBe(10);
    expect(broken.reason).toMatch(/entries 10 to 12 are missing: the chain ends at entry 9 but its head recorded entry 12/);
  });

  it('deleted newest entries together with the head anchor', () => {
    db.prepare('DELETE FROM audit_log WHERE seq > 9').run();
    db.prepare('DELETE FROM settings WHERE key = ?').run(AUDIT_HEAD_KEY);
    const broken = brokenAt();
    expect(broken.seq).toBe(10);
    expect(broken.reason).toMatch(/head anchor .* was deleted/);
  });

  it('an entry inserted at the end with a made-up previous hash', () => {
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, trace_id, prev_hash, hash)
       VALUES (13, '2025-02-01T00:00:00.000Z', 'mallory', 'admin', 'tokens.mint', NULL, 'ok', NULL, NULL, ?, ?)`,
    ).run('f'.repeat(64), 'e'.repeat(64));
    const broken = brokenAt();
    expect(broken.seq).toBe(13);
  });

  it('an entry inserted at the end with a correct link and hash: it lies past the recorded head', () => {
    const forged = {
      seq: 13,
      at: '2025-02-01T00:00:00.000Z',
      actor: 'mallory',
      role: 'admin',
      action: 'tokens.mint',
      target: null,
      outcome: 'ok',
      detail: null,
      traceId: null,
      prevHash: row(12).hash,
    };
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, trace_id, prev_hash, hash)
       VALUES (@seq, @at, @actor, @role, @action, @target, @outcome, @detail, @traceId, @prevHash, @hash)`,
    ).run({ ...forged, hash: auditEntryHash(forged) });
    const broken = brokenAt();
    expect(broken.seq).toBe(13);
    expect(broken.reason).toMatch(/after the recorded chain head \(entry 12\)/);
  });

  function insertInMiddle(prevHash: (forged: Omit<AuditRow, 'hash' | 'prevHash'>) => string): void {
    // Make room at seq 5 by shifting 5..12 up by one (through negatives: seq is the primary key).
    db.prepare('UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= 5').run();
    db.prepare('UPDATE audit_log SET seq = -seq WHERE seq < 0').run();
    const base = {
      seq: 5,
      at: row(4).at,
      actor: 'mallory',
      role: 'admin',
      action: 'tokens.revoke',
      target: null,
      outcome: 'ok',
      detail: null,
      traceId: null,
    };
    const forged = { ...base, prevHash: prevHash(base) };
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor, role, action, target, outcome, detail, trace_id, prev_hash, hash)
       VALUES (@seq, @at, @actor, @role, @action, @target, @outcome, @detail, @traceId, @prevHash, @hash)`,
    ).run({ ...forged, hash: auditEntryHash(forged) });
  }

  it('an entry inserted in the middle with a made-up previous hash', () => {
    insertInMiddle(() => '1'.repeat(64));
    const broken = brokenAt();
    expect(broken.seq).toBe(5);
    expect(broken.reason).toMatch(/entry 5 does not link to entry 4/);
  });

  it('an entry inserted in the middle that links correctly: the entry after it no longer does', () => {
    insertInMiddle(() => row(4).hash);
    const broken = brokenAt();
    expect(broken.seq).toBe(6);
    expect(broken.reason).toMatch(/entry 6 does not link to entry 5/);
  });

  it('reordered entries: the contents of two rows swapped', () => {
    const { seq: _a, ...a } = row(4);
    const { seq: _b, ...b } = row(8);
    const swap = db.prepare(
      `UPDATE audit_log SET at = @at, actor = @actor, role = @role, action = @action, target = @target, outcome = @outcome,
       detail = @detail, trace_id = @traceId, prev_hash = @prevHash, hash = @hash WHERE seq = @into`,
    );
    swap.run({ ...b, into: 4 });
    swap.run({ ...a, into: 8 });
    const broken = brokenAt();
    expect(broken.seq).toBe(4);
    expect(broken.reason).toMatch(/entry 4 does not link to entry 3/);
  });

  it('reordered entries: two seqs renumbered', () => {
    db.prepare('UPDATE audit_log SET seq = 100 WHERE seq = 4').run();
    db.prepare('UPDATE audit_log SET seq = 4 WHERE seq = 8').run();
    db.prepare('UPDATE audit_log SET seq = 8 WHERE seq = 100').run();
    const broken = brokenAt();
    expect(broken.seq).toBe(4);
  });

  it('the first entry edited: broken at 1', () => {
    db.prepare("UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 1").run();
    expect(brokenAt().seq).toBe(1);
  });

  it('the first entry deleted: entry 1 is missing', () => {
    db.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    const broken = brokenAt();
    expect(broken.seq).toBe(1);
    expect(broken.reason).toMatch(/entry 1 is missing/);
  });

  it('names only the first of several breaks', () => {
    db.prepare("UPDATE audit_log SET action = 'nothing' WHERE seq = 9").run();
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(brokenAt().seq).toBe(3);
  });
});

describe('audit list', () => {
  beforeEach(() => seed(30));

  it('lists newest first with limit, offset and the total', () => {
    const first = list({ limit: 10 });
    expect(first.total).toBe(30);
    expect(first.entries.map((entry) => entry.seq)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
    const third = list({ limit: 10, offset: 20 });
    expect(third.entries.map((entry) => entry.seq)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(list({ limit: 10, offset: 30 })).toEqual({ entries: [], total: 30 });
  });

  it('filters by actor, action and outcome, alone and together', () => {
    const byBob = list({ actor: 'bob', limit: 1000 });
    expect(byBob.total).toBe(10);
    expect(byBob.entries.every((entry) => entry.actor === 'bob')).toBe(true);

    const denied = list({ outcome: 'denied', limit: 3 });
    expect(denied.total).toBe(8);
    expect(denied.entries).toHaveLength(3);
    expect(denied.entries.every((entry) => entry.outcome === 'denied' && entry.detail === 'forbidden')).toBe(true);

    const combined = list({ actor: 'carol', action: 'turns.run', limit: 1000 });
    // carol: index % 3 == 2; turns.run: index % 3 == 0 — never both.
    expect(combined).toEqual({ entries: [], total: 0 });
    const mints = list({ actor: 'carol', action: 'tokens.mint', outcome: 'denied', limit: 1000 });
    expect(mints.entries.map((entry) => entry.seq)).toEqual([26, 14, 2]);
    expect(mints.total).toBe(3);
  });
});

describe('audit export', () => {
  it('writes one parseable entry per line, oldest first, whose hashes chain (across export pages)', () => {
    seed(1203);
    const lines = [...log.exportLines()];
    expect(lines).toHaveLength(1203);
    const entries = lines.map((line) => AuditEntry.parse(JSON.parse(line)));
    let previous = GENESIS_HASH;
    entries.forEach((entry, index) => {
      expect(entry.seq).toBe(index + 1);
      expect(entry.prevHash).toBe(previous);
      const { hash, ...content } = entry;
      expect(auditEntryHash(content)).toBe(hash);
      previous = hash;
    });
  });

  it('exports nothing for an empty log', () => {
    expect([...log.exportLines()]).toEqual([]);
  });
});

describe('audit handlers behind the rpc', () => {
  it('serve audit.list and audit.verify to admins only', async () => {
    seed(3);
    const rpc = createRpc({ handlers: createAuditHandlers(log) as HandlerTable, logger: silentLogger() });
    await expect(rpc.invoke('audit.verify', {}, alice)).resolves.toMatchObject({ ok: true, entries: 3 });
    const listed = await rpc.invoke('audit.list', { limit: 2 }, alice);
    expect(listed.entries.map((entry) => entry.seq)).toEqual([3, 2]);
    expect(listed.total).toBe(3);
    const refused = await rpc.invoke('audit.verify', {}, bob).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ContractError);
    expect((refused as ContractError).code).toBe('forbidden');
  });
});
