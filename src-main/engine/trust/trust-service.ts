/**
 * The trust store of SPEC section 5: scores per agent and campaign, their append-only history, the
 * versioned policy, quarantine release, and the announcements (`trust.changed`, metrics) that follow a
 * change.
 *
 * Source of truth: the campaign's world. `agent.trust` and `agent.quarantined` in campaigns.world are
 * what a turn reads, what its phases commit and what saga compensation restores; the store (trust_scores,
 * trust_history) is the queryable ledger beside it and is written in the same SQLite transaction as every
 * world change that touches trust — a phase's commit (`record`), a compensation step (`revertTurn`), a
 * release — so the two never disagree. Should they ever (a world restored from a backup, a campaign
 * loaded without its ledger), `sync` brings the store to the world and says so in the history with a
 * `reconcile` row. History rows are never updated or deleted: a compensated turn gets reversal rows with
 * reason `compensation`, and a new policy version applies only to turns started after it.
 */

import { type TrustChanged, type TrustHistoryEntry, type TrustPolicy, TrustPolicyRules } from '../../../src-shared/domain/trust';
import { DEFAULT_TRUST_POLICY_RULES, type TrustReason } from '../../../src-shared/domain/trust-vocabulary';
import type { WorldState } from '../../../src-shared/domain/world';
import { ContractError } from '../../../src-shared/errors';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import type { CampaignRepository } from '../orchestrator/campaign-repository';
import type { TurnRepository } from '../orchestrator/turn-repository';
import { type TrustChange, withTrust } from './trust-adjustments';
import { createTrustRepository, type ScoreRow, type TrustRepository } from './trust-repository';

/** The policy a turn runs under, as the phases see it. */
export interface TurnTrustPolicy {
  version: number;
  rules: TrustPolicyRules;
}

/** What the turn runner asks of the trust store (all inside the runner's transactions). */
export interface TurnTrust {
  /** The policy a starting turn runs under (a replay: its original's), recorded with the turn. */
  policyForTurn(turnId: string, replayOf: string | null): TurnTrustPolicy;
  /** A phase's trust changes, already in the world being committed, as history and scores. */
  record(
    turn: { id: string; campaignId: string; number?: number; trustPolicy?: { version: number } | undefined },
    changes: readonly TrustChange[],
  ): void;
  /**
   * Undoes a turn's trust changes during compensation: the agents it touched get their score and
   * quarantine from before the turn, in the world and the store, with `compensation` rows. Idempotent;
   * returns what it did in a few words ('' when there was nothing to undo).
   */
  revertTurn(turnId: string, campaignId: string): string;
}

export interface TrustServiceDeps {
  db: Db;
  campaigns: CampaignRepository;
  turns: TurnRepository;
  logger: Logger;
  /** Publishes `trust.changed`. */
  publish?(payload: TrustChanged): void;
  /** Counts announced changes (novel_engine_trust_adjustments_total, novel_engine_trust_quarantines_total). */
  count?(entry: TrustHistoryEntry): void;
  now?: () => number;
  /** How often changes made by another process on the same data dir are announced; default 2 s, 0 = never. */
  pollIntervalMs?: number;
}

export const POLICY_HISTORY_LIMIT = 50;
const ANNOUNCE_BATCH = 500;

