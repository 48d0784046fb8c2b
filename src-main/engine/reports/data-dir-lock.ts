/**
 * Who is using a data dir, told by the operating system rather than by a pid file: every running console
 * (desktop, serve, a CLI command) holds a SHARED lock on `<dataDir>/novel-console.lock`, a tiny SQLite file
 * kept in a read transaction for the host's lifetime; `restore` takes it EXCLUSIVE with no wait, which
 * SQLite refuses while any shared holder remains. The OS drops the locks of a process that dies (even by
 * kill -9), so a crash never leaves a stale lock behind, and SQLite's own locking works across processes
 * and between connections of one process alike (POSIX advisory locks on Unix, LockFileEx on Windows).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'novel-console.lock';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataDirBusyError';
  }
}

function openLockFile(dataDir: string, nativeBinding: string | undefined, busyTimeoutMs: number): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, LOCK_FILE), nativeBinding ? { nativeBinding } : {});
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // A rollback journal: its SHARED/EXCLUSIVE file locks are the whole point (WAL readers never block a writer).
  db.pragma('journal_mode = DELETE');
  db.exec('CREATE TABLE IF NOT EXISTS holders (note TEXT)');
  return db;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/**
 * Marks the data dir as in use until release(): a running host calls this. Waits up to `waitMs` for a
 * restore that holds the dir to finish, then throws DataDirBusyError.
 */
export function holdDataDir(dataDir: string, options: { nativeBinding?: string | undefined; waitMs?: number } = {}): DataDirLock {
  const db = openLockFile(dataDir, options.nativeBinding, options.waitMs ?? 10_000);
  try {
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM holders').get();
  } catch (error) {
    db.close();
    if (isBusy(error))
      throw new DataDirBusyError(dataDir, `data dir ${dataDir} is being restored from a backup: wait for the restore to finish`);
    throw error;
  }
  return {
    path: join(dataDir, LOCK_FILE),
    release() {
      if (!db.open) return;
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

/** Takes the data dir for itself (restore), or throws DataDirBusyError naming why while a console holds it. */
export function takeDataDirExclusively(dataDir: string, options: { nativeBinding?: string | undefined } = {}): DataDirLock {
  const db = openLockFile(dataDir, options.nativeBinding, 0);
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (isBusy(error))
      throw new DataDirBusyError(
        dataDir,
        `a novel-console is running on ${dataDir} (it holds ${LOCK_FILE}): stop it (desktop, serve or any command on this data dir), then restore`,
      );
    throw error;
  }
  return {
    path: join(dataDir, LOCK_FILE),
    release() {
      if (!db.open) return;
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
    },
  };
}
