import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/engine/db/database';
import { DATABASE_FILE } from '../../../src-main/engine/host';
import { auditEntryHash, createAuditLog, GENESIS_HASH } from '../../../src-main/engine/security/audit-log';
import { AuditEntry } from '../../../src-shared/domain/security';
import { identityForRole } from '../../../src-shared/rbac';
import { assertBuilt, runCli } from '../../fixtures/cli-process';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const cleanups: (() => void)[] = [];

beforeAll(() => assertBuilt());
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function dataDir(): string {
  const data = tempDataDir('audit-cli-');
  cleanups.push(data.cleanup);
  return data.dir;
}

/** Appends entries from this process (as the running console would) and closes the file, so the CLI opens it next. */
function seeded(count: number): string {
  const dir = dataDir();
  const { db } = openDatabase({ path: join(dir, DATABASE_FILE) });
  try {
    const log = createAuditLog(db);
    for (let index = 1; index <= count; index++) {
      log.append({
        identity: identityForRole(index % 2 === 0 ? 'alice' : 'bob', index % 2 === 0 ? 'admin' : 'story_master'),
        action: index % 2 === 0 ? 'tokens.mint' : 'turns.run',
        target: `campaign:c-${index}`,
        outcome: index === 3 ? 'denied' : 'ok',
        detail: index === 3 ? 'forbidden' : null,
        traceId: null,
      });
    }
  } finally {
    db.close();
  }
  return dir;
}

function tamper(dir: string, ...statements: string[]): void {
  const { db } = openDatabase({ path: join(dir, DATABASE_FILE) });
  try {
    for (const sql of statements) db.exec(sql);
  } finally {
    db.close();
  }
}

describe('novel-console audit', () => {
  it('verify reports an intact chain and exits 0', () => {
    const dir = seeded(6);
    const result = runCli(['audit', 'verify', '--data-dir', dir]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('audit chain intact: 6 entries');
    expect(result.code).toBe(0);
  });

  it('verify names the entry an edit with raw SQL broke and exits 1', () => {
    const dir = seeded(6);
    tamper(dir, "UPDATE audit_log SET outcome = 'ok', detail = NULL WHERE seq = 3");
    const result = runCli(['audit', 'verify', '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe('audit chain broken at entry 3: entry 3 was edited: its hash no longer matches its content');
  });

  it('verify names the first missing entry when the newest ones were deleted', () => {
    const dir = seeded(6);
    tamper(dir, 'DELETE FROM audit_log WHERE seq >= 5');
    const result = runCli(['audit', 'verify', '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^audit chain broken at entry 5: entries 5 to 6 are missing/);
  });

  it('verify --json prints the verification', () => {
    const dir = seeded(4);
    tamper(dir, 'DELETE FROM audit_log WHERE seq = 2');
    const result = runCli(['audit', 'verify', '--json', '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, entries: 1, firstBroken: { seq: 2 } });
  });

  it('list prints a table of the newest entries and how many there are', () => {
    const dir = seeded(5);
    const result = runCli(['audit', 'list', '--limit', '2', '--data-dir', dir]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEQ\s+AT\s+ACTOR\s+ROLE\s+ACTION\s+TARGET\s+OUTCOME$/);
    expect(lines[1]).toMatch(/^5\s+\S+Z\s+bob\s+story_master\s+turns\.run\s+campaign:c-5\s+ok$/);
    expect(lines[2]).toMatch(/^4\s+\S+Z\s+alice\s+admin\s+tokens\.mint\s+campaign:c-4\s+ok$/);
    expect(lines[3]).toBe('2 of 5 entries');

    const denied = runCli(['audit', 'list', '--outcome', 'denied', '--data-dir', dir]);
    expect(denied.stdout).toMatch(/^3\s.*denied \(forbidden\)$/m);
    expect(denied.stdout).toContain('1 of 1 entries');

    const bad = runCli(['audit', 'list', '--limit', '0', '--data-dir', dir]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('an integer from 1 to 1000');
  });

  it('export writes every entry as a JSON line whose hashes chain, through a temp file', () => {
    const dir = seeded(7);
    const out = join(dir, 'audit.jsonl');
    const result = runCli(['audit', 'export', '--out', out, '--data-dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`exported 7 audit entries to ${join(dir, 'audit.jsonl')}`);
    const entries = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => AuditEntry.parse(JSON.parse(line)));
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    let previous = GENESIS_HASH;
    for (const { hash, ...content } of entries) {
      expect(content.prevHash).toBe(previous);
      expect(auditEntryHash(content)).toBe(hash);
      previous = hash;
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('export into a folder that does not exist fails with one line and leaves no file', () => {
    const dir = seeded(2);
    const out = join(dir, 'missing', 'audit.jsonl');
    const result = runCli(['audit', 'export', '--out', out, '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`cannot write ${out}`);
    expect(existsSync(out)).toBe(false);
  });

  it('a turn run from the CLI leaves an entry that audit list shows and verify accepts', () => {
    const dir = dataDir();
    const run = runCli(['turn', 'run', '--campaign', 'ashfall-crossing', '--no-latency', '--config', '{"seed":7}', '--data-dir', dir]);
    expect(run.code).toBe(0);
    const listed = runCli(['audit', 'list', '--json', '--data-dir', dir]);
    expect(listed.code).toBe(0);
    const { entries, total } = JSON.parse(listed.stdout) as { entries: AuditEntry[]; total: number };
    expect(total).toBeGreaterThanOrEqual(1);
    expect(entries.find((entry) => entry.action === 'turns.run')).toMatchObject({
      role: 'admin',
      target: 'campaign:ashfall-crossing',
      outcome: 'ok',
    });
    const verify = runCli(['audit', 'verify', '--data-dir', dir]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^audit chain intact: \d+ entr(y|ies)$/m);
  });
});
