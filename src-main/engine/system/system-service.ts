/**
 * The `system.*` channels: is the database reachable and current, how long has the engine run, which
 * runtime versions does it carry, and what does this face offer.
 */
import { version as appVersion } from '../../../package.json';
import { CHANNEL_NAMES, type Face, type SystemHealth, type SystemInfo, TOPIC_NAMES } from '../../../src-shared/contract';
import { type Db, LATEST_SCHEMA_VERSION, schemaVersionReader } from '../db/database';

export interface SystemServiceOptions {
  db: Db;
  face: Face;
  dataDir: string;
  databasePath: string;
  startedAtMs: number;
  electronVersion: string | null;
}

export interface SystemService {
  health(): SystemHealth;
  info(): SystemInfo;
}

export const APP_NAME = 'novel-console';
export const APP_VERSION: string = appVersion;

export function createSystemService(options: SystemServiceOptions): SystemService {
  const { db } = options;
  // Reading the schema version is the reachability check too: one statement per health call.
  const schemaVersionOf = schemaVersionReader(db);
  const sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  const versions = {
    app: APP_VERSION,
    node: process.versions.node,
    electron: options.electronVersion,
    sqlite: sqliteVersion,
  };
  const info: SystemInfo = {
    app: { name: APP_NAME, version: APP_VERSION },
    face: options.face,
    dataDir: options.dataDir,
    databasePath: options.databasePath,
    pid: process.pid,
    platform: process.platform,
    arch: process.arch,
    startedAt: new Date(options.startedAtMs).toISOString(),
    channels: [...CHANNEL_NAMES],
    topics: [...TOPIC_NAMES],
  };

  return {
    health() {
      let reachable = true;
      let schemaVersion = 0;
      let error: string | null = null;
      try {
        schemaVersion = schemaVersionOf();
      } catch (cause) {
        reachable = false;
        error = (cause as Error).message;
      }
      const current = reachable && schemaVersion === LATEST_SCHEMA_VERSION;
      return {
        status: current ? 'ok' : 'degraded',
        database: { reachable, schemaVersion, latestSchemaVersion: LATEST_SCHEMA_VERSION, error },
        uptimeSeconds: Math.round((Date.now() - options.startedAtMs) / 10) / 100,
        versions,
        checkedAt: new Date().toISOString(),
      };
    },
    info() {
      return info;
    },
  };
}
