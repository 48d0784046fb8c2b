/**
 * Correctness properties of the trust store (seed 004, as SPEC section 5 maps it), on a real SQLite file
 * with an injected clock:
 * - Property 1: a trust update round-trips with its metadata;
 * - Property 2: reopening the store restores every score exactly;
 * - Property 7: history queries return exactly the rows in the range;
 * - Property 10: a policy change never rewrites history (and applies going forward only);
 * - scores always stay in 0..100.
 * Changes are made the way a turn makes them: rules over the world, the world written, the changes
 * recorded, in one transaction.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src-main/engine/db/database';
import { silentLogger } from '../../../src-main/engine/logger';
import { type CampaignRepository, createCampaignRepository } from '../../../src-main/engine/orchestrator/campaign-repository';
import { createTurnRepository } from '../../../src-main/engine/orchestrator/turn-repository';
import { type Adjustment, applyAdjustments } from '../../../src-main/engine/trust/trust-adjustments';
import { createTrustService, type TrustService } from '../../../src-main/engine/trust/trust-service';
import type { TrustHistoryEntry } from '../../../src-shared/domain/trust';
import type { TrustReason } from '../../../src-shared/domain/trust-vocabulary';
import type { Campaign } from '../../../src-shared/domain/world';
import { tempDataDir } from '../../fixtures/temp-data-dir';
import { makeAgent, makeWorld } from '../../unit/orchestrator/fixtures';

const AGENTS = ['ada', 'bo', 'cy', 'dee'];
const CAMPAIGN = 'props';
/** Reasons an adjustment carries (quarantine and conflict_risk come from the quarantine rules; the rest are the store's own). */
const RULE_REASONS: TrustReason[] = [
  'conflict_loser',
  'conflict_winner',
  'cooperation',
  'agreement',
  'compromise',
  'deadlock',
  'exchange',
  'ai_failure',
];

interface Store {
  db: Db;
  campaigns: CampaignRepository;
  trust: TrustService;
  clock: { ms: number };
  close(): void;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function freshDir(): string {
  const data = tempDataDir('novel-console-trust-');
  cleanups.push(data.cleanup);
  return data.dir;
}

function openStore(dir: string, clock = { ms: Date.parse('2025-03-01T00:00:00.000Z') }, startScores?: number[]): Store {
  const { db } = openDatabase({ path: `${dir}/trust.db` });
  const campaigns = createCampaignRepository(db);
  if (!campaigns.get(CAMPAIGN)) {
    const campaign: Campaign = {
      id: CAMPAIGN,
      name: 'Properties',
      description: '',
      world: makeWorld(AGENTS.map((id, index) => makeAgent(id, { trust: startScores?.[index] ?? 100 }))),
    };
    campaigns.insert(campaign);
  }
  const trust = createTrustService({
    db,
    campaigns,
    turns: createTurnRepository(db),
    logger: silentLogger(),
    now: () => clock.ms,
    pollIntervalMs: 0,
  });
  trust.sync();
  const store: Store = {
    db,
    campaigns,
    trust,
    clock,
    close() {
      trust.close();
      if (db.open) db.close();
    },
  };
  cleanups.push(() => store.close());
  return store;
}

/** One turn's worth of adjustments, applied as the orchestrator applies a phase's: world and history together. */
function applyTurn(store: Store, turnId: string, adjustments: Adjustment[]): TrustHistoryEntry[] {
  const policy = store.trust.currentPolicy();
  const campaign = store.campaigns.get(CAMPAIGN);
  if (!campaign) throw new Error('campaign missing');
  const outcome = applyAdjustments(campaign.world, adjustments, policy.rules);
  const before = store.trust.repository.maxHistoryId();
  store.db.transaction(() => {
    if (outcome.world !== campaign.world) store.campaigns.replaceWorld(CAMPAIGN, outcome.world, campaign.worldVersion);
    store.trust.record({ id: turnId, campaignId: CAMPAIGN }, outcome.changes);
  })();
  return store.trust.repository.entriesAfter(before, 10_000);
}

function allHistory(store: Store): TrustHistoryEntry[] {
  return store.trust.repository.history({ campaignId: CAMPAIGN, order: 'asc', limit: 100_000, offset: 0 }).entries;
}

const adjustmentArb = fc.record({
  agentId: fc.constantFrom(...AGENTS),
  delta: fc.integer({ min: -40, max: 40 }),
  reason: fc.constantFrom(...RULE_REASONS),
  interactionId: fc.option(fc.stringMatching(/^interaction-[0-9]{1,3}$/), { nil: null }),
  detail: fc.string({ maxLength: 40 }),
});
const turnArb = fc.record({ advanceMs: fc.integer({ min: 0, max: 3_600_000 }), adjustments: fc.array(adjustmentArb, { maxLength: 8 }) });
const startArb = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: AGENTS.length, maxLength: AGENTS.length });

