/**
 * Trust analytics (SPEC section 5) as pure functions over history rows and counts: an agent's trend over
 * a range, anomalies by the z-score of deltas, cooperation and conflict rates, and the distribution of
 * scores over the bands.
 */
import type { TrustAnomaly, TrustHistoryEntry, TrustPoint, TrustRates, TrustTrend } from '../../../src-shared/domain/trust';
import { TRUST_BANDS, type TrustBandId, trustBandOf } from '../../../src-shared/domain/trust-vocabulary';
import type { InteractionCount } from './trust-repository';

/** A sparkline has no use for more points than this; the trend keeps the newest. */
export const TREND_POINTS = 100;

/**
 * The trend of one agent: from its score at the start of the range through every change in it (oldest
 * first) to its score now.
 */
export function trendOf(startScore: number, changes: readonly TrustHistoryEntry[], startAt: string, endScore: number): TrustTrend {
  const points: TrustPoint[] = [{ at: startAt, score: startScore }, ...changes.map((entry) => ({ at: entry.at, score: entry.newScore }))];
  const delta = endScore - startScore;
  return {
    startScore,
    endScore,
    delta,
    direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat',
    points: points.length > TREND_POINTS ? [points[0] as TrustPoint, ...points.slice(-(TREND_POINTS - 1))] : points,
  };
}

export interface DeltaStats {
  count: number;
  mean: number;
  stddev: number;
}

/** Releases change no score (delta 0 by construction): they say nothing about how deltas are spread. */
export function countsForAnomalies(entry: TrustHistoryEntry): boolean {
  return entry.reason !== 'release';
}

/** Mean and population standard deviation of the deltas. */
export function deltaStats(entries: readonly TrustHistoryEntry[]): DeltaStats {
  const deltas = entries.filter(countsForAnomalies).map((entry) => entry.delta);
  if (deltas.length === 0) return { count: 0, mean: 0, stddev: 0 };
  const mean = deltas.reduce((sum, delta) => sum + delta, 0) / deltas.length;
  const variance = deltas.reduce((sum, delta) => sum + (delta - mean) ** 2, 0) / deltas.length;
  return { count: deltas.length, mean, stddev: Math.sqrt(variance) };
}

/** Fewer deltas than this make no meaningful spread. */
export const MIN_ANOMALY_SAMPLES = 5;

/**
 * The changes whose delta lies at least `threshold` standard deviations from the mean of the range's
 * deltas, largest |z| first. None when the deltas are too few or all equal.
 */
export function anomaliesOf(entries: readonly TrustHistoryEntry[], threshold: number, stats = deltaStats(entries)): TrustAnomaly[] {
  if (stats.count < MIN_ANOMALY_SAMPLES || stats.stddev === 0) return [];
  return entries
    .filter(countsForAnomalies)
    .map((entry) => ({ entry, z: (entry.delta - stats.mean) / stats.stddev }))
    .filter((anomaly) => Math.abs(anomaly.z) >= threshold)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || b.entry.id - a.entry.id);
}

/** Cooperation and conflict rates per agent from its interaction counts; agents without interactions get zeros. */
export function ratesOf(agentIds: readonly string[], counts: readonly InteractionCount[]): TrustRates[] {
  return agentIds.map((agentId) => {
    const mine = counts.filter((count) => count.agentId === agentId);
    const of = (type: InteractionCount['type']) => mine.filter((count) => count.type === type).reduce((sum, count) => sum + count.count, 0);
    const interactions = mine.reduce((sum, count) => sum + count.count, 0);
    const conflicts = of('conflict');
    const cooperations = of('cooperation');
    return {
      agentId,
      interactions,
      conflicts,
      cooperations,
      negotiations: of('negotiation'),
      cooperationRate: interactions === 0 ? 0 : cooperations / interactions,
      conflictRate: interactions === 0 ? 0 : conflicts / interactions,
    };
  });
}

export function distributionOf(scores: readonly number[]): { band: TrustBandId; label: string; count: number }[] {
  const counts = new Map<TrustBandId, number>();
  for (const score of scores) counts.set(trustBandOf(score), (counts.get(trustBandOf(score)) ?? 0) + 1);
  return TRUST_BANDS.map((band) => ({ band: band.id, label: band.label, count: counts.get(band.id) ?? 0 }));
}
