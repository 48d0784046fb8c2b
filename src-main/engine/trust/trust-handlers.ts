/**
 * The trust channels of the contract (src-shared/channels/trust.ts) over the trust service: agents with
 * their trends and rates, the history, analytics, the policy and release. Handlers receive validated
 * requests; errors leave as typed ContractErrors.
 */
import type { TrustAgent, TrustHistoryEntry } from '../../../src-shared/domain/trust';
import type { HandlerTable } from '../rpc';
import { assessConflictRisks } from './conflict-risk';
import { anomaliesOf, deltaStats, distributionOf, ratesOf, trendOf } from './trust-analytics';
import type { TrustService } from './trust-service';

export type TrustHandlers = Pick<
  HandlerTable,
  'trust.agents' | 'trust.history' | 'trust.analytics' | 'trust.policy.get' | 'trust.policy.set' | 'trust.release'
>;

/** Rows read for analytics over one range at most (the newest); a sparkline or a z-score needs no more. */
export const ANALYTICS_ROW_LIMIT = 20_000;
const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

interface Range {
  since?: string | undefined;
  until?: string | undefined;
}

export function createTrustHandlers(trust: TrustService, now: () => number = Date.now): TrustHandlers {
  const repo = trust.repository;

  function rangeOf({ since, until }: Range) {
    const untilMs = until === undefined ? undefined : Date.parse(until);
    return {
      sinceMs: since === undefined ? undefined : Date.parse(since),
      untilMs,
      untilIso: until ?? new Date(now()).toISOString(),
    };
  }

  /** The campaign's changes in the range, oldest first (the newest ANALYTICS_ROW_LIMIT). */
  function changesIn(campaignId: string, range: ReturnType<typeof rangeOf>): TrustHistoryEntry[] {
    const { entries } = repo.history({
      campaignId,
      sinceMs: range.sinceMs,
      untilMs: range.untilMs,
      order: 'desc',
      limit: ANALYTICS_ROW_LIMIT,
      offset: 0,
    });
    return entries.reverse();
  }

  function trendsOf(
    campaignId: string,
    agentIds: readonly string[],
    changes: readonly TrustHistoryEntry[],
    range: ReturnType<typeof rangeOf>,
  ) {
    const scores = new Map(trust.scores(campaignId).map((row) => [row.agentId, row]));
    return agentIds.map((agentId) => {
      const mine = changes.filter((entry) => entry.agentId === agentId);
      const current = scores.get(agentId)?.score ?? 100;
      const end =
        mine.at(-1)?.newScore ?? (range.untilMs === undefined ? current : (repo.scoreAt(campaignId, agentId, range.untilMs) ?? current));
      const start =
        range.sinceMs === undefined
          ? (mine[0]?.oldScore ?? end)
          : (repo.scoreAt(campaignId, agentId, range.sinceMs) ?? mine[0]?.oldScore ?? end);
      const startAt = range.sinceMs === undefined ? (mine[0]?.at ?? new Date(now()).toISOString()) : new Date(range.sinceMs).toISOString();
      return { agentId, ...trendOf(start, mine, startAt, end) };
    });
  }

  return {
    'trust.agents': ({ campaignId, since, until }) => {
      const campaign = trust.campaignOrThrow(campaignId);
      const range = rangeOf({ since, until });
      const scores = new Map(trust.scores(campaignId).map((row) => [row.agentId, row]));
      const agentIds = campaign.world.agents.map((agent) => agent.id);
      const changes = changesIn(campaignId, range);
      const trends = new Map(trendsOf(campaignId, agentIds, changes, range).map((trend) => [trend.agentId, trend]));
      const rates = new Map(
        ratesOf(agentIds, repo.interactionCounts(campaignId, since ?? '', until ?? FAR_FUTURE)).map((rate) => [rate.agentId, rate]),
      );
      const agents: TrustAgent[] = campaign.world.agents.map((agent) => {
        const row = scores.get(agent.id);
        const { agentId: _agentId, ...trend } = trends.get(agent.id) as ReturnType<typeof trendsOf>[number];
        return {
          agentId: agent.id,
          name: agent.name,
          role: agent.role,
          score: row?.score ?? agent.trust,
          quarantined: row?.quarantined ?? agent.quarantined,
          lastChange: row?.lastChangeId ? (repo.entry(row.lastChangeId) ?? null) : null,
          trend,
          rates: rates.get(agent.id) as TrustAgent['rates'],
        };
      });
      return { campaignId, policyVersion: trust.currentPolicy().version, agents };
    },
    'trust.history': ({ campaignId, agentId, since, until, reasons, order, limit, offset }) => {
      trust.campaignOrThrow(campaignId);
      const range = rangeOf({ since, until });
      return repo.history({ campaignId, agentId, sinceMs: range.sinceMs, untilMs: range.untilMs, reasons, order, limit, offset });
    },
    'trust.analytics': ({ campaignId, since, until, zThreshold }) => {
      const campaign = trust.campaignOrThrow(campaignId);
      const range = rangeOf({ since, until });
      const agentIds = campaign.world.agents.map((agent) => agent.id);
      const changes = changesIn(campaignId, range);
      const stats = deltaStats(changes);
      const scores = trust.scores(campaignId);
      return {
        campaignId,
        since: since ?? null,
        until: range.untilIso,
        trends: trendsOf(campaignId, agentIds, changes, range),
        anomalies: anomaliesOf(changes, zThreshold, stats).slice(0, 50),
        deltaStats: stats,
        rates: ratesOf(agentIds, repo.interactionCounts(campaignId, since ?? '', until ?? FAR_FUTURE)),
        distribution: distributionOf(scores.map((row) => row.score)),
        risks: assessConflictRisks(campaign.world.agents, trust.currentPolicy().rules.interventionRisk, true).slice(0, 50),
        quarantined: scores.filter((row) => row.quarantined).length,
      };
    },
    'trust.policy.get': () => ({ policy: trust.currentPolicy(), versions: trust.policies() }),
    'trust.policy.set': ({ rules, note }, { identity }) => ({ policy: trust.setPolicy(rules, identity.userId, note) }),
    'trust.release': ({ campaignId, agentId, note }, { identity }) => ({
      entry: trust.release(campaignId, agentId, identity.userId, note),
    }),
  };
}
