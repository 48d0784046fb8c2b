/**
 * The trust store's SQL (migration 006_trust): policy versions, the policy each turn ran under, current
 * scores and the append-only history. Prepared statements only; callers own the transactions.
 */
import type { TrustHistoryEntry, TrustPolicy, TrustPolicyRules } from '../../../src-shared/domain/trust';
import type { TrustReason } from '../../../src-shared/domain/trust-vocabulary';
import type { Db } from '../db/database';

export interface ScoreRow {
  campaignId: string;
  agentId: string;
  score: number;
  quarantined: boolean;
  updatedMs: number;
  lastChangeId: number | null;
}

export interface NewHistoryRow {
  campaignId: string;
  agentId: string;
  oldScore: number;
  newScore: number;
  reason: TrustReason;
  wasQuarantined: boolean;
  quarantined: boolean;
  turnId: string | null;
  interactionId: string | null;
  policyVersion: number;
  actor: string | null;
  detail: string;
  atMs: number;
  /** The number of `turnId`, when the caller knows it (saves reading the row back). */
  turnNumber?: number | null;
}

export interface HistoryFilter {
  campaignId: string;
  agentId?: string | undefined;
  sinceMs?: number | undefined;
  untilMs?: number | undefined;
  reasons?: readonly TrustReason[] | undefined;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface InteractionCount {
  agentId: string;
  type: 'conflict' | 'cooperation' | 'negotiation' | 'general';
  count: number;
}

interface HistoryDbRow {
  id: number;
  campaign_id: string;
  agent_id: string;
  old_score: number;
  new_score: number;
  delta: number;
  reason: string;
  was_quarantined: number;
  quarantined: number;
  turn_id: string | null;
  interaction_id: string | null;
  policy_version: number;
  actor: string | null;
  detail: string;
  at_ms: number;
  turn_number: number | null;
}

interface PolicyDbRow {
  version: number;
  rules: string;
  created_at: string;
  created_by: string;
  note: string;
}

function entryOf(row: HistoryDbRow): TrustHistoryEntry {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    agentId: row.agent_id,
    oldScore: row.old_score,
    newScore: row.new_score,
    delta: row.delta,
    reason: row.reason as TrustReason,
    wasQuarantined: row.was_quarantined === 1,
    quarantined: row.quarantined === 1,
    turnId: row.turn_id,
    turnNumber: row.turn_number,
    interactionId: row.interaction_id,
    policyVersion: row.policy_version,
    actor: row.actor,
    detail: row.detail,
    at: new Date(row.at_ms).toISOString(),
  };
}

function policyOf(row: PolicyDbRow): TrustPolicy {
  return {
    version: row.version,
    rules: JSON.parse(row.rules) as TrustPolicyRules,
    createdAt: row.created_at,
    createdBy: row.created_by,
    note: row.note,
  };
}

function scoreOf(row: Record<string, unknown>): ScoreRow {
  return {
    campaignId: row.campaign_id as string,
    agentId: row.agent_id as string,
    score: row.score as number,
    quarantined: row.quarantined === 1,
    updatedMs: row.updated_ms as number,
    lastChangeId: row.last_change_id as number | null,
  };
}

/** History rows with the number of their turn (shown beside the reason). */
const HISTORY_SELECT = `SELECT h.id, h.campaign_id, h.agent_id, h.old_score, h.new_score, h.delta, h.reason, h.was_quarantined,
    h.quarantined, h.turn_id, h.interaction_id, h.policy_version, h.actor, h.detail, h.at_ms, t.number AS turn_number
  FROM trust_history h LEFT JOIN turns t ON t.id = h.turn_id`;