describe('trust store properties', () => {
  it('Property 1: a trust update round-trips with its metadata', () => {
    fc.assert(
      fc.property(startArb, fc.array(turnArb, { minLength: 1, maxLength: 6 }), (start, turns) => {
        const store = openStore(freshDir(), undefined, start);
        turns.forEach((turn, index) => {
          store.clock.ms += turn.advanceMs;
          const written = applyTurn(store, `turn-${index}`, turn.adjustments);
          const campaign = store.campaigns.get(CAMPAIGN);
          const policyVersion = store.trust.currentPolicy().version;
          for (const entry of written) {
            // What was written is what a query returns, field for field.
            expect(store.trust.repository.entry(entry.id)).toEqual(entry);
            expect(entry).toMatchObject({
              campaignId: CAMPAIGN,
              turnId: `turn-${index}`,
              policyVersion,
              at: new Date(store.clock.ms).toISOString(),
            });
            expect(entry.delta).toBe(entry.newScore - entry.oldScore);
          }
          // One row per adjustment with its reason, interaction and detail, in order; the quarantines they caused besides.
          expect(
            written.filter((entry) => entry.reason !== 'quarantine').map((e) => [e.agentId, e.reason, e.interactionId, e.detail]),
          ).toEqual(turn.adjustments.map((a) => [a.agentId, a.reason, a.interactionId, a.detail]));
          for (const quarantine of written.filter((entry) => entry.reason === 'quarantine')) {
            expect(quarantine).toMatchObject({ wasQuarantined: false, quarantined: true });
            expect(quarantine.oldScore).toBeLessThan(store.trust.currentPolicy().rules.quarantineBelow);
          }
          for (const agent of campaign?.world.agents ?? []) {
            const row = store.trust.repository.score(CAMPAIGN, agent.id);
            expect(row).toMatchObject({ score: agent.trust, quarantined: agent.quarantined });
            const last = written.filter((entry) => entry.agentId === agent.id).at(-1);
            if (last) expect(row?.lastChangeId).toBe(last.id);
          }
        });
        store.close();
      }),
      { numRuns: 40 },
    );
  });

  it('Property 2: reopening the data dir restores every score exactly', () => {
    fc.assert(
      fc.property(startArb, fc.array(turnArb, { maxLength: 6 }), (start, turns) => {
        const dir = freshDir();
        const store = openStore(dir, undefined, start);
        turns.forEach((turn, index) => {
          store.clock.ms += turn.advanceMs;
          applyTurn(store, `turn-${index}`, turn.adjustments);
        });
        const scores = store.trust.repository.scores(CAMPAIGN);
        const history = allHistory(store);
        store.close();

        const reopened = openStore(dir);
        expect(reopened.trust.sync()).toBe(0);
        expect(reopened.trust.repository.scores(CAMPAIGN)).toEqual(scores);
        expect(allHistory(reopened)).toEqual(history);
        const world = reopened.campaigns.get(CAMPAIGN)?.world;
        expect(world?.agents.map((agent) => [agent.id, agent.trust, agent.quarantined])).toEqual(
          scores.map((row) => [row.agentId, row.score, row.quarantined]),
        );
        reopened.close();
      }),
      { numRuns: 25 },
    );
  });

  it('Property 7: a history query returns exactly the rows in its time range, page after page', () => {
    fc.assert(
      fc.property(
        fc.array(turnArb, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 8 * 3_600_000 }),
        fc.integer({ min: 0, max: 8 * 3_600_000 }),
        fc.option(fc.constantFrom(...AGENTS), { nil: undefined }),
        fc.integer({ min: 1, max: 7 }),
        (turns, fromOffset, span, agentId, pageSize) => {
          const store = openStore(freshDir());
          const origin = store.clock.ms;
          turns.forEach((turn, index) => {
            store.clock.ms += turn.advanceMs;
            applyTurn(store, `turn-${index}`, turn.adjustments);
          });
          const sinceMs = origin + fromOffset;
          const untilMs = sinceMs + span;
          const expected = allHistory(store)
            .filter((entry) => Date.parse(entry.at) >= sinceMs && Date.parse(entry.at) < untilMs)
            .filter((entry) => agentId === undefined || entry.agentId === agentId);
          const pages: TrustHistoryEntry[] = [];
          for (let offset = 0; ; offset += pageSize) {
            const page = store.trust.repository.history({
              campaignId: CAMPAIGN,
              agentId,
              sinceMs,
              untilMs,
              order: 'asc',
              limit: pageSize,
              offset,
            });
            expect(page.total).toBe(expected.length);
            pages.push(...page.entries);
            if (page.entries.length < pageSize) break;
          }
          expect(pages).toEqual(expected);
          store.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('Property 10: a policy change never rewrites history, and applies to changes made after it', () => {
    const deltaArb = fc.integer({ min: -100, max: 100 });
    fc.assert(
      fc.property(
        fc.array(turnArb, { minLength: 1, maxLength: 4 }),
        fc.record({ conflictLoser: deltaArb, cooperation: deltaArb, quarantineBelow: fc.integer({ min: 0, max: 100 }) }),
        fc.array(turnArb, { minLength: 1, maxLength: 4 }),
        (before, rules, after) => {
          const store = openStore(freshDir());
          before.forEach((turn, index) => {
            store.clock.ms += turn.advanceMs;
            applyTurn(store, `before-${index}`, turn.adjustments);
          });
          const history = allHistory(store);
          const policy = store.trust.setPolicy(rules, 'admin', 'property test');
          expect(policy.version).toBe(2);
          expect(policy.rules).toMatchObject(rules);
          expect(store.trust.policies().map((version) => version.version)).toEqual([2, 1]);
          const later: TrustHistoryEntry[] = [];
          after.forEach((turn, index) => {
            store.clock.ms += turn.advanceMs;
            later.push(...applyTurn(store, `after-${index}`, turn.adjustments));
          });
          expect(allHistory(store).slice(0, history.length)).toEqual(history);
          expect(history.every((entry) => entry.policyVersion === 1)).toBe(true);
          expect(later.every((entry) => entry.policyVersion === 2)).toBe(true);
          store.close();
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps every stored score in 0..100, whatever the policy and the changes', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.record({ quarantinePenalty: fc.integer({ min: -100, max: 0 }), quarantineBelow: fc.integer({ min: 0, max: 100 }) }),
        fc.array(turnArb, { maxLength: 6 }),
        (start, rules, turns) => {
          const store = openStore(freshDir(), undefined, start);
          store.trust.setPolicy(rules, 'admin', '');
          turns.forEach((turn, index) => {
            store.clock.ms += turn.advanceMs;
            applyTurn(store, `turn-${index}`, turn.adjustments);
          });
          for (const entry of allHistory(store)) {
            for (const score of [entry.oldScore, entry.newScore]) {
              expect(score).toBeGreaterThanOrEqual(0);
              expect(score).toBeLessThanOrEqual(100);
            }
          }
          store.close();
        },
      ),
      { numRuns: 25 },
    );
  });
});
