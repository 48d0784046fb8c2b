/**
 * SQL of turns: the turn row, the pre-turn world snapshot, each phase's committed outputs, provider
 * transcripts, compensations and the manual-review queue. Statements are prepared once; callers own the
 * transactions (one per phase commit, one per compensation step).
 */
import type { z } from 'zod';
import type {
  Brief,
  CompensationRecord as CompensationRecordSchema,
  CompensationType,
  FailureReason,
  Interaction,
  OverallStatus,
  PhaseResult,
  ReviewItem,
  TurnEvent,
  TurnSummary,
} from '../../../src-shared/domain/turn';
import { PHASES, type PhaseName, type TurnConfiguration } from '../../../src-shared/domain/turn-configuration';
import type { WorldState } from '../../../src-shared/domain/world';
import type { Db } from '../db/database';
import type { Narrative } from './phases/phase';

export interface NewTurn {
  id: string;
  campaignId: string;
  number: number;
  origin: string;
  provider: string;
  providerConfig: unknown;
  seed: number;
  configuration: TurnConfiguration;
  participants: readonly string[];
  replayOf: string | null;
  startedAt: string;
  startedBy: string;
  /**
   * The world the turn starts from, or 'campaign' for the campaign's stored world as it is now (copied
   * inside the database: no 10 KB document encoded again).
   */
  world: WorldState | 'campaign';
  worldVersion: number;
}

export interface TranscriptRow {
  seq: number;
  phase: PhaseName;
  operation: string;
  agentId: string | null;
  model: string;
  seed: string;
  request: unknown;
  response: unknown;
  error: string | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencyMs: number;
}

/** A stored turn: the contract's summary plus what only the engine needs. */
export type TurnRow = TurnSummary & {
  configuration: TurnConfiguration;
  /** Process that ran (or runs) the turn. */
  ownerPid: number;
};

/** What the runner writes when a turn ends. */
export type TurnFinish = Pick<
  TurnSummary,
  'status' | 'providerMs' | 'completion' | 'totalAiCost' | 'tokensIn' | 'tokensOut' | 'failedPhase' | 'failureReason' | 'failureMessage'
> & { finishedAt: string; durationMs: number };

export type CompensationRecord = z.infer<typeof CompensationRecordSchema>;
export type { ReviewItem };

export interface TurnListFilter {
  campaignId?: string | undefined;
  status?: OverallStatus | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  offset: number;
}

type RawTurn = {
  id: string;
  campaign_id: string;
  number: number;
  status: OverallStatus;
  origin: string;
  provider: string;
  seed: number;
  configuration: string;
  participants: string;
  replay_of: string | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  provider_ms: number;
  completion: number;
  total_ai_cost: number;
  tokens_in: number;
  tokens_out: number;
  failed_phase: PhaseName | null;
  failure_reason: FailureReason | null;
  failure_message: string | null;
  started_by: string;
  owner_pid: number;
};

function toTurn(row: RawTurn): TurnRow {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    number: row.number,
    status: row.status,
    origin: row.origin,
    provider: row.provider,
    seed: row.seed,
    configuration: JSON.parse(row.configuration) as TurnConfiguration,
    participants: JSON.parse(row.participants) as string[],
    replayOf: row.replay_of,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    providerMs: row.provider_ms,
    completion: row.completion,
    totalAiCost: row.total_ai_cost,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    failedPhase: row.failed_phase,
    failureReason: row.failure_reason,
    failureMessage: row.failure_message,
    startedBy: row.started_by,
    ownerPid: row.owner_pid,
  };
}