export function createTrustRepository(db: Db) {
  const s = {
    policyCount: db.prepare('SELECT count(*) AS n FROM trust_policies'),
    currentPolicy: db.prepare('SELECT * FROM trust_policies ORDER BY version DESC LIMIT 1'),
    policy: db.prepare('SELECT * FROM trust_policies WHERE version = ?'),
    policies: db.prepare('SELECT * FROM trust_policies ORDER BY version DESC LIMIT ?'),
    insertPolicy: db.prepare(
      'INSERT INTO trust_policies (version, rules, created_at, created_by, note) VALUES (@version, @rules, @createdAt, @createdBy, @note)',
    ),
    turnPolicy: db.prepare('SELECT policy_version AS v FROM trust_turn_policies WHERE turn_id = ?'),
    setTurnPolicy: db.prepare('INSERT OR REPLACE INTO trust_turn_policies (turn_id, policy_version) VALUES (?, ?)'),
    scores: db.prepare('SELECT * FROM trust_scores WHERE campaign_id = ? ORDER BY agent_id'),
    allScores: db.prepare('SELECT * FROM trust_scores ORDER BY campaign_id, agent_id'),
    score: db.prepare('SELECT * FROM trust_scores WHERE campaign_id = ? AND agent_id = ?'),
    upsertScore: db.prepare(
      `INSERT INTO trust_scores (campaign_id, agent_id, score, quarantined, updated_ms, last_change_id)
       VALUES (@campaignId, @agentId, @score, @quarantined, @updatedMs, @lastChangeId)
       ON CONFLICT (campaign_id, agent_id) DO UPDATE SET score = excluded.score, quarantined = excluded.quarantined,
         updated_ms = excluded.updated_ms, last_change_id = coalesce(excluded.last_change_id, trust_scores.last_change_id)`,
    ),
    insertHistory: db.prepare(
      `INSERT INTO trust_history (campaign_id, agent_id, old_score, new_score, delta, reason, was_quarantined, quarantined,
         turn_id, interaction_id, policy_version, actor, detail, at_ms)
       VALUES (@campaignId, @agentId, @oldScore, @newScore, @delta, @reason, @wasQuarantined, @quarantined,
         @turnId, @interactionId, @policyVersion, @actor, @detail, @atMs)`,
    ),
    entry: db.prepare(`${HISTORY_SELECT} WHERE h.id = ?`),
    turnChanges: db.prepare(`${HISTORY_SELECT} WHERE h.turn_id = ? ORDER BY h.id`),
    entriesAfter: db.prepare(`${HISTORY_SELECT} WHERE h.id > ? ORDER BY h.id LIMIT ?`),
    maxId: db.prepare('SELECT coalesce(max(id), 0) AS id FROM trust_history'),
    scoreBefore: db.prepare(
      'SELECT new_score AS score FROM trust_history WHERE campaign_id = ? AND agent_id = ? AND at_ms < ? ORDER BY at_ms DESC, id DESC LIMIT 1',
    ),
    firstFrom: db.prepare(
      'SELECT old_score AS score FROM trust_history WHERE campaign_id = ? AND agent_id = ? AND at_ms >= ? ORDER BY at_ms, id LIMIT 1',
    ),
    interactionCounts: db.prepare(
      `SELECT agent_id, type, count(*) AS n FROM (
         SELECT json_extract(i.body, '$.participants[0]') AS agent_id, json_extract(i.body, '$.type') AS type
           FROM turn_interactions i JOIN turns t ON t.id = i.turn_id
          WHERE t.campaign_id = @campaignId AND t.replay_of IS NULL AND i.cancelled = 0
            AND json_extract(i.body, '$.completed') = 1 AND t.started_at >= @since AND t.started_at < @until
         UNION ALL
         SELECT json_extract(i.body, '$.participants[1]'), json_extract(i.body, '$.type')
           FROM turn_interactions i JOIN turns t ON t.id = i.turn_id
          WHERE t.campaign_id = @campaignId AND t.replay_of IS NULL AND i.cancelled = 0
            AND json_extract(i.body, '$.completed') = 1 AND t.started_at >= @since AND t.started_at < @until
       ) GROUP BY agent_id, type`,
    ),
  };

  return {
    hasPolicy(): boolean {
      return (s.policyCount.get() as { n: number }).n > 0;
    },
    currentPolicy(): TrustPolicy | undefined {
      const row = s.currentPolicy.get() as PolicyDbRow | undefined;
      return row ? policyOf(row) : undefined;
    },
    policy(version: number): TrustPolicy | undefined {
      const row = s.policy.get(version) as PolicyDbRow | undefined;
      return row ? policyOf(row) : undefined;
    },
    policies(limit: number): TrustPolicy[] {
      return (s.policies.all(limit) as PolicyDbRow[]).map(policyOf);
    },
    insertPolicy(policy: TrustPolicy): void {
      s.insertPolicy.run({ ...policy, rules: JSON.stringify(policy.rules) });
    },
    turnPolicy(turnId: string): number | undefined {
      return (s.turnPolicy.get(turnId) as { v: number } | undefined)?.v;
    },
    setTurnPolicy(turnId: string, version: number): void {
      s.setTurnPolicy.run(turnId, version);
    },
    scores(campaignId: string): ScoreRow[] {
      return (s.scores.all(campaignId) as Record<string, unknown>[]).map(scoreOf);
    },
    allScores(): ScoreRow[] {
      return (s.allScores.all() as Record<string, unknown>[]).map(scoreOf);
    },
    score(campaignId: string, agentId: string): ScoreRow | undefined {
      const row = s.score.get(campaignId, agentId) as Record<string, unknown> | undefined;
      return row ? scoreOf(row) : undefined;
    },
    setScore(row: ScoreRow): void {
      s.upsertScore.run({ ...row, quarantined: row.quarantined ? 1 : 0 });
    },
    /** Appends one history row and returns it as stored. */
    append(row: NewHistoryRow): TrustHistoryEntry {
      const { turnNumber, ...values } = row;
      const { lastInsertRowid } = s.insertHistory.run({
        ...values,
        delta: row.newScore - row.oldScore,
        wasQuarantined: row.wasQuarantined ? 1 : 0,
        quarantined: row.quarantined ? 1 : 0,
      });
      const id = Number(lastInsertRowid);
      // The stored row is exactly these values; only a turn's number would need the turns table.
      if (row.turnId !== null && turnNumber === undefined) return entryOf(s.entry.get(id) as HistoryDbRow);
      return {
        id,
        campaignId: row.campaignId,
        agentId: row.agentId,
        oldScore: row.oldScore,
        newScore: row.newScore,
        delta: row.newScore - row.oldScore,
        reason: row.reason,
        wasQuarantined: row.wasQuarantined,
        quarantined: row.quarantined,
        turnId: row.turnId,
        turnNumber: row.turnId === null ? null : (turnNumber ?? null),
        interactionId: row.interactionId,
        policyVersion: row.policyVersion,
        actor: row.actor,
        detail: row.detail,
        at: new Date(row.atMs).toISOString(),
      };
    },
    entry(id: number): TrustHistoryEntry | undefined {
      const row = s.entry.get(id) as HistoryDbRow | undefined;
      return row ? entryOf(row) : undefined;
    },
    turnChanges(turnId: string): TrustHistoryEntry[] {
      return (s.turnChanges.all(turnId) as HistoryDbRow[]).map(entryOf);
    },
    entriesAfter(id: number, limit: number): TrustHistoryEntry[] {
      return (s.entriesAfter.all(id, limit) as HistoryDbRow[]).map(entryOf);
    },
    maxHistoryId(): number {
      return (s.maxId.get() as { id: number }).id;
    },
    history(filter: HistoryFilter): { entries: TrustHistoryEntry[]; total: number } {
      const where = ['h.campaign_id = @campaignId'];
      const params: Record<string, unknown> = { campaignId: filter.campaignId };
      if (filter.agentId !== undefined) {
        where.push('h.agent_id = @agentId');
        params.agentId = filter.agentId;
      }
      if (filter.sinceMs !== undefined) {
        where.push('h.at_ms >= @since');
        params.since = filter.sinceMs;
      }
      if (filter.untilMs !== undefined) {
        where.push('h.at_ms < @until');
        params.until = filter.untilMs;
      }
      if (filter.reasons !== undefined && filter.reasons.length > 0) {
        where.push(`h.reason IN (${filter.reasons.map((_, index) => `@reason${index}`).join(', ')})`);
        filter.reasons.forEach((reason, index) => {
          params[`reason${index}`] = reason;
        });
      }
      const clause = where.join(' AND ');
      const direction = filter.order === 'asc' ? 'ASC' : 'DESC';
      const rows = db
        .prepare(`${HISTORY_SELECT} WHERE ${clause} ORDER BY h.at_ms ${direction}, h.id ${direction} LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: filter.limit, offset: filter.offset }) as HistoryDbRow[];
      const { n } = db.prepare(`SELECT count(*) AS n FROM trust_history h WHERE ${clause}`).get(params) as { n: number };
      return { entries: rows.map(entryOf), total: n };
    },
    /** The agent's score just before `ms`: the last change before it, else the first change's old score from it. */
    scoreAt(campaignId: string, agentId: string, ms: number): number | undefined {
      const before = s.scoreBefore.get(campaignId, agentId, ms) as { score: number } | undefined;
      if (before) return before.score;
      return (s.firstFrom.get(campaignId, agentId, ms) as { score: number } | undefined)?.score;
    },
    /** Completed, uncancelled interactions per agent and type in the campaign's own turns started in [since, until). */
    interactionCounts(campaignId: string, since: string, until: string): InteractionCount[] {
      return (
        s.interactionCounts.all({ campaignId, since, until }) as { agent_id: string; type: InteractionCount['type']; n: number }[]
      ).map((row) => ({ agentId: row.agent_id, type: row.type, count: row.n }));
    },
  };
}

export type TrustRepository = ReturnType<typeof createTrustRepository>;
