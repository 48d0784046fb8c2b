import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, parseMigrations } from '../../../src-main/engine/db/migrations';

describe('migrations', () => {
  it('bundles the numbered SQL files in order', () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(MIGRATIONS[0]?.sql).toMatch(/CREATE TABLE/);
  });

  it('sorts by number and refuses gaps and badly named files', () => {
    expect(parseMigrations({ './m/002_b.sql': 'B', './m/001_a.sql': 'A' }).map((m) => m.name)).toEqual(['a', 'b']);
    expect(() => parseMigrations({ './m/001_a.sql': 'A', './m/003_c.sql': 'C' })).toThrow(/without gaps/);
    expect(() => parseMigrations({ './m/first.sql': 'A' })).toThrow(/NNN_name/);
  });
});