/** Whether a process still exists (signal 0 probes without signalling; EPERM means it exists). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createTrustService(deps: TrustServiceDeps) {
  const { db, campaigns, turns, logger } = deps;
  const now = deps.now ?? Date.now;
  const repo: TrustRepository = createTrustRepository(db);

  if (!repo.hasPolicy()) {
    repo.insertPolicy({
      version: 1,
      rules: { ...DEFAULT_TRUST_POLICY_RULES },
      createdAt: new Date(now()).toISOString(),
      createdBy: 'system',
      note: 'SPEC section 5 defaults',
    });
  }

  function currentPolicy(): TrustPolicy {
    const policy = repo.currentPolicy();
    if (!policy) throw new ContractError('internal', 'the trust policy table is empty; restart the console to recreate version 1');
    return policy;
  }

  // ------------------------------------------------------------------------------------ announcements

  let announcedId = repo.maxHistoryId();
  let scheduled: NodeJS.Immediate | null = null;

  /** Publishes every committed row not yet announced, per campaign, in order. */
  function announce(): void {
    scheduled = null;
    if (!db.open) return;
    for (;;) {
      const entries = repo.entriesAfter(announcedId, ANNOUNCE_BATCH);
      if (entries.length === 0) return;
      announcedId = (entries.at(-1) as TrustHistoryEntry).id;
      const byCampaign = new Map<string, TrustHistoryEntry[]>();
      for (const entry of entries) {
        deps.count?.(entry);
        byCampaign.set(entry.campaignId, [...(byCampaign.get(entry.campaignId) ?? []), entry]);
      }
      for (const [campaignId, changes] of byCampaign) {
        deps.publish?.({ campaignId, changes, at: new Date(now()).toISOString() });
      }
    }
  }

  /**
   * Announces after the current synchronous work, by when the transaction that wrote the rows has
   * committed or rolled back: only committed rows are read back, so a rolled-back change is never
   * announced.
   */
  function scheduleAnnounce(): void {
    scheduled ??= setImmediate(() => {
      try {
        announce();
      } catch (error) {
        logger.warn({ err: error }, 'trust changes could not be announced');
      }
    });
  }

  const pollMs = deps.pollIntervalMs ?? 2000;
  const poll = pollMs > 0 ? setInterval(scheduleAnnounce, pollMs) : null;
  poll?.unref();

  // ------------------------------------------------------------------------------------ writing

  function append(row: Omit<Parameters<TrustRepository['append']>[0], 'atMs' | 'policyVersion'> & { policyVersion?: number }) {
    const entry = repo.append({ ...row, policyVersion: row.policyVersion ?? currentPolicy().version, atMs: now() });
    repo.setScore({
      campaignId: entry.campaignId,
      agentId: entry.agentId,
      score: entry.newScore,
      quarantined: entry.quarantined,
      updatedMs: Date.parse(entry.at),
      lastChangeId: entry.id,
    });
    scheduleAnnounce();
    return entry;
  }

  /**
   * Brings one agent's row to the given values: creates it (no history: that is where the agent starts)
   * or, when it differs, appends a row with `reason`.
   */
  function settle(
    campaignId: string,
    agentId: string,
    target: { score: number; quarantined: boolean },
    reason: TrustReason,
    meta: { turnId: string | null; detail: string; actor?: string | null },
  ): TrustHistoryEntry | null {
    const current = repo.score(campaignId, agentId);
    if (!current) {
      repo.setScore({ campaignId, agentId, score: target.score, quarantined: target.quarantined, updatedMs: now(), lastChangeId: null });
      return null;
    }
    if (current.score === target.score && current.quarantined === target.quarantined) return null;
    return append({
      campaignId,
      agentId,
      oldScore: current.score,
      newScore: target.score,
      reason,
      wasQuarantined: current.quarantined,
      quarantined: target.quarantined,
      turnId: meta.turnId,
      interactionId: null,
      actor: meta.actor ?? null,
      detail: meta.detail,
    });
  }

  /** The store made equal to a world: missing agents start where the world has them; differences are reconciled. */
  function syncWorld(campaignId: string, world: WorldState): number {
    let reconciled = 0;
    for (const agent of world.agents) {
      const entry = settle(campaignId, agent.id, { score: agent.trust, quarantined: agent.quarantined }, 'reconcile', {
        turnId: null,
        detail: 'the store differed from the campaign world',
      });
      if (entry) reconciled += 1;
    }
    return reconciled;
  }

  function campaignOrThrow(campaignId: string) {
    const campaign = campaigns.get(campaignId);
    if (!campaign) throw new ContractError('not_found', `campaign "${campaignId}" does not exist`);
    return campaign;
  }

  /** A turn of this campaign running in a live process (replays never write the campaign's world). */
  function runningTurn(campaignId: string): string | undefined {
    return turns.running().find((row) => row.campaignId === campaignId && row.replayOf === null && processAlive(row.ownerPid))?.id;
  }

  const turnTrust: TurnTrust = {
    policyForTurn(turnId, replayOf) {
      const recorded = replayOf === null ? undefined : repo.turnPolicy(replayOf);
      const policy = (recorded === undefined ? undefined : repo.policy(recorded)) ?? currentPolicy();
      repo.setTurnPolicy(turnId, policy.version);
      return { version: policy.version, rules: policy.rules };
    },
    record(turn, changes) {
      const policyVersion = turn.trustPolicy?.version ?? repo.turnPolicy(turn.id) ?? currentPolicy().version;
      for (const change of changes) {
        // Keeps each agent's history a chain (each row's old score is the previous row's new one).
        settle(turn.campaignId, change.agentId, { score: change.oldScore, quarantined: change.wasQuarantined }, 'reconcile', {
          turnId: null,
          detail: 'the store differed from the campaign world before this change',
        });
        append({
          campaignId: turn.campaignId,
          agentId: change.agentId,
          oldScore: change.oldScore,
          newScore: change.newScore,
          reason: change.reason,
          wasQuarantined: change.wasQuarantined,
          quarantined: change.quarantined,
          turnId: turn.id,
          ...(turn.number === undefined ? {} : { turnNumber: turn.number }),
          interactionId: change.interactionId,
          policyVersion,
          actor: null,
          detail: change.detail,
        });
      }
    },
    revertTurn(turnId, campaignId) {
      const before = new Map<string, { score: number; quarantined: boolean }>();
      for (const entry of repo.turnChanges(turnId)) {
        if (entry.reason === 'compensation' || before.has(entry.agentId)) continue;
        before.set(entry.agentId, { score: entry.oldScore, quarantined: entry.wasQuarantined });
      }
      if (before.size === 0) return '';
      const campaign = campaignOrThrow(campaignId);
      const world = withTrust(campaign.world, before);
      if (world !== campaign.world) campaigns.replaceWorld(campaignId, world, campaign.worldVersion);
      let reverted = 0;
      for (const [agentId, values] of before) {
        if (settle(campaignId, agentId, values, 'compensation', { turnId, detail: 'the turn was compensated' })) reverted += 1;
      }
      // Anything else that differs (the world restored from its snapshot over a later change) is reconciled.
      syncWorld(campaignId, world);
      return reverted === 0 ? '' : `trust of ${reverted} agent${reverted === 1 ? '' : 's'} restored`;
    },
  };

  return {
    ...turnTrust,
    repository: repo,
    currentPolicy,
    policies(): TrustPolicy[] {
      return repo.policies(POLICY_HISTORY_LIMIT);
    },
    /** A new version from the current rules with `changes` applied; turns started from now on use it. */
    setPolicy(changes: Partial<TrustPolicyRules>, createdBy: string, note: string): TrustPolicy {
      return db.transaction(() => {
        const current = currentPolicy();
        const parsed = TrustPolicyRules.safeParse({ ...current.rules, ...changes });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new ContractError('invalid_request', `invalid trust policy at rules.${issue?.path.join('.')}: ${issue?.message}`);
        }
        const policy: TrustPolicy = {
          version: current.version + 1,
          rules: parsed.data,
          createdAt: new Date(now()).toISOString(),
          createdBy,
          note,
        };
        repo.insertPolicy(policy);
        return policy;
      })();
    },
    /** Lifts an agent's quarantine (a story master); its score stays. Refused while a turn of the campaign runs. */
    release(campaignId: string, agentId: string, actor: string, note: string): TrustHistoryEntry {
      return db.transaction(() => {
        const campaign = campaignOrThrow(campaignId);
        const agent = campaign.world.agents.find((candidate) => candidate.id === agentId);
        if (!agent) throw new ContractError('not_found', `agent "${agentId}" is not in campaign ${campaignId}`);
        if (!agent.quarantined) throw new ContractError('conflict', `agent ${agentId} is not quarantined; there is nothing to release`);
        const running = runningTurn(campaignId);
        if (running)
          throw new ContractError('conflict', `campaign ${campaignId} has turn ${running} running; release ${agentId} once it has ended`);
        syncWorld(campaignId, campaign.world);
        const world = withTrust(campaign.world, new Map([[agentId, { score: agent.trust, quarantined: false }]]));
        campaigns.replaceWorld(campaignId, world, campaign.worldVersion);
        const entry = settle(campaignId, agentId, { score: agent.trust, quarantined: false }, 'release', {
          turnId: null,
          actor,
          detail: note || `released by ${actor}`,
        });
        if (!entry) throw new ContractError('internal', `the release of ${agentId} left no history row`);
        return entry;
      })();
    },
    /** Makes the store match every campaign's world (at start: new campaigns, restored worlds). Returns the rows reconciled. */
    sync(): number {
      return db.transaction(() => {
        let reconciled = 0;
        for (const summary of campaigns.list()) {
          const campaign = campaigns.get(summary.id);
          if (campaign) reconciled += syncWorld(campaign.id, campaign.world);
        }
        return reconciled;
      })();
    },
    /** The store's rows of a campaign, created from its world first if it has none. */
    scores(campaignId: string): ScoreRow[] {
      const rows = repo.scores(campaignId);
      const campaign = campaignOrThrow(campaignId);
      if (rows.length >= campaign.world.agents.length) return rows;
      db.transaction(() => syncWorld(campaignId, campaign.world))();
      return repo.scores(campaignId);
    },
    campaignOrThrow,
    /** Announces what is committed and not yet announced, now (tests; the poll does it otherwise). */
    announceNow: announce,
    close(): void {
      if (poll) clearInterval(poll);
      if (scheduled) clearImmediate(scheduled);
      scheduled = null;
    },
  };
}

export type TrustService = ReturnType<typeof createTrustService>;
