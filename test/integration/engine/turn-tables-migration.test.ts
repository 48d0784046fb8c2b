/**
 * Migration 011 rebuilds turn_phases and turn_events as WITHOUT ROWID tables and drops an unused index.
 * A database written by the previous schema (10) must come through with every phase and event intact,
 * still readable in order, still compensable, and still bound to its turn by the foreign keys.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/engine/db/database';
import { MIGRATIONS } from '../../../src-main/engine/db/migrations';
import { createTurnRepository } from '../../../src-main/engine/orchestrator/turn-repository';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDataDir());
});
afterEach(() => cleanup());

const BEFORE_011 = MIGRATIONS.filter((migration) => migration.version < 11);

function seedSchema10(path: string): void {
  const { db } = openDatabase({ path, migrations: BEFORE_011 });
  db.prepare(
    `INSERT INTO campaigns (id, name, created_at, world) VALUES ('c1', 'Campaign', '2026-11-01T00:00:00Z', '{"agents":[]}')`,
  ).run();
  const turn =
    db.prepare(`INSERT INTO turns (id, campaign_id, number, status, origin, provider, seed, configuration, participants, started_at, started_by, owner_pid)
    VALUES (?, 'c1', ?, 'completed', 'cli', 'simulated', 7, '{}', '["a1"]', '2026-11-01T00:00:00Z', 'tester', 1)`);
  const phase =
    db.prepare(`INSERT INTO turn_phases (turn_id, phase, ord, status, duration_ms, events_processed, events_generated, ai_cost, tokens_in, tokens_out, error)
    VALUES (?, ?, ?, ?, ?, 1, 2, 0.25, 10, 20, ?)`);
  const event = db.prepare('INSERT INTO turn_events (turn_id, seq, id, type, body, removed) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const [index, id] of ['t1', 't2'].entries()) {
      turn.run(id, index + 1);
      phase.run(id, 'world_update', 1, 'succeeded', 1.5, null);
      phase.run(id, 'subjective_brief', 2, index === 0 ? 'succeeded' : 'failed', 2.5, index === 0 ? null : 'provider_error: down');
      for (let seq = 0; seq < 3; seq++) {
        const body = JSON.stringify({ id: `e-${id}-${seq}`, type: 'world_time_advanced', phase: 'world_update', seq });
        event.run(id, seq, `e-${id}-${seq}`, 'world_time_advanced', body, seq === 2 ? 1 : 0);
      }
    }
  })();
  db.close();
}

describe('migration 011 (turn_phases and turn_events without rowid)', () => {
  it('keeps every phase and event of a schema-10 database, in order, and the tables keep working', () => {
    const path = join(dir, 'novel-console.db');
    seedSchema10(path);

    const { db } = openDatabase({ path });
    try {
      const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE name IN ('turn_phases', 'turn_events')").all() as {
        name: string;
        sql: string;
      }[];
      expect(tables.map((table) => table.name).sort()).toEqual(['turn_events', 'turn_phases']);
      for (const table of tables) expect(table.sql).toMatch(/WITHOUT ROWID/);
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'turn_events_by_type'").get()).toEqual({ n: 0 });

      const turns = createTurnRepository(db);
      expect(turns.phases('t2')).toEqual([
        expect.objectContaining({
          phase: 'world_update',
          status: 'succeeded',
          durationMs: 1.5,
          aiCost: 0.25,
          tokensIn: 10,
          tokensOut: 20,
          error: null,
        }),
        expect.objectContaining({ phase: 'subjective_brief', status: 'failed', durationMs: 2.5, error: 'provider_error: down' }),
      ]);
      expect(turns.outputs('t1').events.map((event) => [event.id, event.removed])).toEqual([
        ['e-t1-0', false],
        ['e-t1-1', false],
        ['e-t1-2', true],
      ]);

      // Compensation still marks the migrated rows, and a phase result is still an upsert.
      expect(turns.removeEvents('t1')).toBe(2);
      turns.markPhase('t1', 'world_update', 'compensated');
      expect(turns.phases('t1')[0]?.status).toBe('compensated');
      // The foreign keys survived the rebuild: rows of a turn that does not exist are refused.
      expect(() => turns.savePhase('no-such-turn', { ...turns.phases('t1')[0]!, phase: 'event_integration' })).toThrow(/FOREIGN KEY/);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});