export function createTurnRepository(db: Db) {
  const s = {
    insertTurn:
      db.prepare(`INSERT INTO turns (id, campaign_id, number, status, origin, provider, seed, configuration, participants, replay_of, started_at, started_by, owner_pid, provider_config)
      VALUES (@id, @campaignId, @number, 'running', @origin, @provider, @seed, @configuration, @participants, @replayOf, @startedAt, @startedBy, @ownerPid, @providerConfig)`),
    insertSnapshot: db.prepare('INSERT INTO world_snapshots (turn_id, world, world_version) VALUES (?, ?, ?)'),
    copySnapshot: db.prepare(
      'INSERT INTO world_snapshots (turn_id, world, world_version) SELECT ?, world, world_version FROM campaigns WHERE id = ? AND world_version = ?',
    ),
    snapshot: db.prepare('SELECT world, world_version FROM world_snapshots WHERE turn_id = ?'),
    setWorldAfter: db.prepare('UPDATE world_snapshots SET world_after = ? WHERE turn_id = ?'),
    copyWorldAfter: db.prepare('UPDATE world_snapshots SET world_after = (SELECT world FROM campaigns WHERE id = ?) WHERE turn_id = ?'),
    worldAfter: db.prepare('SELECT world_after FROM world_snapshots WHERE turn_id = ?'),
    providerConfig: db.prepare('SELECT provider_config FROM turns WHERE id = ?'),
    upsertPhase:
      db.prepare(`INSERT INTO turn_phases (turn_id, phase, ord, status, duration_ms, events_processed, events_generated, ai_cost, tokens_in, tokens_out, error)
      VALUES (@turnId, @phase, @ord, @status, @durationMs, @eventsProcessed, @eventsGenerated, @aiCost, @tokensIn, @tokensOut, @error)
      ON CONFLICT (turn_id, phase) DO UPDATE SET status = excluded.status, duration_ms = excluded.duration_ms, events_processed = excluded.events_processed,
        events_generated = excluded.events_generated, ai_cost = excluded.ai_cost, tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, error = excluded.error`),
    setPhaseStatus: db.prepare('UPDATE turn_phases SET status = ? WHERE turn_id = ? AND phase = ?'),
    phases: db.prepare('SELECT * FROM turn_phases WHERE turn_id = ? ORDER BY ord'),
    insertBrief: db.prepare('INSERT INTO turn_briefs (turn_id, agent_id, body) VALUES (?, ?, ?)'),
    insertInteraction: db.prepare('INSERT INTO turn_interactions (turn_id, id, body) VALUES (?, ?, ?)'),
    insertEvent: db.prepare('INSERT INTO turn_events (turn_id, seq, id, type, body) VALUES (?, ?, ?, ?, ?)'),
    upsertNarrative: db.prepare(
      'INSERT INTO turn_narratives (turn_id, body) VALUES (?, ?) ON CONFLICT (turn_id) DO UPDATE SET body = excluded.body, reverted = 0',
    ),
    invalidateBriefs: db.prepare('UPDATE turn_briefs SET invalidated = 1 WHERE turn_id = ? AND invalidated = 0'),
    cancelInteractions: db.prepare('UPDATE turn_interactions SET cancelled = 1 WHERE turn_id = ? AND cancelled = 0'),
    removeEvents: db.prepare('UPDATE turn_events SET removed = 1 WHERE turn_id = ? AND removed = 0'),
    removePhaseEvents: db.prepare(
      "UPDATE turn_events SET removed = 1 WHERE turn_id = ? AND removed = 0 AND json_extract(body, '$.phase') = ?",
    ),
    revertNarrative: db.prepare('UPDATE turn_narratives SET reverted = 1 WHERE turn_id = ? AND reverted = 0'),
    briefs: db.prepare('SELECT body, invalidated FROM turn_briefs WHERE turn_id = ? ORDER BY agent_id'),
    interactions: db.prepare('SELECT body, cancelled FROM turn_interactions WHERE turn_id = ? ORDER BY rowid'),
    events: db.prepare('SELECT body, removed FROM turn_events WHERE turn_id = ? ORDER BY seq'),
    narrative: db.prepare('SELECT body, reverted FROM turn_narratives WHERE turn_id = ?'),
    insertTranscript:
      db.prepare(`INSERT INTO provider_transcripts (turn_id, seq, phase, operation, agent_id, model, seed, request, response, error, input_tokens, output_tokens, cost, latency_ms)
      VALUES (@turnId, @seq, @phase, @operation, @agentId, @model, @seed, @request, @response, @error, @inputTokens, @outputTokens, @cost, @latencyMs)`),
    transcripts: db.prepare('SELECT * FROM provider_transcripts WHERE turn_id = ? ORDER BY seq'),
    transcriptCount: db.prepare('SELECT count(*) AS n FROM provider_transcripts WHERE turn_id = ?'),
    insertCompensation: db.prepare(
      'INSERT INTO turn_compensations (turn_id, seq, type, phase, success, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    compensations: db.prepare('SELECT seq, type, phase, success, detail, at FROM turn_compensations WHERE turn_id = ? ORDER BY seq'),
    finish:
      db.prepare(`UPDATE turns SET status = @status, finished_at = @finishedAt, duration_ms = @durationMs, provider_ms = @providerMs, completion = @completion,
      total_ai_cost = @totalAiCost, tokens_in = @tokensIn, tokens_out = @tokensOut, failed_phase = @failedPhase, failure_reason = @failureReason, failure_message = @failureMessage
      WHERE id = @id`),
    get: db.prepare('SELECT * FROM turns WHERE id = ?'),
    running: db.prepare("SELECT * FROM turns WHERE status = 'running' ORDER BY started_at"),
    runningOn: db.prepare("SELECT id, owner_pid AS ownerPid FROM turns WHERE status = 'running' AND campaign_id = ? AND replay_of IS NULL"),
    insertReview: db.prepare(`INSERT INTO review_queue (id, turn_id, campaign_id, reason, severity, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
    reviews: db.prepare('SELECT * FROM review_queue WHERE (? IS NULL OR status = ?) ORDER BY created_at DESC LIMIT ?'),
    reviewsOfTurn: db.prepare('SELECT * FROM review_queue WHERE turn_id = ? ORDER BY created_at'),
    resolveReview: db.prepare(
      "UPDATE review_queue SET status = 'resolved', resolved_by = ?, resolved_at = ?, resolution = ? WHERE id = ? AND status = 'open'",
    ),
    review: db.prepare('SELECT * FROM review_queue WHERE id = ?'),
  };

  return {
    insertTurn(turn: NewTurn): void {
      s.insertTurn.run({
        id: turn.id,
        campaignId: turn.campaignId,
        number: turn.number,
        origin: turn.origin,
        provider: turn.provider,
        seed: turn.seed,
        configuration: JSON.stringify(turn.configuration),
        participants: JSON.stringify(turn.participants),
        replayOf: turn.replayOf,
        startedAt: turn.startedAt,
        startedBy: turn.startedBy,
        ownerPid: process.pid,
        providerConfig: JSON.stringify(turn.providerConfig ?? {}),
      });
      if (turn.world !== 'campaign') {
        s.insertSnapshot.run(turn.id, JSON.stringify(turn.world), turn.worldVersion);
      } else if (s.copySnapshot.run(turn.id, turn.campaignId, turn.worldVersion).changes !== 1) {
        throw new Error(`campaign ${turn.campaignId} is no longer at world version ${turn.worldVersion}`);
      }
    },
    snapshot(turnId: string): { world: WorldState; worldVersion: number } | undefined {
      const row = s.snapshot.get(turnId) as { world: string; world_version: number } | undefined;
      return row ? { world: JSON.parse(row.world) as WorldState, worldVersion: row.world_version } : undefined;
    },
    setWorldAfter(turnId: string, world: WorldState): void {
      s.setWorldAfter.run(JSON.stringify(world), turnId);
    },
    /** The world after the turn is the campaign's stored world as it is now (copied inside the database). */
    setWorldAfterFromCampaign(turnId: string, campaignId: string): void {
      s.copyWorldAfter.run(campaignId, turnId);
    },
    /** The world as the turn left it; null while it runs (or for turns a crash interrupted before it ended). */
    worldAfter(turnId: string): WorldState | null {
      const row = s.worldAfter.get(turnId) as { world_after: string | null } | undefined;
      return row?.world_after ? (JSON.parse(row.world_after) as WorldState) : null;
    },
    providerConfig(turnId: string): unknown {
      const row = s.providerConfig.get(turnId) as { provider_config: string } | undefined;
      return row ? (JSON.parse(row.provider_config) as unknown) : undefined;
    },
    savePhase(turnId: string, result: PhaseResult): void {
      s.upsertPhase.run({ turnId, ord: PHASES.indexOf(result.phase) + 1, ...result });
    },
    markPhase(turnId: string, phase: PhaseName, status: PhaseResult['status']): void {
      s.setPhaseStatus.run(status, turnId, phase);
    },
    phases(turnId: string): PhaseResult[] {
      return (s.phases.all(turnId) as Record<string, unknown>[]).map((row) => ({
        phase: row.phase as PhaseName,
        status: row.status as PhaseResult['status'],
        durationMs: row.duration_ms as number,
        eventsProcessed: row.events_processed as number,
        eventsGenerated: row.events_generated as number,
        aiCost: row.ai_cost as number,
        tokensIn: row.tokens_in as number,
        tokensOut: row.tokens_out as number,
        error: row.error as string | null,
      }));
    },
    saveBriefs(turnId: string, briefs: readonly Brief[]): void {
      for (const brief of briefs) s.insertBrief.run(turnId, brief.agentId, JSON.stringify(brief));
    },
    saveInteractions(turnId: string, interactions: readonly Interaction[]): void {
      for (const interaction of interactions) s.insertInteraction.run(turnId, interaction.id, JSON.stringify(interaction));
    },
    saveEvents(turnId: string, events: readonly TurnEvent[], firstSeq: number): void {
      events.forEach((event, index) => {
        s.insertEvent.run(turnId, firstSeq + index, event.id, event.type, JSON.stringify(event));
      });
    },
    saveNarrative(turnId: string, narrative: Narrative): void {
      s.upsertNarrative.run(turnId, JSON.stringify(narrative));
    },
    invalidateBriefs: (turnId: string) => s.invalidateBriefs.run(turnId).changes,
    cancelInteractions: (turnId: string) => s.cancelInteractions.run(turnId).changes,
    removeEvents: (turnId: string) => s.removeEvents.run(turnId).changes,
    /** Marks one phase's events removed (the world they describe was rolled back). */
    removePhaseEvents: (turnId: string, phase: PhaseName) => s.removePhaseEvents.run(turnId, phase).changes,
    revertNarrative: (turnId: string) => s.revertNarrative.run(turnId).changes,
    outputs(turnId: string) {
      const briefs = (s.briefs.all(turnId) as { body: string; invalidated: number }[]).map((r) => ({
        ...(JSON.parse(r.body) as Brief),
        invalidated: r.invalidated === 1,
      }));
      const interactions = (s.interactions.all(turnId) as { body: string; cancelled: number }[]).map((r) => ({
        ...(JSON.parse(r.body) as Interaction),
        cancelled: r.cancelled === 1,
      }));
      const events = (s.events.all(turnId) as { body: string; removed: number }[]).map((r) => ({
        ...(JSON.parse(r.body) as TurnEvent),
        removed: r.removed === 1,
      }));
      const narrativeRow = s.narrative.get(turnId) as { body: string; reverted: number } | undefined;
      const narrative = narrativeRow ? { ...(JSON.parse(narrativeRow.body) as Narrative), reverted: narrativeRow.reverted === 1 } : null;
      return { briefs, interactions, events, narrative };
    },
    saveTranscript(turnId: string, row: TranscriptRow): void {
      s.insertTranscript.run({
        turnId,
        ...row,
        request: JSON.stringify(row.request),
        response: row.response === null || row.response === undefined ? null : JSON.stringify(row.response),
      });
    },
    transcriptCount(turnId: string): number {
      return (s.transcriptCount.get(turnId) as { n: number }).n;
    },
    transcripts(turnId: string): TranscriptRow[] {
      return (s.transcripts.all(turnId) as Record<string, unknown>[]).map((row) => ({
        seq: row.seq as number,
        phase: row.phase as PhaseName,
        operation: row.operation as string,
        agentId: row.agent_id as string | null,
        model: row.model as string,
        seed: row.seed as string,
        request: JSON.parse(row.request as string) as unknown,
        response: row.response === null ? null : (JSON.parse(row.response as string) as unknown),
        error: row.error as string | null,
        inputTokens: row.input_tokens as number,
        outputTokens: row.output_tokens as number,
        cost: row.cost as number,
        latencyMs: row.latency_ms as number,
      }));
    },
    saveCompensation(turnId: string, record: CompensationRecord): void {
      s.insertCompensation.run(turnId, record.seq, record.type, record.phase, record.success ? 1 : 0, record.detail, record.at);
    },
    compensations(turnId: string): CompensationRecord[] {
      return (s.compensations.all(turnId) as Record<string, unknown>[]).map((row) => ({
        seq: row.seq as number,
        type: row.type as CompensationType,
        phase: row.phase as PhaseName | null,
        success: row.success === 1,
        detail: row.detail as string,
        at: row.at as string,
      }));
    },
    finish(turnId: string, finish: TurnFinish): void {
      s.finish.run({ id: turnId, ...finish });
    },
    get(turnId: string): TurnRow | undefined {
      const row = s.get.get(turnId) as RawTurn | undefined;
      return row ? toTurn(row) : undefined;
    },
    running(): TurnRow[] {
      return (s.running.all() as RawTurn[]).map(toTurn);
    },
    /** The campaign's running turns (replays excepted) with their owning process: the cheap check before a start. */
    runningOn(campaignId: string): { id: string; ownerPid: number }[] {
      return s.runningOn.all(campaignId) as { id: string; ownerPid: number }[];
    },
    list(filter: TurnListFilter): { turns: TurnRow[]; total: number } {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (filter.campaignId) {
        where.push('campaign_id = @campaignId');
        params.campaignId = filter.campaignId;
      }
      if (filter.status) {
        where.push('status = @status');
        params.status = filter.status;
      }
      if (filter.since) {
        where.push('started_at >= @since');
        params.since = filter.since;
      }
      if (filter.until) {
        where.push('started_at < @until');
        params.until = filter.until;
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT count(*) AS n FROM turns ${clause}`).get(params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT * FROM turns ${clause} ORDER BY started_at DESC, number DESC LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit: filter.limit, offset: filter.offset }) as RawTurn[];
      return { turns: rows.map(toTurn), total };
    },
    addReview(item: { id: string; turnId: string; campaignId: string; reason: string; severity: string; createdAt: string }): void {
      s.insertReview.run(item.id, item.turnId, item.campaignId, item.reason, item.severity, item.createdAt);
    },
    reviewsOfTurn(turnId: string): ReviewItem[] {
      return (s.reviewsOfTurn.all(turnId) as Record<string, unknown>[]).map(toReview);
    },
    reviews(status: 'open' | 'resolved' | null, limit: number): ReviewItem[] {
      return (s.reviews.all(status, status, limit) as Record<string, unknown>[]).map(toReview);
    },
    resolveReview(id: string, by: string, resolution: string, at: string): ReviewItem | undefined {
      s.resolveReview.run(by, at, resolution, id);
      const row = s.review.get(id) as Record<string, unknown> | undefined;
      return row ? toReview(row) : undefined;
    },
  };
}

function toReview(row: Record<string, unknown>): ReviewItem {
  return {
    id: row.id as string,
    turnId: row.turn_id as string,
    campaignId: row.campaign_id as string,
    reason: row.reason as string,
    severity: row.severity as string,
    createdAt: row.created_at as string,
    status: row.status as 'open' | 'resolved',
    resolvedBy: row.resolved_by as string | null,
    resolvedAt: row.resolved_at as string | null,
    resolution: row.resolution as string | null,
  };
}

export type TurnRepository = ReturnType<typeof createTurnRepository>;
