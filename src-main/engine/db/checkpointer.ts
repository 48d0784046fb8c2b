/**
 * WAL checkpoints off the event loop. With SQLite's automatic checkpoint, the commit that pushes the WAL
 * past 1,000 pages copies it into the database file on the main thread, stalling whatever turn or
 * request is running (measured: most of the slowest commits of a turn). Here the engine's connection has
 * `wal_autocheckpoint = 0`, and a worker thread with its own connection to the same file runs PASSIVE
 * checkpoints on a short interval — which never block the writer — so the main thread only appends to
 * the WAL. On close the worker stops and the engine's connection checkpoints and truncates the WAL once.
 *
 * The worker is a small CommonJS program evaluated in the thread (not a file of the build), handed the
 * resolved path of better-sqlite3 so it loads the same module (and native binding) as the engine.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { Db } from './database';

export interface CheckpointerOptions {
  db: Db;
  path: string;
  nativeBinding?: string | undefined;
  /** Time between PASSIVE checkpoints; default 250 ms (a checkpoint with nothing to copy is ~free). */
  intervalMs?: number;
  logger: Logger;
}

export interface Checkpointer {
  /** Whether checkpoints run in the worker (false after it failed: SQLite's own autocheckpoint is back). */
  isRunning(): boolean;
  /** Stops the worker; then the caller's connection may checkpoint and close. */
  close(): Promise<void>;
}

/** SQLite's default, restored if the worker cannot run. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** After a checkpoint resets the WAL, SQLite truncates the file back to this size. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const options = { fileMustExist: true };
if (workerData.nativeBinding) options.nativeBinding = workerData.nativeBinding;
const db = new Database(workerData.path, options);
db.pragma('busy_timeout = 0');
let failures = 0;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch (error) {
    failures += 1;
    if (failures === 1 || failures % 100 === 0) parentPort.postMessage({ kind: 'error', message: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage({ kind: 'stopped' });
});
parentPort.postMessage({ kind: 'ready' });
`;

export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { db, logger } = options;
  if (options.path === ':memory:') return { isRunning: () => false, close: async () => {} };
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  db.pragma('wal_autocheckpoint = 0');
  let running = true;
  const fallBack = (why: string) => {
    if (!running) return;
    running = false;
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    logger.warn({ reason: why }, 'WAL checkpoint worker unavailable; SQLite checkpoints on the main thread');
  };

  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: options.path,
      nativeBinding: options.nativeBinding,
      intervalMs: Math.max(10, Math.trunc(options.intervalMs ?? 250)),
    },
  });
  worker.unref();
  let stopped: (() => void) | undefined;
  worker.on('message', (message: { kind: string; message?: string }) => {
    if (message.kind === 'error') logger.warn({ reason: message.message }, 'WAL checkpoint failed; retrying');
    if (message.kind === 'stopped') stopped?.();
  });
  worker.on('error', (error) => fallBack(error.message));
  worker.on('exit', (code) => {
    stopped?.();
    if (code !== 0) fallBack(`worker exited with code ${code}`);
  });

  return {
    isRunning: () => running,
    async close() {
      if (!running) return;
      running = false;
      await new Promise<void>((resolve) => {
        stopped = resolve;
        worker.postMessage('stop');
        // A worker that cannot answer (stuck in a checkpoint on a dead disk) must not hold up shutdown.
        setTimeout(resolve, 2_000).unref();
      });
      await worker.terminate();
    },
  };
}
