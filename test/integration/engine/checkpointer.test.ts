/**
 * WAL checkpoints run in a worker thread: the engine's connection never checkpoints on its own
 * (wal_autocheckpoint = 0), yet what it commits reaches the database file; closing the host leaves an
 * empty WAL; a worker that cannot open the database hands checkpointing back to SQLite.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../../src-main/engine/db/checkpointer';
import { openDatabase } from '../../../src-main/engine/db/database';
import { createHost, DATABASE_FILE } from '../../../src-main/engine/host';
import { createLogger } from '../../../src-main/engine/logger';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}

describe('WAL checkpointer', () => {
  it('moves committed pages into the database file from its thread, and closing truncates the WAL', async () => {
    const data = tempDataDir();
    cleanup = data.cleanup;
    const host = createHost({ dataDir: data.dir, face: 'headless' });
    const path = join(data.dir, DATABASE_FILE);
    expect(host.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    host.db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)');
    const before = size(path);
    const insert = host.db.prepare('INSERT INTO filler (body) VALUES (?)');
    for (let batch = 0; batch < 8; batch++) {
      host.db.transaction(() => {
        for (let row = 0; row < 64; row++) insert.run(Buffer.alloc(4096, batch));
      })();
    }
    expect(size(`${path}-wal`)).toBeGreaterThan(2_000_000);
    // Only a checkpoint writes pages into the main file; the engine's connection does not.
    expect(await until(() => size(path) - before > 2_000_000, 5_000)).toBe(true);
    await host.close();
    expect(size(`${path}-wal`)).toBe(0);
  });

  it('gives checkpointing back to SQLite when its worker cannot open the database', async () => {
    const data = tempDataDir();
    cleanup = data.cleanup;
    const { db } = openDatabase({ path: join(data.dir, 'x.db') });
    const lines: string[] = [];
    const logger = createLogger('warn', { write: (line: string) => lines.push(line) });
    const checkpointer = startCheckpointer({ db, path: join(data.dir, 'missing', 'nowhere.db'), logger });
    expect(await until(() => !checkpointer.isRunning(), 5_000)).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(lines.join('')).toContain('WAL checkpoint worker unavailable');
    await checkpointer.close();
    db.close();
  });
});
