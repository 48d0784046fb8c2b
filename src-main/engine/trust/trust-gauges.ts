/**
 * Trust on /metrics (SPEC section 2, "trust … gauges of your design"). Gauges are read from the trust
 * store at every scrape (and every recorder snapshot), so they show changes made by any process on the
 * data dir; labels are bounded by the campaigns and their agents:
 * - novel_engine_trust_score{campaign, agent}: each agent's score, 0..100;
 * - novel_engine_agents_quarantined{campaign}: agents sitting out (the "agent quarantined" alert's query);
 * - novel_engine_trust_agents{campaign, band}: agents per score band (the distribution);
 * - novel_engine_trust_conflict_risk_max{campaign}: the highest conflict risk among candidate pairs now.
 * The counters (changes by reason, quarantines by trigger) are in telemetry/metrics.ts and counted here
 * as changes are announced.
 */
import { Gauge } from 'prom-client';
import type { TrustHistoryEntry } from '../../../src-shared/domain/trust';
import { TRUST_BANDS, trustBandOf } from '../../../src-shared/domain/trust-vocabulary';
import type { CampaignRepository } from '../orchestrator/campaign-repository';
import type { Metrics } from '../telemetry/metrics';
import { assessConflictRisks } from './conflict-risk';
import type { ScoreRow } from './trust-repository';
import type { TrustService } from './trust-service';

const SHARED_READ_MS = 50;

export function registerTrustGauges(metrics: Metrics, trust: TrustService, campaigns: CampaignRepository): void {
  const registers = [metrics.registry];
  // Both triggers from the start, so "no quarantine yet" reads 0 rather than "no data".
  for (const trigger of ['threshold', 'conflict_risk']) metrics.trustQuarantines.labels({ trigger }).inc(0);
  let last: { at: number; rows: ScoreRow[] } | null = null;
  const read = (): ScoreRow[] => {
    const at = performance.now();
    if (last === null || at - last.at > SHARED_READ_MS) last = { at, rows: trust.repository.allScores() };
    return last.rows;
  };
  // Conflict risk needs the world; it is worked out again only when a campaign's world version moves.
  const risks = new Map<string, { version: number; policy: number; max: number }>();

  new Gauge({
    name: 'novel_engine_trust_score',
    help: 'Trust score of each agent, 0..100',
    labelNames: ['campaign', 'agent'] as const,
    registers,
    collect() {
      this.reset();
      for (const row of read()) this.set({ campaign: row.campaignId, agent: row.agentId }, row.score);
    },
  });
  new Gauge({
    name: 'novel_engine_agents_quarantined',
    help: 'Agents in quarantine (sitting out interactions until a story master releases them), by campaign',
    labelNames: ['campaign'] as const,
    registers,
    collect() {
      this.reset();
      const counts = new Map<string, number>();
      for (const row of read()) counts.set(row.campaignId, (counts.get(row.campaignId) ?? 0) + (row.quarantined ? 1 : 0));
      for (const [campaign, count] of counts) this.set({ campaign }, count);
    },
  });
  new Gauge({
    name: 'novel_engine_trust_agents',
    help: 'Agents per trust score band (critical 0-29, low 30-59, fair 60-89, high 90-100), by campaign',
    labelNames: ['campaign', 'band'] as const,
    registers,
    collect() {
      this.reset();
      const counts = new Map<string, number>();
      for (const row of read()) {
        for (const band of TRUST_BANDS)
          counts.set(`${row.campaignId}\u0000${band.id}`, counts.get(`${row.campaignId}\u0000${band.id}`) ?? 0);
        const key = `${row.campaignId}\u0000${trustBandOf(row.score)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const [key, count] of counts) {
        const [campaign, band] = key.split('\u0000') as [string, string];
        this.set({ campaign, band }, count);
      }
    },
  });
  new Gauge({
    name: 'novel_engine_trust_conflict_risk_max',
    help: 'Highest conflict risk among the candidate pairs of non-quarantined agents in the world now (interventions above the policy threshold), by campaign',
    labelNames: ['campaign'] as const,
    registers,
    collect() {
      const policy = trust.currentPolicy();
      for (const summary of campaigns.list()) {
        let known = risks.get(summary.id);
        if (!known || known.version !== summary.worldVersion || known.policy !== policy.version) {
          const world = campaigns.get(summary.id)?.world;
          const top = world ? assessConflictRisks(world.agents, policy.rules.interventionRisk)[0] : undefined;
          known = { version: summary.worldVersion, policy: policy.version, max: top?.risk ?? 0 };
          risks.set(summary.id, known);
        }
        this.set({ campaign: summary.id }, known.max);
      }
    },
  });
}

/** Counts one announced change: novel_engine_trust_adjustments_total and, for a quarantine, its trigger. */
export function trustChangeCounter(metrics: Metrics): (entry: TrustHistoryEntry) => void {
  return (entry) => {
    metrics.trustAdjustments.inc({ reason: entry.reason });
    if (!entry.wasQuarantined && entry.quarantined && (entry.reason === 'quarantine' || entry.reason === 'conflict_risk')) {
      metrics.trustQuarantines.inc({ trigger: entry.reason === 'quarantine' ? 'threshold' : 'conflict_risk' });
    }
  };
}
