/**
 * Opens the engine's one SQLite database: WAL, foreign keys, busy_timeout, then the pending migrations
 * in one transaction. Every way the file can be unusable ends in a DatabaseOpenError that names the path
 * and says what to do, so a face can print one line instead of a stack trace.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export type DatabaseOpenFailure = 'unreadable' | 'locked' | 'corrupt' | 'newer_schema' | 'migration_failed';

export class DatabaseOpenError extends Error {
  readonly reason: DatabaseOpenFailure;
  readonly path: string;

  constructor(reason: DatabaseOpenFailure, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseOpenError';
    this.reason = reason;
    this.path = path;
  }
}

export interface OpenDatabaseOptions {
  path: string;
  /** Path of a better-sqlite3 .node built for another runtime (the Electron build). */
  nativeBinding?: string | undefined;
  busyTimeoutMs?: number;
  migrations?: readonly Migration[];
}

export interface OpenedDatabase {
  db: Db;
  schemaVersion: number;
  appliedMigrations: number[];
}

export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const { path } = options;
  const migrations = options.migrations ?? MIGRATIONS;
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw classify(error, path);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const appliedMigrations = migrate(db, path, migrations);
    return { db, schemaVersion: currentSchemaVersion(db), appliedMigrations };
  } catch (error) {
    db.close();
    throw error instanceof DatabaseOpenError ? error : classify(error, path);
  }
}

/** A migrated empty database image per native binding, made once per process: migrating takes ~100 ms. */
const scratchImages = new Map<string, Buffer>();

/**
 * A private in-memory database at the latest schema, for work that must not touch the engine's own
 * (the synthetic canary turn). Opened from a migrated image instead of migrating again: running every
 * migration on the event loop stalled turns and requests in flight by ~100-250 ms each time.
 */
export function openScratchDatabase(options: { nativeBinding?: string | undefined } = {}): Db {
  const key = options.nativeBinding ?? '';
  let image = scratchImages.get(key);
  if (!image) {
    const { db } = openDatabase({ path: ':memory:', nativeBinding: options.nativeBinding });
    image = db.serialize();
    db.close();
    scratchImages.set(key, image);
  }
  const db = new Database(image, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('foreign_keys = ON');
  return db;
}

const SCHEMA_VERSION_SQL = 'SELECT coalesce(max(version), 0) AS version FROM schema_migrations';

export function currentSchemaVersion(db: Db): number {
  return (db.prepare(SCHEMA_VERSION_SQL).get() as { version: number }).version;
}

/** A reader of the schema version with its statement prepared once, for health checks on hot paths. */
export function schemaVersionReader(db: Db): () => number {
  const statement = db.prepare(SCHEMA_VERSION_SQL);
  return () => (statement.get() as { version: number }).version;
}

function migrate(db: Db, path: string, migrations: readonly Migration[]): number[] {
  const latest = migrations.length;
  // IMMEDIATE takes the write lock up front: a second process opening the same file waits (busy_timeout)
  // instead of racing us through the same migration.
  const run = db.transaction((): number[] => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT`);
    const current = currentSchemaVersion(db);
    if (current > latest) {
      throw new DatabaseOpenError(
        'newer_schema',
        path,
        `database ${path} has schema version ${current}, newer than this console's ${latest}: upgrade novel-console or open another --data-dir`,
      );
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const migration of migrations.slice(current)) {
      try {
        db.exec(migration.sql);
      } catch (error) {
        throw new DatabaseOpenError(
          'migration_failed',
          path,
          `database ${path}: migration ${migration.version}_${migration.name} failed (${(error as Error).message}); nothing was changed`,
          { cause: error },
        );
      }
      record.run(migration.version, migration.name, new Date().toISOString());
      applied.push(migration.version);
    }
    return applied;
  });
  return run.immediate();
}

function classify(error: unknown, path: string): DatabaseOpenError {
  if (error instanceof DatabaseOpenError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DatabaseOpenError(
      'locked',
      path,
      `database ${path} is locked by another process: stop the other novel-console using it or choose another --data-dir`,
      { cause: error },
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseOpenError(
      'corrupt',
      path,
      `database ${path} is corrupt or not a SQLite database (${message}): restore a backup or move the file away`,
      { cause: error },
    );
  }
  return new DatabaseOpenError(
    'unreadable',
    path,
    `database ${path} cannot be opened (${message}): check that the path is a readable, writable file`,
    { cause: error },
  );
}

export { LATEST_SCHEMA_VERSION };
