/**
 * Numbered SQL migrations (`db/migrations/NNN_name.sql`), bundled as text at build time so the engine
 * carries its schema inside the bundle in every face.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const files = import.meta.glob<string>('./migrations/*.sql', { query: '?raw', import: 'default', eager: true });

export function parseMigrations(sources: Record<string, string>): Migration[] {
  const migrations = Object.entries(sources).map(([path, sql]) => {
    const match = /(\d+)_([\w-]+)\.sql$/.exec(path);
    if (!match) throw new Error(`migration file name must be NNN_name.sql: ${path}`);
    return { version: Number(match[1]), name: match[2] as string, sql };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations must be numbered 1..n without gaps; found ${migration.version} at position ${index + 1}`);
    }
  });
  return migrations;
}

export const MIGRATIONS: readonly Migration[] = parseMigrations(files);
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
