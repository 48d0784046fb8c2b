/**
 * Composition root of the engine: opens the database, builds every service, wires the handler table
 * of the contract and starts the periodic producers. Faces (Electron, serve, CLI) call createHost and
 * talk to the result only through `rpc` and `topics`.
 */
import { join } from 'node:path';
import type { Face } from '../../src-shared/contract';
import { type Db, openDatabase } from './db/database';
import { ensureInstance } from './db/instance';
import { type Logger, silentLogger } from './logger';
import { createRpc, type HandlerTable, type Rpc } from './rpc';
import { createRuntimeMonitor, type RuntimeMonitor } from './system/runtime-monitor';
import { createSystemService, type SystemService } from './system/system-service';
import { createTopicBus, type TopicBus } from './topic-bus';

export const DATABASE_FILE = 'novel-console.db';

export interface HostOptions {
  dataDir: string;
  face: Face;
  electronVersion?: string | null;
  /** better-sqlite3 binary for a non-Node runtime (the desktop face's Electron build). */
  sqliteNativeBinding?: string | undefined;
  /** Period of system.tick; default 5 s. */
  tickIntervalMs?: number;
  logger?: Logger;
}

export interface Services {
  system: SystemService;
  runtime: RuntimeMonitor;
}

export interface Host {
  rpc: Rpc;
  topics: TopicBus;
  services: Services;
  db: Db;
  dataDir: string;
  databasePath: string;
  logger: Logger;
  /** False once close() has begun: readiness probes answer 503 from then on. */
  isOpen(): boolean;
  close(): void;
}

export function createHost(options: HostOptions): Host {
  const startedAtMs = Date.now();
  const logger = options.logger ?? silentLogger();
  const databasePath = join(options.dataDir, DATABASE_FILE);
  const { db, appliedMigrations } = openDatabase({
    path: databasePath,
    nativeBinding: options.sqliteNativeBinding,
  });
  ensureInstance(db, `novel-console ${options.face}`);
  if (appliedMigrations.length > 0) logger.info({ databasePath, appliedMigrations }, 'database migrated');

  const topics = createTopicBus(logger);
  const runtime = createRuntimeMonitor(startedAtMs);
  const system = createSystemService({
    db,
    face: options.face,
    dataDir: options.dataDir,
    databasePath,
    startedAtMs,
    electronVersion: options.electronVersion ?? null,
  });

  const handlers: HandlerTable = {
    'system.health': () => system.health(),
    'system.info': () => system.info(),
  };
  const rpc = createRpc(handlers, logger);

  const publishTick = () => topics.publish('system.tick', runtime.sample());
  const tickTimer = setInterval(publishTick, options.tickIntervalMs ?? 5000);
  tickTimer.unref();
  // A first tick soon after start, so a view opened at once has values to show.
  const firstTick = setTimeout(publishTick, 200);
  firstTick.unref();

  let open = true;
  return {
    rpc,
    topics,
    services: { system, runtime },
    db,
    dataDir: options.dataDir,
    databasePath,
    logger,
    isOpen: () => open,
    close() {
      if (!open) return;
      open = false;
      clearInterval(tickTimer);
      clearTimeout(firstTick);
      topics.close();
      runtime.close();
      db.close();
    },
  };
}
