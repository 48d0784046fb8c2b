/**
 * Group commit (engine/db/group-commit.ts) on a real SQLite file, watched from a second connection as
 * another process would see it: units stay atomic, become visible only when their group commits (at
 * flush() or the next check phase of the event loop), and a group that cannot commit is rolled back
 * whole with its owners told.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src-main/engine/db/database';
import { createGroupCommit } from '../../../src-main/engine/db/group-commit';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let dir: string;
let cleanup: () => void;
let db: Db;
let other: Db;

beforeEach(() => {
  ({ dir, cleanup } = tempDataDir());
  const path = join(dir, 'group.db');
  db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
           CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);
           CREATE TABLE item (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE);`);
  other = new Database(path, { readonly: true });
});
afterEach(() => {
  other.close();
  db.close();
  cleanup();
});

const seen = () => (other.prepare('SELECT label FROM item ORDER BY id').all() as { label: string }[]).map((row) => row.label);
const insert = (label: string) => db.prepare('INSERT INTO item (label) VALUES (?)').run(label);
const nextCheckPhase = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('keeps units invisible to other connections until the group commits, and reads its own writes meanwhile', async () => {
    const group = createGroupCommit(db);
    group.unit('turn-a', () => insert('a1'));
    group.unit('turn-b', () => insert('b1'));
    expect(group.pending()).toBe(true);
    expect(seen()).toEqual([]);
    // The engine's own connection sees the open group.
    expect(db.prepare('SELECT count(*) AS n FROM item').get()).toEqual({ n: 2 });
    group.flush();
    expect(group.pending()).toBe(false);
    expect(seen()).toEqual(['a1', 'b1']);

    // Without a flush, the group commits when the event loop reaches its check phase.
    group.unit('turn-a', () => insert('a2'));
    expect(seen()).toEqual(['a1', 'b1']);
    await nextCheckPhase();
    expect(seen()).toEqual(['a1', 'b1', 'a2']);
  });

  it('rolls back only the unit that throws; the rest of its group commits', () => {
    const group = createGroupCommit(db);
    group.unit('turn-a', () => insert('kept'));
    expect(() =>
      group.unit('turn-b', () => {
        insert('half of a unit');
        insert('kept'); // UNIQUE violation: the whole unit goes
      }),
    ).toThrow(/UNIQUE/);
    group.unit('turn-a', () => insert('also kept'));
    group.flush();
    expect(seen()).toEqual(['kept', 'also kept']);
  });

  it('tells the owners of a group that could not commit, and loses all of it', () => {
    const group = createGroupCommit(db);
    const lost: { owners: string[]; message: string }[] = [];
    group.onLost((owners, error) => lost.push({ owners: [...owners].sort(), message: error.message }));
    group.unit('turn-a', () => insert('a'));
    // A deferred foreign key is only checked at COMMIT: the commit itself fails.
    group.unit('turn-b', () => db.prepare('INSERT INTO child (id, parent) VALUES (1, 42)').run());
    expect(() => group.flush()).toThrow(/FOREIGN KEY/);
    expect(lost).toEqual([{ owners: ['turn-a', 'turn-b'], message: expect.stringMatching(/FOREIGN KEY/) }]);
    expect(group.pending()).toBe(false);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM item').get()).toEqual({ n: 0 });
    // The next unit starts a fresh group.
    group.unit('turn-c', () => insert('c'));
    group.flush();
    expect(seen()).toEqual(['c']);
  });

  it('commits what is open on close, and runs later units as their own transactions', () => {
    const group = createGroupCommit(db);
    group.unit('turn-a', () => insert('before close'));
    group.close();
    expect(seen()).toEqual(['before close']);
    group.unit('turn-a', () => insert('after close'));
    expect(group.pending()).toBe(false);
    expect(seen()).toEqual(['before close', 'after close']);
  });
});
