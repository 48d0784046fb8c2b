/**
 * Online backups of the engine's SQLite database and their verified restore (SPEC 8, issue 7 point 3).
 *
 * Backup: better-sqlite3's `db.backup()` (SQLite's online backup API) runs in a worker thread on its own
 * connection, inside ONE read transaction held for the whole copy: every step reads the same snapshot, so
 * the engine's commits meanwhile neither restart the backup (which a second connection's steps otherwise
 * do at every write, never finishing under load) nor wait for it (WAL readers never block the writer).
 * It copies `pagesPerStep` pages a step and sleeps `pauseMs` between steps (a worker may block its own
 * thread), so on a 2-core machine it leaves the CPU and the disk to the turns (bench/backup.ts; a stepped
 * copy on the engine's own connection would take the main thread for every step instead). The worker
 * then switches the copy to a rollback journal
 * (one self-contained file), hashes it, and the file is renamed into `<dataDir>/backups/` next to a
 * `<file>.sha256` sidecar in sha256sum format (`sha256sum -c` checks it). A reader of the folder sees
 * either no backup or a whole one.
 *
 * Restore (CLI only, console stopped): takes the data dir exclusively (data-dir-lock.ts), copies the
 * backup beside the live database, and checks the copy BEFORE touching anything: the SQLite header and
 * size (truncation), the sidecar's checksum when there is one, `PRAGMA integrity_check`, that it is a
 * novel-console database of a schema this console can open, and the audit chain. Only then is the live
 * database renamed to `novel-console.db.before-restore-<time>` (its WAL with it), the copy renamed into
 * place, and an audit entry appended to the restored database.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Counter, Gauge, type Registry } from 'prom-client';
import { type BACKUP_TRIGGERS, type BackupInfo, BackupSettings } from '../../../src-shared/channels/backups';
import { ContractError } from '../../../src-shared/errors';
import type { Identity } from '../../../src-shared/rbac';
import { type Db, LATEST_SCHEMA_VERSION, openDatabase } from '../db/database';
import type { Logger } from '../logger';
import type { AuditLog } from '../security/audit-log';
import { createAuditLog } from '../security/audit-log';
import { takeDataDirExclusively } from './data-dir-lock';

export const BACKUP_DIR = 'backups';
const DATABASE_FILE = 'novel-console.db';
const SETTINGS_KEY = 'backups.settings';

export type BackupTrigger = (typeof BACKUP_TRIGGERS)[number];

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = {
  schedule: { enabled: true, intervalHours: 24, keep: 7 },
  retention: { tracesDays: 7, alertsDays: 30, logsDays: 14 },
};

/** A backup or a restore that cannot go ahead, in one sentence a person can act on. */
export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefusedError';
  }
}

// ---------------------------------------------------------------------------------------------------
// The copy itself

