/**
 * Campaigns and their current world, one JSON document per campaign with a version that every
 * committed change bumps. The default campaigns in resources/campaigns are loaded on first start so a
 * fresh install can run a turn at once.
 */
import { Campaign, type WorldState } from '../../../src-shared/domain/world';
import type { Db } from '../db/database';

const bundled = import.meta.glob<unknown>('../../../resources/campaigns/*.json', { eager: true, import: 'default' });

export interface CampaignRecord extends Campaign {
  worldVersion: number;
  createdAt: string;
}

export interface CampaignSummary {
  id: string;
  name: string;
  description: string;
  agentCount: number;
  worldTimeS: number;
  worldVersion: number;
  createdAt: string;
}

export class StaleWorldError extends Error {}

export function defaultCampaigns(): Campaign[] {
  return Object.entries(bundled)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, data]) => {
      const parsed = Campaign.safeParse(data);
      if (!parsed.success) throw new Error(`bundled campaign ${path} is invalid: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface CampaignRepository {
  insert(campaign: Campaign): void;
  list(): CampaignSummary[];
  get(id: string): CampaignRecord | undefined;
  /** Replaces the world if it is still at `expectedVersion`; returns the new version. */
  replaceWorld(id: string, world: WorldState, expectedVersion: number): number;
  /** Takes the next turn number of the campaign (inside the caller's transaction). */
  takeTurnNumber(id: string): number;
  /** Loads the bundled campaigns when the database has none. Returns how many were added. */
  seedDefaults(): number;
}

interface CampaignRow {
  id: string;
  name: string;
  description: string;
  created_at: string;
  world: string;
  world_version: number;
}

export function createCampaignRepository(db: Db): CampaignRepository {
  const insertStmt = db.prepare(
    'INSERT INTO campaigns (id, name, description, created_at, world, world_version) VALUES (@id, @name, @description, @createdAt, @world, 1)',
  );
  const listStmt = db.prepare(
    `SELECT id, name, description, created_at, world_version,
            json_array_length(world, '$.agents') AS agent_count, json_extract(world, '$.timeS') AS time_s
       FROM campaigns ORDER BY name`,
  );
  const getStmt = db.prepare('SELECT id, name, description, created_at, world, world_version FROM campaigns WHERE id = ?');
  const replaceStmt = db.prepare('UPDATE campaigns SET world = ?, world_version = world_version + 1 WHERE id = ? AND world_version = ?');
  const versionStmt = db.prepare('SELECT world_version FROM campaigns WHERE id = ?');
  const takeNumberStmt = db.prepare(
    'UPDATE campaigns SET next_turn_number = next_turn_number + 1 WHERE id = ? RETURNING next_turn_number - 1 AS n',
  );
  const countStmt = db.prepare('SELECT count(*) AS n FROM campaigns');

  const repository: CampaignRepository = {
    insert(campaign) {
      const valid = Campaign.parse(campaign);
      insertStmt.run({
        id: valid.id,
        name: valid.name,
        description: valid.description,
        createdAt: new Date().toISOString(),
        world: JSON.stringify(valid.world),
      });
    },
    list() {
      return (listStmt.all() as (Omit<CampaignRow, 'world'> & { agent_count: number; time_s: number })[]).map((row) => ({
        id: row.id,
        name: row.name,
        description: row.description,
        agentCount: row.agent_count,
        worldTimeS: row.time_s,
        worldVersion: row.world_version,
        createdAt: row.created_at,
      }));
    },
    get(id) {
      const row = getStmt.get(id) as CampaignRow | undefined;
      if (!row) return undefined;
      return {
        id: row.id,
        name: row.name,
        description: row.description,
        createdAt: row.created_at,
        world: JSON.parse(row.world) as WorldState,
        worldVersion: row.world_version,
      };
    },
    replaceWorld(id, world, expectedVersion) {
      const result = replaceStmt.run(JSON.stringify(world), id, expectedVersion);
      if (result.changes !== 1) {
        const current = versionStmt.get(id) as { world_version: number } | undefined;
        throw new StaleWorldError(
          current
            ? `world of campaign ${id} is at version ${current.world_version}, expected ${expectedVersion}`
            : `campaign ${id} does not exist`,
        );
      }
      return expectedVersion + 1;
    },
    takeTurnNumber(id) {
      const row = takeNumberStmt.get(id) as { n: number } | undefined;
      if (!row) throw new StaleWorldError(`campaign ${id} does not exist`);
      return row.n;
    },
    seedDefaults() {
      const { n } = countStmt.get() as { n: number };
      if (n > 0) return 0;
      const campaigns = defaultCampaigns();
      db.transaction(() => {
        for (const campaign of campaigns) repository.insert(campaign);
      })();
      return campaigns.length;
    },
  };
  return repository;
}
