/**
 * Property: the evaluator's batched instant read (instant-query.ts) gives exactly metrics.query's point
 * at that instant — for every function, with matchers and `by`, over counters (with resets), gauges and
 * histograms, whether the window lies in the head, in raw samples or partly in 5-minute rollups.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInstantQuery } from '../../../src-main/engine/alerts/instant-query';
import { createAnomalyBaselines, ruleInstant } from '../../../src-main/engine/alerts/rule-expression';
import { openDatabase } from '../../../src-main/engine/db/database';
import { createMetricsHistory, type RecordedSample } from '../../../src-main/engine/telemetry/metrics-history';
import { createMetricsQuery } from '../../../src-main/engine/telemetry/metrics-query';
import { AlertRule, type MetricQuery } from '../../../src-shared/domain/alerts';

const T0 = Date.UTC(2025, 0, 6, 0, 0, 0);
const STEP = 15_000;
const LE = [0.5, 1, 5];

function key(values: { labels: Record<string, string>; value: number }[]) {
  return values
    .map((one) => [JSON.stringify(Object.entries(one.labels).sort()), one.value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('instant query', () => {
  it('equals the last point of metrics.query', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 120 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3 })), {
          minLength: 5,
          maxLength: 120,
        }),
        fc.constantFrom<MetricQuery['fn']>('last', 'avg', 'min', 'max', 'rate', 'increase', 'quantile'),
        fc.constantFrom(15, 60, 300, 900, 1200, 1800, 3600),
        fc.constantFrom(15, 300),
        fc.option(fc.constantFrom<string[]>([], ['kind'], ['kind', 'zone']), { nil: undefined }),
        fc.boolean(),
        fc.integer({ min: 0, max: 260 }),
        fc.boolean(),
        (snapshots, draws, fn, windowS, stepS, by, withMatcher, evalIndex, rolled) => {
          const { db } = openDatabase({ path: ':memory:' });
          try {
            const end = T0 + snapshots * STEP;
            const history = createMetricsHistory(db, { now: () => end });
            const service = createMetricsQuery(history, { minStepS: 15 });
            const counters = new Map<string, number>();
            for (let i = 0; i <= snapshots; i += 1) {
              const samples: RecordedSample[] = [];
              for (const [index, [series, amount, zone]] of draws.entries()) {
                if (index % (snapshots + 1) !== i % (draws.length + 1) && index % 3 !== i % 3) continue;
                const labels = { kind: `k${series % 3}`, zone: `z${zone}` };
                const id = JSON.stringify(labels);
                const reset = amount === 0 && i % 7 === 0;
                const total = reset ? 0 : (counters.get(id) ?? 0) + amount;
                counters.set(id, total);
                samples.push({ name: 'ops_total', type: 'counter', labels, value: total });
                samples.push({ name: 'temperature', type: 'gauge', labels, value: amount - 20 });
                let cumulative = 0;
                for (const le of LE) {
                  cumulative += amount > le * 8 ? 1 : 0;
                  samples.push({
                    name: 'latency_seconds_bucket',
                    metric: 'latency_seconds',
                    type: 'histogram',
                    labels: { ...labels, le: String(le) },
                    value: total + cumulative,
                  });
                }
                samples.push({
                  name: 'latency_seconds_bucket',
                  metric: 'latency_seconds',
                  type: 'histogram',
                  labels: { ...labels, le: '+Inf' },
                  value: total + cumulative + 1,
                });
              }
              history.appendSnapshot(T0 + i * STEP, samples);
            }
            if (rolled) history.maintain(end);
            const instant = createInstantQuery(history, service);
            const metric = fn === 'quantile' ? 'latency_seconds' : fn === 'rate' || fn === 'increase' ? 'ops_total' : 'temperature';
            const query: MetricQuery = {
              metric,
              matchers: withMatcher ? [{ label: 'zone', op: '!~', value: 'z0|z3' }] : [],
              fn,
              windowS,
              ...(fn === 'quantile' ? { q: 0.9 } : {}),
              ...(by ? { by } : {}),
            };
            const at = T0 + evalIndex * 7_000;
            const iso = new Date(at).toISOString();
            const expected = service
              .query({ ...query, start: iso, end: iso, stepS })
              .series.map((series) => ({ labels: series.labels, value: series.points[series.points.length - 1]?.[1] ?? null }))
              .filter((one): one is { labels: Record<string, string>; value: number } => one.value !== null);
            const actual = instant.at(query, at, stepS);
            const left = key(actual);
            const right = key(expected);
            expect(left.map(([labels]) => labels)).toEqual(right.map(([labels]) => labels));
            left.forEach(([, value], index) => {
              expect(value).toBeCloseTo(right[index]?.[1] as number, 9);
            });
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('instant query over rolled-up history', () => {
  it('reads the complete 5-minute buckets inside a fine-step window from rollups and still equals metrics.query', () => {
    const { db } = openDatabase({ path: ':memory:' });
    try {
      const snapshots = 480;
      const end = T0 + snapshots * STEP;
      const history = createMetricsHistory(db, { now: () => end });
      const service = createMetricsQuery(history, { minStepS: 15 });
      let total = 0;
      for (let i = 0; i <= snapshots; i += 1) {
        total = i % 97 === 0 ? 0 : total + (i % 7);
        history.appendSnapshot(T0 + i * STEP, [
          { name: 'ops_total', type: 'counter', labels: { kind: 'a' }, value: total },
          { name: 'temperature', type: 'gauge', labels: { kind: 'a' }, value: Math.sin(i / 9) * 40 },
        ]);
        if (i % 40 === 0) history.maintain(T0 + i * STEP);
      }
      let compared = 0;
      for (const fn of ['last', 'avg', 'min', 'max', 'rate', 'increase'] as const) {
        for (const windowS of [900, 1200, 1800, 3600]) {
          for (let at = T0 + 3_600_000; at <= end; at += 97_000) {
            const instant = createInstantQuery(history, service);
            const query: MetricQuery = {
              metric: fn === 'rate' || fn === 'increase' ? 'ops_total' : 'temperature',
              matchers: [],
              fn,
              windowS,
            };
            const iso = new Date(at).toISOString();
            const expected = service.query({ ...query, start: iso, end: iso, stepS: 15 }).series[0]?.points[0]?.[1];
            const actual = instant.at(query, at, 15)[0]?.value;
            expect(actual).toBeCloseTo(expected as number, 9);
            compared += 1;
          }
        }
      }
      expect(compared).toBeGreaterThan(100);
    } finally {
      db.close();
    }
  });
});

describe('anomaly baselines', () => {
  it('give the same z-scores, evaluation after evaluation, as the range computation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 60, maxLength: 200 }),
        fc.constantFrom('5m', '15m', '1h'),
        fc.integer({ min: 1, max: 4 }),
        (values, baselineWindow, every) => {
          const { db } = openDatabase({ path: ':memory:' });
          try {
            const history = createMetricsHistory(db, { now: () => T0 + values.length * STEP });
            const service = createMetricsQuery(history, { minStepS: 15 });
            const instant = createInstantQuery(history, service);
            const baselines = createAnomalyBaselines();
            const rule = AlertRule.parse({
              name: 'Spiky',
              kind: 'anomaly',
              severity: 'info',
              query: { metric: 'load', fn: 'avg', windowS: 60 },
              baselineWindow,
              zScore: 2,
              minStddev: 0.5,
            });
            values.forEach((value, i) => {
              history.appendSnapshot(T0 + i * STEP, [
                { name: 'load', type: 'gauge', labels: { host: 'a' }, value },
                { name: 'load', type: 'gauge', labels: { host: 'b' }, value: (value * 7) % 13 },
              ]);
            });
            for (let i = 10; i < values.length; i += every) {
              const at = T0 + i * STEP + (i % 3) * 4000;
              const fast = key(ruleInstant(service, rule, at, 15, { instant, baselines }));
              const slow = key(ruleInstant(service, rule, at, 15));
              expect(fast.map(([labels]) => labels)).toEqual(slow.map(([labels]) => labels));
              fast.forEach(([, value], index) => {
                expect(value).toBeCloseTo(slow[index]?.[1] as number, 9);
              });
            }
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