export interface OnlineBackupResult {
  bytes: number;
  sha256: string;
  pages: number;
  durationMs: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const Database = require(workerData.modulePath);
const options = { fileMustExist: true };
if (workerData.nativeBinding) options.nativeBinding = workerData.nativeBinding;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
// This thread only: the engine's thread never waits on it.
const pause = () => { if (workerData.pauseMs > 0) Atomics.wait(sleeper, 0, 0, workerData.pauseMs); };
(async () => {
  const source = new Database(workerData.source, options);
  source.pragma('busy_timeout = 5000');
  let result;
  try {
    // One read transaction for the whole copy: every step reads the same snapshot, so the engine's
    // commits in between neither restart the backup nor get blocked by it (WAL).
    source.exec('BEGIN');
    source.prepare('SELECT count(*) FROM sqlite_master').get();
    result = await source.backup(workerData.target, { progress: () => { pause(); return workerData.pagesPerStep; } });
    source.exec('COMMIT');
  } finally {
    source.close();
  }
  const copy = new Database(workerData.target, options);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(workerData.target, 'r+');
  const buffer = Buffer.allocUnsafe(Math.min(16777216, Math.max(65536, workerData.pagesPerStep * 4096)));
  let bytes = 0;
  for (;;) {
    const n = fs.readSync(fd, buffer, 0, buffer.length, null);
    if (n <= 0) break;
    bytes += n;
    hash.update(buffer.subarray(0, n));
    pause();
  }
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  parentPort.postMessage({ kind: 'done', pages: result.totalPages, bytes, sha256: hash.digest('hex') });
})().catch((error) => parentPort.postMessage({ kind: 'error', message: String((error && error.message) || error) }));
`;

/** How hard a backup may press on the machine: pages copied (and 4 KiB-pages hashed) per step, pause between steps. */
export interface BackupPace {
  pagesPerStep: number;
  pauseMs: number;
}

/** Measured in bench/backup.ts (1 GB while turns run on 2 cores): see BENCHMARKS.md. */
export const DEFAULT_BACKUP_PACE: BackupPace = { pagesPerStep: 256, pauseMs: 10 };

/**
 * Copies the database at `source` into `target` (which must not exist) from a worker thread; resolves once
 * the copy is complete, synced and hashed.
 */
export function runOnlineBackup(options: {
  source: string;
  target: string;
  nativeBinding?: string | undefined;
  pace?: BackupPace;
  /** Aborting stops the copy at once (the worker is terminated); the caller removes the partial file. */
  signal?: AbortSignal;
}): Promise<OnlineBackupResult> {
  const pace = options.pace ?? DEFAULT_BACKUP_PACE;
  if (options.signal?.aborted) return Promise.reject(new Error('backup cancelled: the console is closing'));
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
        source: options.source,
        target: options.target,
        nativeBinding: options.nativeBinding,
        pagesPerStep: Math.max(1, Math.trunc(pace.pagesPerStep)),
        pauseMs: Math.max(0, Math.trunc(pace.pauseMs)),
      },
    });
    let settled = false;
    worker.on('message', (message: { kind: string; message?: string; pages?: number; bytes?: number; sha256?: string }) => {
      if (settled) return;
      settled = true;
      if (message.kind === 'done')
        resolvePromise({
          bytes: message.bytes ?? 0,
          sha256: message.sha256 ?? '',
          pages: message.pages ?? 0,
          durationMs: performance.now() - started,
        });
      else reject(new Error(message.message ?? 'backup failed'));
      void worker.terminate();
    });
    worker.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`backup worker exited with code ${code}`));
    });
    options.signal?.addEventListener(
      'abort',
      () => {
        if (settled) return;
        settled = true;
        reject(new Error('backup cancelled: the console is closing'));
        void worker.terminate();
      },
      { once: true },
    );
  });
}

/** SHA-256 of a file, read in 1 MiB chunks. */
export function sha256OfFile(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n <= 0) break;
      hash.update(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export function sidecarPath(file: string): string {
  return `${file}.sha256`;
}

/** Writes `<file>.sha256` (sha256sum format: `<hex>  <name>`) atomically. */
function writeSidecar(file: string, sha256: string): void {
  const target = sidecarPath(file);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  writeFileSync(temp, `${sha256}  ${basename(file)}\n`, { mode: 0o600 });
  renameSync(temp, target);
}

/** The checksum a sidecar states; null when there is no sidecar; a refusal when it cannot be read. */
function readSidecar(file: string): string | null {
  const path = sidecarPath(file);
  if (!existsSync(path)) return null;
  const match = /^([0-9a-fA-F]{64})\s/.exec(readFileSync(path, 'utf8'));
  if (!match?.[1]) throw new BackupRefusedError(`checksum file ${path} is not in sha256sum format: fix or remove it`);
  return match[1].toLowerCase();
}

// ---------------------------------------------------------------------------------------------------
// Verification (before any restore)

export interface VerifiedBackup {
  sha256: string;
  /** Whether a `.sha256` sidecar was there and matched. */
  checksum: 'verified' | 'absent';
  schemaVersion: number;
  auditEntries: number;
  bytes: number;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function checkHeader(path: string, shownName: string): number {
  const bytes = statSync(path).size;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC))
    throw new BackupRefusedError(`${shownName} is not a SQLite database (no SQLite header): it is not a novel-console backup`);
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // The in-header page count is valid when "version-valid-for" equals the change counter (SQLite >= 3.7.0 writes both).
  const countValid = header.readUInt32BE(92) === header.readUInt32BE(24);
  if (bytes % pageSize !== 0 || (countValid && bytes < pages * pageSize))
    throw new BackupRefusedError(
      `${shownName} is truncated (${bytes} bytes, expected ${countValid ? pages * pageSize : `a multiple of ${pageSize}`}): use another backup`,
    );
  return bytes;
}

/**
 * Checks a backup file without changing it: header and size, checksum against `expectedSha256` (a
 * sidecar's), integrity_check, the tables of a novel-console database, its schema version and the audit
 * chain. Throws BackupRefusedError naming the first problem.
 */
export function verifyBackupFile(
  path: string,
  options: { expectedSha256?: string | null; shownName?: string; nativeBinding?: string | undefined } = {},
): VerifiedBackup {
  const shownName = options.shownName ?? path;
  if (!existsSync(path)) throw new BackupRefusedError(`${shownName} does not exist`);
  const bytes = checkHeader(path, shownName);
  const sha256 = sha256OfFile(path);
  if (options.expectedSha256 && options.expectedSha256 !== sha256)
    throw new BackupRefusedError(
      `${shownName} does not match its checksum (sha256 ${sha256}, ${basename(shownName)}.sha256 says ${options.expectedSha256}): the file was changed or damaged; use another backup`,
    );
  let db: Db;
  try {
    db = new Database(path, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw new BackupRefusedError(`${shownName} cannot be opened as a SQLite database (${(error as Error).message})`);
  }
  try {
    let problems: string[];
    try {
      problems = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
    } catch (error) {
      throw new BackupRefusedError(`${shownName} is corrupt (${(error as Error).message}): use another backup`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok')
      throw new BackupRefusedError(`${shownName} is corrupt (integrity_check: ${problems.slice(0, 3).join('; ')}): use another backup`);
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    for (const table of ['schema_migrations', 'settings', 'instance', 'audit_log'])
      if (!tables.has(table))
        throw new BackupRefusedError(`${shownName} is a SQLite database but not a novel-console one (no ${table} table)`);
    const schemaVersion = db.prepare('SELECT coalesce(max(version), 0) FROM schema_migrations').pluck().get() as number;
    if (schemaVersion > LATEST_SCHEMA_VERSION)
      throw new BackupRefusedError(
        `${shownName} has schema version ${schemaVersion}, newer than this console's ${LATEST_SCHEMA_VERSION}: restore it with a newer novel-console`,
      );
    const verification = createAuditLog(db).verify();
    if (!verification.ok)
      throw new BackupRefusedError(
        `${shownName} has a broken audit chain (entry ${verification.firstBroken?.seq}: ${verification.firstBroken?.reason}): refusing to restore a tampered database`,
      );
    return { sha256, checksum: options.expectedSha256 ? 'verified' : 'absent', schemaVersion, auditEntries: verification.entries, bytes };
  } catch (error) {
    if (error instanceof BackupRefusedError) throw error;
    throw new BackupRefusedError(
      `${shownName} cannot be read as a novel-console database (${(error as Error).message}): use another backup`,
    );
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------
// Restore

export interface RestoreResult {
  file: string;
  sha256: string;
  checksum: 'verified' | 'absent';
  /** The previous database's new name in the data dir, or null when there was none. */
  previous: string | null;
  auditEntries: number;
}

function compactTime(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function removeQuietly(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Replaces the database of `dataDir` with the backup `file`, after verifying it (see the file comment).
 * Refused (BackupRefusedError / DataDirBusyError, live database untouched) on any failed check.
 */
export function restoreBackup(options: {
  file: string;
  dataDir: string;
  actor: Identity;
  nativeBinding?: string | undefined;
  now?: () => Date;
}): RestoreResult {
  const now = options.now ?? (() => new Date());
  const file = resolve(options.file);
  const dataDir = resolve(options.dataDir);
  if (!existsSync(file)) throw new BackupRefusedError(`${file} does not exist`);
  const expectedSha256 = readSidecar(file);
  const lock = takeDataDirExclusively(dataDir, { nativeBinding: options.nativeBinding });
  const staged = join(dataDir, `.${DATABASE_FILE}.restore-${process.pid}.tmp`);
  try {
    // Verified as copied into the data dir: what is checked is exactly what gets renamed into place.
    copyFileSync(file, staged);
    const fd = openSync(staged, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    let verified: VerifiedBackup;
    try {
      verified = verifyBackupFile(staged, { expectedSha256, shownName: file, nativeBinding: options.nativeBinding });
    } finally {
      // A read-only open of a WAL-flagged file may leave -wal/-shm beside the staged copy.
      rmSync(`${staged}-wal`, { force: true });
      rmSync(`${staged}-shm`, { force: true });
    }

    const live = join(dataDir, DATABASE_FILE);
    let previous: string | null = null;
    if (existsSync(live)) {
      previous = `${DATABASE_FILE}.before-restore-${compactTime(now())}`;
      const kept = join(dataDir, previous);
      try {
        const old = new Database(live, { fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
        try {
          old.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          old.close();
        }
      } catch {
        // A damaged live database keeps its WAL beside the copy (renamed below) instead.
      }
      renameSync(live, kept);
      if (existsSync(`${live}-wal`)) renameSync(`${live}-wal`, `${kept}-wal`);
      rmSync(`${live}-shm`, { force: true });
      rmSync(`${live}-journal`, { force: true });
    }
    renameSync(staged, live);

    const { db } = openDatabase({ path: live, nativeBinding: options.nativeBinding });
    try {
      createAuditLog(db).append({
        identity: options.actor,
        action: 'backups.restore',
        target: `backup:${basename(file)}`,
        outcome: 'ok',
        detail: `sha256 ${verified.sha256} (${verified.checksum === 'verified' ? 'checksum verified' : 'no checksum file'}); ${previous ? `previous database kept as ${previous}` : 'no previous database'}`,
        traceId: null,
      });
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    return { file, sha256: verified.sha256, checksum: verified.checksum, previous, auditEntries: verified.auditEntries + 1 };
  } finally {
    removeQuietly(staged);
    lock.release();
  }
}

// ---------------------------------------------------------------------------------------------------
// The service inside a running host: on-demand and scheduled backups, the folder's list, the settings

const NAME_PATTERN = /^novel-console-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(manual|schedule|cli)(?:-\d+)?\.db$/;

function parseName(fileName: string): { createdAt: string; trigger: BackupTrigger } | null {
  const match = NAME_PATTERN.exec(fileName);
  if (!match?.[1] || !match[2]) return null;
  const [date, time] = match[1].split('T') as [string, string];
  const [h, m, s, ms] = time.replace('Z', '').split('-');
  return { createdAt: `${date}T${h}:${m}:${s}.${ms}Z`, trigger: match[2] as BackupTrigger };
}

export interface BackupServiceOptions {
  db: Db;
  dataDir: string;
  databasePath: string;
  nativeBinding?: string | undefined;
  audit: AuditLog;
  registry: Registry;
  logger: Logger;
  /** Settings used until someone saves theirs (HostOptions.backups). */
  defaults?: BackupSettings;
  pace?: BackupPace;
  now?: () => Date;
}

export interface CreateBackupRequest {
  trigger: BackupTrigger;
  /** Write here instead of the backups folder (CLI --out); no pruning then. */
  out?: string;
  /** Appends an audit entry as this identity (schedule, CLI); channel calls are audited by rpc. */
  auditAs?: Identity;
}

export interface CreatedBackup {
  backup: BackupInfo;
  path: string;
  pruned: string[];
  durationMs: number;
}

export function createBackupService(options: BackupServiceOptions) {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const directory = join(options.dataDir, BACKUP_DIR);
  const defaults = options.defaults ?? DEFAULT_BACKUP_SETTINGS;
  const readSetting = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const writeSetting = db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  let running: Promise<CreatedBackup> | null = null;
  let lastSuccessMs: number | null = null;
  const closing = new AbortController();

  const registers = [options.registry];
  const backupsTotal = new Counter({
    name: 'novel_engine_backups_total',
    help: 'Backups attempted by this process, by result (ok | failed)',
    labelNames: ['result'] as const,
    registers,
  });
  backupsTotal.inc({ result: 'ok' }, 0);
  backupsTotal.inc({ result: 'failed' }, 0);

  function list(): BackupInfo[] {
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch {
      return [];
    }
    const backups: BackupInfo[] = [];
    for (const fileName of names) {
      if (!fileName.endsWith('.db')) continue;
      const path = join(directory, fileName);
      let stats: ReturnType<typeof statSync>;
      try {
        stats = statSync(path);
      } catch {
        continue;
      }
      if (!stats.isFile()) continue;
      const parsed = parseName(fileName);
      let sha256: string | null = null;
      try {
        sha256 = readSidecar(path);
      } catch {
        sha256 = null;
      }
      backups.push({
        fileName,
        createdAt: parsed?.createdAt ?? stats.mtime.toISOString(),
        bytes: stats.size,
        sha256,
        trigger: parsed?.trigger ?? 'unknown',
      });
    }
    return backups.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.fileName.localeCompare(a.fileName));
  }

  // Read from the folder once, then kept in memory: /metrics scrapes must not list a directory.
  const newestOnDisk = list()[0]?.createdAt;
  lastSuccessMs = newestOnDisk ? Date.parse(newestOnDisk) : null;
  function lastSuccessAt(): string | null {
    return lastSuccessMs === null ? null : new Date(lastSuccessMs).toISOString();
  }

  new Gauge({
    name: 'novel_engine_backup_last_success_timestamp_seconds',
    help: 'When the newest backup of the data dir was taken (Unix time); absent until there is one',
    registers,
    collect() {
      if (lastSuccessMs !== null) this.set(lastSuccessMs / 1000);
    },
  });
  new Gauge({
    name: 'novel_engine_backup_last_success_age_seconds',
    help: 'Time since the newest backup of the data dir was taken; absent until there is one',
    registers,
    collect() {
      if (lastSuccessMs !== null) this.set(Math.max(0, (now().getTime() - lastSuccessMs) / 1000));
    },
  });

  function settings(): BackupSettings {
    const stored = readSetting.get(SETTINGS_KEY) as string | undefined;
    if (stored === undefined) return defaults;
    const parsed = BackupSettings.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : defaults;
  }

  function setSettings(next: BackupSettings): BackupSettings {
    const parsed = BackupSettings.parse(next);
    writeSetting.run(SETTINGS_KEY, JSON.stringify(parsed), now().toISOString());
    return parsed;
  }

  /** Deletes the oldest backups of the folder beyond `keep`; returns the deleted file names. */
  function prune(keep: number): string[] {
    const doomed = list().slice(Math.max(0, keep));
    for (const backup of doomed) {
      rmSync(join(directory, backup.fileName), { force: true });
      rmSync(sidecarPath(join(directory, backup.fileName)), { force: true });
    }
    if (doomed.length > 0) logger.info({ deleted: doomed.map((b) => b.fileName) }, 'old backups deleted');
    return doomed.map((backup) => backup.fileName);
  }

  function targetPath(request: CreateBackupRequest, at: Date): string {
    if (request.out) return resolve(request.out);
    mkdirSync(directory, { recursive: true });
    const stem = `novel-console-${compactTime(at)}-${request.trigger}`;
    let path = join(directory, `${stem}.db`);
    for (let n = 2; existsSync(path); n++) path = join(directory, `${stem}-${n}.db`);
    return path;
  }

  async function runBackup(request: CreateBackupRequest): Promise<CreatedBackup> {
    const at = now();
    const target = targetPath(request, at);
    if (!existsSync(dirname(target))) throw new ContractError('invalid_request', `cannot write ${target}: its folder does not exist`);
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
    removeQuietly(temp);
    try {
      const result = await runOnlineBackup({
        source: options.databasePath,
        target: temp,
        nativeBinding: options.nativeBinding,
        ...(options.pace ? { pace: options.pace } : {}),
        signal: closing.signal,
      });
      renameSync(temp, target);
      writeSidecar(target, result.sha256);
      lastSuccessMs = at.getTime();
      backupsTotal.inc({ result: 'ok' });
      const pruned = request.out ? [] : prune(settings().schedule.keep);
      const backup: BackupInfo = {
        fileName: basename(target),
        createdAt: at.toISOString(),
        bytes: result.bytes,
        sha256: result.sha256,
        trigger: request.trigger,
      };
      if (request.auditAs)
        options.audit.append({
          identity: request.auditAs,
          action: 'backups.create',
          target: `backup:${backup.fileName}`,
          outcome: 'ok',
          detail: `sha256 ${result.sha256}; ${result.bytes} bytes`,
          traceId: null,
        });
      logger.info({ file: target, bytes: result.bytes, durationMs: Math.round(result.durationMs) }, 'backup written');
      return { backup, path: target, pruned, durationMs: result.durationMs };
    } catch (error) {
      removeQuietly(temp);
      backupsTotal.inc({ result: 'failed' });
      if (request.auditAs)
        options.audit.append({
          identity: request.auditAs,
          action: 'backups.create',
          target: `backup:${basename(target)}`,
          outcome: 'failed',
          detail: (error as Error).message.slice(0, 300),
          traceId: null,
        });
      logger.error({ err: error, file: target }, 'backup failed');
      if (error instanceof ContractError) throw error;
      throw new ContractError('unavailable', `backup to ${target} failed: ${(error as Error).message}`);
    }
  }

  return {
    directory,
    list,
    settings,
    setSettings,
    prune,
    lastSuccessAt,
    isRunning: () => running !== null,
    /** Takes a backup; one at a time (a second request while one runs is a `conflict`). */
    create(request: CreateBackupRequest): Promise<CreatedBackup> {
      if (closing.signal.aborted) return Promise.reject(new ContractError('unavailable', 'the console is closing: no new backup'));
      if (running) return Promise.reject(new ContractError('conflict', 'a backup is already running: wait for it to finish'));
      const current = runBackup(request).finally(() => {
        running = null;
      });
      running = current;
      return current;
    },
    /** Host close: a running backup is cancelled (its partial file removed) rather than waited for. */
    async close(): Promise<void> {
      closing.abort();
      await running?.catch(() => undefined);
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;

/** HostOptions.backups: the defaults until settings are saved, and the jobs' timing. */
export interface BackupHostOptions {
  defaults?: BackupSettings;
  /** Time between schedule checks; default 60 s. */
  checkIntervalMs?: number;
  /** Time between retention runs; default 1 h. */
  retentionIntervalMs?: number;
  /** False: no periodic retention (benches, tests that count rows); on demand still works. */
  retentionJobs?: boolean;
  /** Pages per step and pause between steps of a backup; default DEFAULT_BACKUP_PACE. */
  pace?: BackupPace;
}
