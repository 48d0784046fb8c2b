import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, openDatabase, openScratchDatabase } from '../../../src-main/engine/db/database';
import { LATEST_SCHEMA_VERSION, type Migration } from '../../../src-main/engine/db/migrations';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDataDir());
});
afterEach(() => cleanup());

function openError(run: () => unknown): DatabaseOpenError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatabaseOpenError);
    return error as DatabaseOpenError;
  }
  throw new Error('expected openDatabase to fail');
}

describe('openDatabase on a real SQLite file', () => {
  it('creates the file, applies every migration once and records them', () => {
    const path = join(dir, 'nested', 'console.db');
    const first = openDatabase({ path });
    expect(first.appliedMigrations).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(first.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(first.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(first.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    first.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('theme', '\"dark\"', 'now')").run();
    first.db.close();

    const again = openDatabase({ path });
    expect(again.appliedMigrations).toEqual([]);
    expect(again.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(again.db.prepare("SELECT value FROM settings WHERE key = 'theme'").get()).toEqual({ value: '"dark"' });
    again.db.close();
  });

  it('applies only the migrations that are new since the last open', () => {
    const path = join(dir, 'console.db');
    const v1: Migration[] = [{ version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER)' }];
    openDatabase({ path, migrations: v1 }).db.close();
    const v2 = [...v1, { version: 2, name: 'b', sql: 'CREATE TABLE b (y INTEGER)' }];
    const opened = openDatabase({ path, migrations: v2 });
    expect(opened.appliedMigrations).toEqual([2]);
    opened.db.close();
  });

  it('rolls a failing migration back whole and says which one failed', () => {
    const path = join(dir, 'console.db');
    const broken: Migration[] = [
      { version: 1, name: 'good', sql: 'CREATE TABLE good (x INTEGER)' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE bad (x INTEGER); SELECT * FROM missing_table' },
    ];
    const error = openError(() => openDatabase({ path, migrations: broken }));
    expect(error.reason).toBe('migration_failed');
    expect(error.message).toContain('2_bad');
    expect(error.message).toContain(path);
    const raw = new Database(path);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name IN ('good', 'bad')").all()).toEqual([]);
    raw.close();
  });

  it('names the path when the file is not a database', () => {
    const path = join(dir, 'console.db');
    writeFileSync(path, 'this is not a sqlite database, just text that fills the header page'.repeat(100));
    const error = openError(() => openDatabase({ path }));
    expect(error.reason).toBe('corrupt');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/restore a backup/);
  });

  it('names the path when it cannot be opened at all', () => {
    const path = join(dir, 'is-a-directory.db');
    mkdirSync(path);
    const error = openError(() => openDatabase({ path }));
    expect(error.reason).toBe('unreadable');
    expect(error.message).toContain(path);
  });

  it('reports a database locked by another process instead of hanging', () => {
    const path = join(dir, 'console.db');
    openDatabase({ path }).db.close();
    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const newer: Migration[] = [
        { version: 1, name: 'a', sql: 'SELECT 1' },
        { version: 2, name: 'b', sql: 'SELECT 1' },
      ];
      const error = openError(() => openDatabase({ path, busyTimeoutMs: 50, migrations: newer }));
      expect(error.reason).toBe('locked');
      expect(error.message).toContain(path);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('refuses a database written by a newer console and leaves it untouched', () => {
    const path = join(dir, 'console.db');
    openDatabase({ path }).db.close();
    const raw = new Database(path);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'later')").run();
    raw.close();
    const error = openError(() => openDatabase({ path }));
    expect(error.reason).toBe('newer_schema');
    expect(error.message).toContain('999');
    expect(error.message).toContain(path);
    const check = new Database(path);
    expect(check.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: 999 });
    check.close();
  });
});

describe('openScratchDatabase', () => {
  it('opens private in-memory databases at the latest schema from one migrated image', () => {
    const first = openScratchDatabase();
    const second = openScratchDatabase();
    const third = openScratchDatabase();
    try {
      const migrations = (db: Database.Database) => db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
      expect(migrations(first)).toHaveLength(LATEST_SCHEMA_VERSION);
      // Copies of one image: the same migration records, not a second migration run.
      expect(migrations(second)).toEqual(migrations(first));
      expect(first.pragma('foreign_keys', { simple: true })).toBe(1);
      first.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('scratch', '1', 'now')").run();
      expect(first.prepare("SELECT value FROM settings WHERE key = 'scratch'").get()).toEqual({ value: '1' });
      expect(second.prepare("SELECT value FROM settings WHERE key = 'scratch'").get()).toBeUndefined();
      expect(third.prepare("SELECT count(*) AS n FROM settings WHERE key = 'scratch'").get()).toEqual({ n: 0 });
    } finally {
      for (const db of [first, second, third]) db.close();
    }
  });
});
