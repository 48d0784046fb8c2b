/** The one `instance` row: a stable id for this database and when and by which face it was created. */
import { randomUUID } from 'node:crypto';
import type { Db } from './database';

export interface InstanceRow {
  instanceId: string;
  createdAt: string;
  createdBy: string;
}

export function ensureInstance(db: Db, createdBy: string): InstanceRow {
  db.prepare('INSERT OR IGNORE INTO instance (id, instance_id, created_at, created_by) VALUES (1, ?, ?, ?)').run(
    randomUUID(),
    new Date().toISOString(),
    createdBy,
  );
  return db
    .prepare('SELECT instance_id AS instanceId, created_at AS createdAt, created_by AS createdBy FROM instance WHERE id = 1')
    .get() as InstanceRow;
}
