import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/engine/db/database';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/engine/db/migrations';
import { createSystemService } from '../../../src-main/engine/system/system-service';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDataDir());
});
afterEach(() => cleanup());

function service() {
  const path = join(dir, 'console.db');
  const { db } = openDatabase({ path });
  const system = createSystemService({
    db,
    face: 'cli',
    dataDir: dir,
    databasePath: path,
    startedAtMs: Date.now() - 1500,
    electronVersion: null,
  });
  return { db, system };
}

describe('system service', () => {
  it('reports a reachable, current database and the runtime versions', () => {
    const { db, system } = service();
    const health = system.health();
    expect(health.status).toBe('ok');
    expect(health.database).toEqual({
      reachable: true,
      schemaVersion: LATEST_SCHEMA_VERSION,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      error: null,
    });
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(1.5);
    expect(health.versions.node).toBe(process.versions.node);
    db.close();
  });

  it('reports degraded with the reason once the database cannot be read', () => {
    const { db, system } = service();
    db.close();
    const health = system.health();
    expect(health.status).toBe('degraded');
    expect(health.database.reachable).toBe(false);
    expect(health.database.error).toMatch(/not open/);
  });

  it('reports degraded when another console migrated the database past this one', () => {
    const { db, system } = service();
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 'later')").run(LATEST_SCHEMA_VERSION + 1);
    const health = system.health();
    expect(health.status).toBe('degraded');
    expect(health.database).toMatchObject({ reachable: true, schemaVersion: LATEST_SCHEMA_VERSION + 1 });
    db.close();
  });
});
