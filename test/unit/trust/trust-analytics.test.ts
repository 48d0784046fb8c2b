/**
 * Trust analytics over history rows (SPEC section 5): trends, anomalies by z-score of deltas,
 * cooperation and conflict rates, the distribution over score bands.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anomaliesOf, deltaStats, distributionOf, ratesOf, TREND_POINTS, trendOf } from '../../../src-main/engine/trust/trust-analytics';
import type { TrustHistoryEntry } from '../../../src-shared/domain/trust';

let nextId = 1;
function entry(agentId: string, oldScore: number, newScore: number, overrides: Partial<TrustHistoryEntry> = {}): TrustHistoryEntry {
  const id = nextId++;
  return {
    id,
    campaignId: 'c',
    agentId,
    oldScore,
    newScore,
    delta: newScore - oldScore,
    reason: 'cooperation',
    wasQuarantined: false,
    quarantined: false,
    turnId: 't',
    turnNumber: 1,
    interactionId: null,
    policyVersion: 1,
    actor: null,
    detail: '',
    at: new Date(1_700_000_000_000 + id * 1000).toISOString(),
    ...overrides,
  };
}

describe('trust analytics', () => {
  it('draws a trend from the score at the start of the range through every change', () => {
    const changes = [entry('ada', 100, 90), entry('ada', 90, 70)];
    const trend = trendOf(100, changes, '2024-01-01T00:00:00.000Z', 70);
    expect(trend).toMatchObject({ startScore: 100, endScore: 70, delta: -30, direction: 'down' });
    expect(trend.points.map((point) => point.score)).toEqual([100, 90, 70]);
  });

  it('keeps the start and the newest points of a long trend', () => {
    const changes = Array.from({ length: 300 }, (_, index) => entry('ada', index % 100, (index + 1) % 100));
    const trend = trendOf(50, changes, '2024-01-01T00:00:00.000Z', 0);
    expect(trend.points).toHaveLength(TREND_POINTS);
    expect(trend.points[0]?.score).toBe(50);
    expect(trend.points.at(-1)?.score).toBe(0);
  });

  it('flags the change whose delta stands out by its z-score', () => {
    const usual = Array.from({ length: 12 }, (_, index) => entry('ada', 50, index % 2 === 0 ? 55 : 47));
    const collapse = entry('bo', 60, 10, { reason: 'conflict_risk' });
    const anomalies = anomaliesOf([...usual, collapse], 2.5);
    expect(anomalies.map((anomaly) => anomaly.entry.id)).toEqual([collapse.id]);
    expect(anomalies[0]?.z).toBeLessThan(-2.5);
  });

  it('finds no anomaly among too few or identical deltas, and ignores releases', () => {
    expect(anomaliesOf([entry('ada', 50, 55), entry('ada', 55, 10)], 1)).toEqual([]);
    expect(
      anomaliesOf(
        Array.from({ length: 10 }, () => entry('ada', 50, 55)),
        1,
      ),
    ).toEqual([]);
    expect(deltaStats([entry('ada', 20, 20, { reason: 'release' })]).count).toBe(0);
  });

  it('works out cooperation and conflict rates from interaction counts', () => {
    const rates = ratesOf(
      ['ada', 'bo'],
      [
        { agentId: 'ada', type: 'conflict', count: 3 },
        { agentId: 'ada', type: 'cooperation', count: 1 },
      ],
    );
    expect(rates).toEqual([
      { agentId: 'ada', interactions: 4, conflicts: 3, cooperations: 1, negotiations: 0, cooperationRate: 0.25, conflictRate: 0.75 },
      { agentId: 'bo', interactions: 0, conflicts: 0, cooperations: 0, negotiations: 0, cooperationRate: 0, conflictRate: 0 },
    ]);
  });

  it('counts every score in exactly one band', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 })), (scores) => {
        const bands = distributionOf(scores);
        expect(bands.reduce((sum, band) => sum + band.count, 0)).toBe(scores.length);
        expect(bands.find((band) => band.band === 'critical')?.count).toBe(scores.filter((score) => score < 30).length);
      }),
    );
  });
});
