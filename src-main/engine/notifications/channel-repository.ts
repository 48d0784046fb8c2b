/**
 * The notification channels table: each channel's kind, settings (validated against its kind's schema on
 * the way in and out) and shown target. Secrets are not here: channel-secrets.ts keeps them in the keychain.
 */
import { CHANNEL_KIND_SCHEMAS, type ChannelKind } from '../../../src-shared/domain/notifications';
import type { Db } from '../db/database';

export interface StoredChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  /** The kind's settings, parsed with its schema (defaults applied). */
  settings: Record<string, unknown>;
  target: string;
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

interface ChannelRow {
  id: string;
  name: string;
  kind: ChannelKind;
  enabled: number;
  settings: string;
  target: string;
  has_secret: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

function fromRow(row: ChannelRow): StoredChannel {
  // Settings were validated when saved; parsing again applies defaults added since.
  const stored = JSON.parse(row.settings) as Record<string, unknown>;
  const parsed = CHANNEL_KIND_SCHEMAS[row.kind].settings.safeParse(stored);
  const settings = (parsed.success ? parsed.data : stored) as Record<string, unknown>;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    enabled: row.enabled === 1,
    settings,
    target: row.target,
    hasSecret: row.has_secret === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function createChannelRepository(db: Db) {
  const statements = {
    list: db.prepare('SELECT * FROM notification_channels ORDER BY name, id'),
    get: db.prepare('SELECT * FROM notification_channels WHERE id = ?'),
    upsert: db.prepare(`
      INSERT INTO notification_channels (id, name, kind, enabled, settings, target, has_secret, created_at, updated_at, updated_by)
      VALUES (@id, @name, @kind, @enabled, @settings, @target, @hasSecret, @createdAt, @updatedAt, @updatedBy)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, enabled = excluded.enabled,
        settings = excluded.settings, target = excluded.target, has_secret = excluded.has_secret,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
    delete: db.prepare('DELETE FROM notification_channels WHERE id = ?'),
  };
  return {
    list(): StoredChannel[] {
      return (statements.list.all() as ChannelRow[]).map(fromRow);
    },
    get(id: string): StoredChannel | undefined {
      const row = statements.get.get(id) as ChannelRow | undefined;
      return row ? fromRow(row) : undefined;
    },
    upsert(channel: StoredChannel): void {
      statements.upsert.run({
        ...channel,
        enabled: channel.enabled ? 1 : 0,
        settings: JSON.stringify(channel.settings),
        hasSecret: channel.hasSecret ? 1 : 0,
      });
    },
    delete(id: string): boolean {
      return statements.delete.run(id).changes > 0;
    },
  };
}

export type ChannelRepository = ReturnType<typeof createChannelRepository>;
