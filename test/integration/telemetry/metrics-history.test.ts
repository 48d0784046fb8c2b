/**
 * The metrics history on real SQLite: range queries for every function against values computed by hand,
 * rollups answering ranges past raw retention, and retention deleting exactly what is old.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMetricsHistory, type RecordedSample } from '../../../src-main/engine/telemetry/metrics-history';
import { createMetricsQuery, type MetricsQueryInput } from '../../../src-main/engine/telemetry/metrics-query';
import { MetricsQueryRequest } from '../../../src-shared/domain/metrics-query';
import { ContractError } from '../../../src-shared/errors';
import { type HistoryFixture, historyFixture, iso, onlyPoints, S, T0 } from './metrics-history-fixture';

let fixture: HistoryFixture;
afterEach(() => fixture?.close());

const gauge = (name: string, labels: Record<string, string>, value: number): RecordedSample => ({ name, type: 'gauge', labels, value });
const counter = (name: string, labels: Record<string, string>, value: number): RecordedSample => ({
  name,
  type: 'counter',
  labels,
  value,
});

/** Appends one snapshot per value, every 15 s from `from`. */
function appendEvery15s(from: number, values: readonly number[], make: (value: number) => RecordedSample[]): void {
  values.forEach((value, index) => {
    fixture.history.appendSnapshot(from + index * 15 * S, make(value));
  });
}

const range = (start: number, end: number) => ({ start: iso(start), end: iso(end) });

describe('metrics.query on raw samples', () => {
  it('last, avg, min and max per step bucket, stamped with the bucket start', () => {
    fixture = historyFixture();
    appendEvery15s(T0, [1, 2, 3, 4, 10, 20, 30, 40], (v) => [gauge('g', { phase: 'a' }, v)]);
    const ask = (fn: string) => onlyPoints(fixture.query({ metric: 'g', fn, windowS: 60, stepS: 60, ...range(T0, T0 + 119 * S) }));
    expect(ask('last')).toEqual([
      [T0, 4],
      [T0 + 60 * S, 40],
    ]);
    expect(ask('avg')).toEqual([
      [T0, 2.5],
      [T0 + 60 * S, 25],
    ]);
    expect(ask('min')).toEqual([
      [T0, 1],
      [T0 + 60 * S, 10],
    ]);
    expect(ask('max')).toEqual([
      [T0, 4],
      [T0 + 60 * S, 40],
    ]);
    const result = fixture.query({ metric: 'g', fn: 'last', stepS: 60, windowS: 60, ...range(T0, T0 + 119 * S) });
    expect(result.resolution).toBe('raw');
    expect(result.series[0]?.labels).toEqual({ phase: 'a' });
  });

  it('increase and rate count a counter reset as a restart from zero', () => {
    fixture = historyFixture();
    // bucket 1: 0 -> 5 -> 10 -> 15 (+15); bucket 2: 20 (+5), 3 (reset: +3), 8 (+5), 13 (+5) = +18
    appendEvery15s(T0, [0, 5, 10, 15, 20, 3, 8, 13], (v) => [counter('c_total', {}, v)]);
    const ask = (fn: string, windowS: number) =>
      onlyPoints(fixture.query({ metric: 'c_total', fn, windowS, stepS: 60, ...range(T0, T0 + 119 * S) }));
    expect(ask('increase', 60)).toEqual([
      [T0, 15],
      [T0 + 60 * S, 18],
    ]);
    expect(ask('rate', 60)).toEqual([
      [T0, 0.25],
      [T0 + 60 * S, 0.3],
    ]);
    // A 120 s window at a 60 s step: each point covers its bucket and the one before.
    expect(ask('increase', 120)).toEqual([
      [T0, 15],
      [T0 + 60 * S, 33],
    ]);
    expect(ask('rate', 120)).toEqual([
      [T0, 15 / 120],
      [T0 + 60 * S, 33 / 120],
    ]);
  });

  it('counts the increase from the sample just before the range', () => {
    fixture = historyFixture();
    appendEvery15s(T0, [0, 5, 10, 15, 20, 3, 8, 13], (v) => [counter('c_total', {}, v)]);
    // Range starts at the second bucket: 15 -> 20 is still counted.
    expect(
      onlyPoints(fixture.query({ metric: 'c_total', fn: 'increase', windowS: 60, stepS: 60, ...range(T0 + 60 * S, T0 + 119 * S) })),
    ).toEqual([[T0 + 60 * S, 18]]);
  });

  it('keeps increases right when a sample arrives out of order, and counts none across a gap over 5 minutes', () => {
    fixture = historyFixture();
    fixture.history.appendSnapshot(T0, [counter('c_total', {}, 0)]);
    fixture.history.appendSnapshot(T0 + 30 * S, [counter('c_total', {}, 10)]);
    fixture.history.appendSnapshot(T0 + 15 * S, [counter('c_total', {}, 4)]);
    const deltas = 'SELECT ts, delta FROM metric_samples UNION ALL SELECT ts, delta FROM metric_samples_head ORDER BY ts';
    expect(fixture.db.prepare(deltas).all()).toEqual([
      { ts: T0, delta: 0 },
      { ts: T0 + 15 * S, delta: 4 },
      { ts: T0 + 30 * S, delta: 6 },
    ]);
    // 6 minutes later: the predecessor is too old to measure an increase against.
    fixture.history.appendSnapshot(T0 + 390 * S, [counter('c_total', {}, 50)]);
    expect(onlyPoints(fixture.query({ metric: 'c_total', fn: 'increase', windowS: 300, stepS: 300, ...range(T0, T0 + 599 * S) }))).toEqual([
      [T0, 10],
      [T0 + 300 * S, 0],
    ]);
  });

  it('keeps recent buckets in the head; maintenance steps move the finished one out slice by slice', () => {
    fixture = historyFixture({ now: T0 + 301 * S });
    const count = (table: string) => fixture.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    appendEvery15s(T0, new Array(20).fill(1), (v) => [gauge('a', {}, v), gauge('b', {}, v)]);
    fixture.history.appendSnapshot(T0 + 300 * S, [gauge('a', {}, 2), gauge('b', {}, 2)]);
    expect([count('metric_samples'), count('metric_samples_head')]).toEqual([0, 42]);
    // A query over both tables sees every sample once, wherever it sits.
    const ask = () => onlyPoints(fixture.query({ metric: 'a', fn: 'avg', stepS: 600, windowS: 600, ...range(T0, T0 + 599 * S) }));
    expect(ask()).toEqual([[T0, 22 / 21]]);
    const steps = fixture.history.maintenanceSteps();
    let taken = 0;
    for (let step = steps.next(); !step.done; step = steps.next()) {
      taken += 1;
      expect(ask()).toEqual([[T0, 22 / 21]]);
    }
    expect(taken).toBeGreaterThanOrEqual(2); // one slice of series moved, one rolled up
    expect([count('metric_samples'), count('metric_samples_head')]).toEqual([40, 2]);
    expect(fixture.history.rolledUntil()).toBe(T0 + 300 * S);
    expect(ask()).toEqual([[T0, 22 / 21]]);
  });

  it('moves a bucket nobody maintained when the snapshot after next opens', () => {
    fixture = historyFixture();
    const count = (table: string) => fixture.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    appendEvery15s(T0, new Array(40).fill(1), (v) => [gauge('a', {}, v)]);
    expect([count('metric_samples'), count('metric_samples_head')]).toEqual([0, 40]);
    fixture.history.appendSnapshot(T0 + 600 * S, [gauge('a', {}, 1)]);
    expect([count('metric_samples'), count('metric_samples_head')]).toEqual([20, 21]);
  });

  it('continues deltas across a restart of the engine mid-bucket, counting the counter reset', () => {
    fixture = historyFixture();
    appendEvery15s(T0, [0, 5, 10], (v) => [counter('c_total', {}, v)]);
    // A new history object on the same database: what a restarted engine starts from.
    const restarted = createMetricsHistory(fixture.db, { now: () => fixture.clock.now });
    restarted.appendSnapshot(T0 + 45 * S, [counter('c_total', {}, 12)]);
    restarted.appendSnapshot(T0 + 60 * S, [counter('c_total', {}, 3)]);
    restarted.appendSnapshot(T0 + 300 * S, [counter('c_total', {}, 4)]);
    restarted.maintain(T0 + 301 * S);
    const count = (table: string) => fixture.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect([count('metric_samples'), count('metric_samples_head')]).toEqual([5, 1]);
    const result = createMetricsQuery(restarted).query(
      MetricsQueryRequest.parse({
        metric: 'c_total',
        fn: 'increase',
        windowS: 300,
        stepS: 300,
        ...range(T0, T0 + 599 * S),
      }) as MetricsQueryInput,
    );
    // 0 -> 5 -> 10 -> 12, reset to 3 (+3), then +1 four minutes later
    expect(onlyPoints(result)).toEqual([
      [T0, 15],
      [T0 + 300 * S, 1],
    ]);
  });

  it('counts the first value of a counter series that appeared since the previous snapshot', () => {
    fixture = historyFixture();
    fixture.history.appendSnapshot(T0, [gauge('g', {}, 1)]);
    fixture.history.appendSnapshot(T0 + 15 * S, [gauge('g', {}, 1), counter('failures_total', { reason: 'x' }, 1)]);
    expect(
      onlyPoints(fixture.query({ metric: 'failures_total', fn: 'increase', windowS: 60, stepS: 60, ...range(T0, T0 + 59 * S) })),
    ).toEqual([[T0, 1]]);
  });

  it('slides long windows (more than 64 buckets) to the same values as summing each window', () => {
    fixture = historyFixture();
    const values: number[] = [];
    let state = 7;
    for (let i = 0; i < 480; i += 1) {
      state = (state * 48_271) % 2_147_483_647;
      values.push(i % 97 === 50 ? Number.NaN : (state % 1000) / 10);
    }
    values.forEach((value, i) => {
      if (!Number.isNaN(value)) fixture.history.appendSnapshot(T0 + i * 15 * S, [gauge('g', {}, value)]);
    });
    const windowS = 1_800; // 120 buckets of 15 s
    const start = T0 + 3_600 * S;
    const points = (fn: string) =>
      onlyPoints(fixture.query({ metric: 'g', fn, windowS, stepS: 15, ...range(start, T0 + 7_199 * S) })).map(([, value]) => value);
    const windowAt = (point: number) => {
      const end = 240 + point; // index of the point's own bucket
      return values.slice(end - 119, end + 1).filter((value) => !Number.isNaN(value));
    };
    const expected = Array.from({ length: 240 }, (_, point) => windowAt(point));
    expect(points('min')).toEqual(expected.map((w) => Math.min(...w)));
    expect(points('max')).toEqual(expected.map((w) => Math.max(...w)));
    expect(points('last')).toEqual(expected.map((w) => w[w.length - 1]));
    const avg = points('avg');
    expected.forEach((w, point) => {
      expect(avg[point]).toBeCloseTo(w.reduce((a, b) => a + b, 0) / w.length, 9);
    });
  });

  it('buckets by the step: 15 s samples at a 30 s step, with nulls where no sample fell', () => {
    fixture = historyFixture();
    appendEvery15s(T0, [1, 3, 5, 7], (v) => [gauge('g', {}, v)]);
    fixture.history.appendSnapshot(T0 + 150 * S, [gauge('g', {}, 100)]);
    expect(onlyPoints(fixture.query({ metric: 'g', fn: 'avg', windowS: 30, stepS: 30, ...range(T0, T0 + 179 * S) }))).toEqual([
      [T0, 2],
      [T0 + 30 * S, 6],
      [T0 + 60 * S, null],
      [T0 + 90 * S, null],
      [T0 + 120 * S, null],
      [T0 + 150 * S, 100],
    ]);
  });

  it('chooses a step that keeps a range near 1,000 points and never below the recording interval', () => {
    fixture = historyFixture();
    fixture.history.appendSnapshot(T0, [gauge('g', {}, 1)]);
    expect(fixture.query({ metric: 'g', fn: 'last', ...range(T0, T0 + 3_600 * S) }).stepS).toBe(15);
    expect(fixture.query({ metric: 'g', fn: 'last', ...range(T0, T0 + 86_400 * S) }).stepS).toBe(120);
    const week = fixture.query({ metric: 'g', fn: 'last', ...range(T0, T0 + 7 * 86_400 * S) });
    expect(week.stepS).toBe(900);
    expect(week.series[0]?.points.length).toBeLessThanOrEqual(1_000);
  });

  it('sums series by labels, and keeps them apart without `by`', () => {
    fixture = historyFixture();
    fixture.history.appendSnapshot(T0, [
      gauge('g', { phase: 'a', region: 'x' }, 1),
      gauge('g', { phase: 'a', region: 'y' }, 2),
      gauge('g', { phase: 'b', region: 'x' }, 4),
    ]);
    const at = range(T0, T0 + 59 * S);
    const byPhase = fixture.query({ metric: 'g', fn: 'last', stepS: 60, windowS: 60, by: ['phase'], ...at });
    expect(byPhase.series).toEqual([
      { labels: { phase: 'a' }, points: [[T0, 3]] },
      { labels: { phase: 'b' }, points: [[T0, 4]] },
    ]);
    const total = fixture.query({ metric: 'g', fn: 'last', stepS: 60, windowS: 60, by: [], ...at });
    expect(total.series).toEqual([{ labels: {}, points: [[T0, 7]] }]);
    const apart = fixture.query({ metric: 'g', fn: 'last', stepS: 60, windowS: 60, ...at });
    expect(apart.series.map((series) => series.labels)).toEqual([
      { phase: 'a', region: 'x' },
      { phase: 'a', region: 'y' },
      { phase: 'b', region: 'x' },
    ]);
  });

  it('filters with =, !=, and anchored =~ / !~ matchers', () => {
    fixture = historyFixture();
    fixture.history.appendSnapshot(
      T0,
      ['alpha', 'beta', 'alphabet', 'gamma'].map((name, index) => gauge('g', { name }, index)),
    );
    const names = (matchers: unknown[]) =>
      fixture
        .query({ metric: 'g', fn: 'last', stepS: 60, windowS: 60, matchers, ...range(T0, T0 + 59 * S) })
        .series.map((series) => series.labels.name);
    expect(names([{ label: 'name', op: '=', value: 'alpha' }])).toEqual(['alpha']);
    expect(names([{ label: 'name', op: '!=', value: 'alpha' }])).toEqual(['alphabet', 'beta', 'gamma']);
    expect(names([{ label: 'name', op: '=~', value: 'alpha|beta' }])).toEqual(['alpha', 'beta']);
    expect(names([{ label: 'name', op: '=~', value: 'alph' }])).toEqual([]);
    expect(names([{ label: 'name', op: '!~', value: 'alpha.*' }])).toEqual(['beta', 'gamma']);
    // A label the series lacks matches the empty string, as in PromQL.
    expect(names([{ label: 'missing', op: '=', value: '' }])).toHaveLength(4);
  });

  it('computes quantiles from bucket increases like histogram_quantile, per series and summed by labels', () => {
    fixture = historyFixture();
    const bucket = (phase: string, le: string, value: number): RecordedSample => ({
      name: 'h_seconds_bucket',
      metric: 'h_seconds',
      type: 'histogram',
      labels: { le, phase },
      value,
    });
    const histogram = (a: [number, number, number], b: [number, number, number]) => [
      bucket('a', '1', a[0]),
      bucket('a', '2', a[1]),
      bucket('a', '+Inf', a[2]),
      bucket('b', '1', b[0]),
      bucket('b', '2', b[1]),
      bucket('b', '+Inf', b[2]),
      { name: 'h_seconds_count', metric: 'h_seconds', type: 'histogram', labels: { phase: 'a' }, value: a[2] } as RecordedSample,
    ];
    appendEvery15s(T0, [0, 0, 0, 0], () => histogram([0, 0, 0], [0, 0, 0]));
    fixture.history.appendSnapshot(T0 + 60 * S, histogram([10, 30, 40], [0, 4, 10]));
    const ask = (q: number, by?: string[]) =>
      fixture.query({
        metric: 'h_seconds',
        fn: 'quantile',
        q,
        windowS: 120,
        stepS: 60,
        ...(by ? { by } : {}),
        ...range(T0 + 60 * S, T0 + 119 * S),
      });
    // phase a: rank 20 of 40 falls in (1, 2] holding 20: 1 + (20 - 10) / 20
    // phase b: rank 5 of 10 falls in the +Inf bucket: the highest finite bound, 2
    expect(ask(0.5).series).toEqual([
      { labels: { phase: 'a' }, points: [[T0 + 60 * S, 1.5]] },
      { labels: { phase: 'b' }, points: [[T0 + 60 * S, 2]] },
    ]);
    // summed: le 1 -> 10, le 2 -> 34, +Inf -> 50; rank 25 in (1, 2] holding 24: 1 + 15 / 24
    expect(ask(0.5, []).series).toEqual([{ labels: {}, points: [[T0 + 60 * S, 1 + 15 / 24]] }]);
    // rank 5 of 50 in the first bucket: 0 + 1 x 5 / 10
    expect(ask(0.1, []).series).toEqual([{ labels: {}, points: [[T0 + 60 * S, 0.5]] }]);
    // The _count and _bucket samples stay queryable as counters.
    expect(
      onlyPoints(
        fixture.query({ metric: 'h_seconds_count', fn: 'increase', windowS: 120, stepS: 60, ...range(T0 + 60 * S, T0 + 119 * S) }),
      ),
    ).toEqual([[T0 + 60 * S, 40]]);
    const buckets = fixture.query({
      metric: 'h_seconds_bucket',
      fn: 'increase',
      windowS: 120,
      stepS: 60,
      by: ['le'],
      ...range(T0 + 60 * S, T0 + 119 * S),
    });
    expect(buckets.series.map((series) => [series.labels.le, series.points[0]?.[1]])).toEqual([
      ['+Inf', 50],
      ['1', 10],
      ['2', 34],
    ]);
  });
});

describe('metrics.query errors', () => {
  const errorOf = (run: () => unknown): ContractError => {
    try {
      run();
    } catch (error) {
      if (error instanceof ContractError) return error;
      throw error;
    }
    throw new Error('expected a ContractError');
  };

  it('names the field of a request the history cannot answer', () => {
    fixture = historyFixture();
    fixture.history.appendSnapshot(T0, [
      gauge('g', {}, 1),
      { name: 'h_bucket', metric: 'h', type: 'histogram', labels: { le: '+Inf' }, value: 1 },
    ]);
    const at = range(T0, T0 + 60 * S);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ metric: 'h', fn: 'quantile' }, 'invalid_request', 'q'],
      [{ metric: 'g', fn: 'quantile', q: 0.5 }, 'invalid_request', 'fn'],
      [{ metric: 'g', fn: 'rate' }, 'invalid_request', 'fn'],
      [{ metric: 'h', fn: 'avg' }, 'invalid_request', 'metric'],
      [{ metric: 'g', fn: 'last', matchers: [{ label: 'x', op: '=~', value: '(' }] }, 'invalid_request', 'matchers.0.value'],
      [{ metric: 'g', fn: 'last', start: iso(T0 + 60 * S), end: iso(T0) }, 'invalid_request', 'end'],
      [{ metric: 'g', fn: 'last', stepS: 1, start: iso(T0), end: iso(T0 + 86_400 * S) }, 'invalid_request', 'stepS'],
      [{ metric: 'no_such_metric', fn: 'last' }, 'not_found', 'metric'],
    ];
    for (const [request, code, field] of cases) {
      const error = errorOf(() => fixture.query({ ...at, ...request }));
      expect([error.code, error.issues?.[0]?.field], JSON.stringify(request)).toEqual([code, field]);
      expect(error.message).toContain(field);
    }
  });

  it('answers a metric the registry knows but the history has not recorded with no series', () => {
    fixture = historyFixture({}, { registryType: (name) => (name === 'later_total' ? 'counter' : undefined) });
    expect(fixture.query({ metric: 'later_total', fn: 'rate', ...range(T0, T0 + 60 * S) }).series).toEqual([]);
  });
});

describe('rollups and retention', () => {
  const DAY = 86_400 * S;

  /** One hour of a counter (+1 per 15 s) and a gauge (sawtooth 0..19) from T0. */
  function seedHour(): void {
    for (let i = 0; i < 240; i += 1) {
      fixture.history.appendSnapshot(T0 + i * 15 * S, [counter('c_total', {}, i), gauge('g', {}, i % 20)]);
    }
  }

  it('answers a range past raw retention from 5-minute rollups, with the same values raw samples gave', () => {
    fixture = historyFixture({ now: T0 + 2 * 3_600 * S });
    seedHour();
    const ask = (metric: string, fn: string, stepS = 300) =>
      fixture.query({ metric, fn, stepS, windowS: 300, ...range(T0, T0 + 3_599 * S) });
    const fns = [
      ['c_total', 'increase'],
      ['c_total', 'rate'],
      ['g', 'last'],
      ['g', 'avg'],
      ['g', 'min'],
      ['g', 'max'],
    ] as const;
    const raw = fns.map(([metric, fn]) => ask(metric, fn));
    expect(raw.every((result) => result.resolution === 'raw')).toBe(true);

    fixture.history.maintain();
    expect(fixture.history.rolledUntil()).toBe(T0 + 2 * 3_600 * S);
    const rolled = fns.map(([metric, fn]) => ask(metric, fn));
    expect(rolled.every((result) => result.resolution === 'rollup')).toBe(true);
    expect(rolled.map((result) => result.series)).toEqual(raw.map((result) => result.series));

    // Ten days later the raw samples are gone; the rollups still answer, a 60 s step is widened to 5 min.
    fixture.clock.now = T0 + 10 * DAY;
    const trimmed = fixture.history.maintain();
    expect(trimmed.rawDeleted).toBe(480);
    expect(fixture.db.prepare('SELECT count(*) FROM metric_samples').pluck().get()).toBe(0);
    const old = ask('c_total', 'increase', 60);
    expect(old.resolution).toBe('rollup');
    expect(old.stepS).toBe(300);
    // +1 per sample, 20 samples per 5 minutes; the very first sample has no predecessor.
    expect(onlyPoints(old).map(([, value]) => value)).toEqual([19, ...new Array(11).fill(20)]);
    expect(onlyPoints(ask('g', 'avg')).map(([, value]) => value)).toEqual(new Array(12).fill(9.5));
  });

  it('combines rollups before the watermark with raw samples after it', () => {
    fixture = historyFixture({ now: T0 + 30 * 60 * S });
    seedHour();
    const before = fixture.query({ metric: 'c_total', fn: 'increase', stepS: 900, windowS: 900, ...range(T0, T0 + 3_599 * S) });
    fixture.history.rollup(T0 + 25 * 60 * S); // watermark mid-bucket of the 15-minute step
    expect(fixture.history.rolledUntil()).toBe(T0 + 25 * 60 * S);
    const after = fixture.query({ metric: 'c_total', fn: 'increase', stepS: 900, windowS: 900, ...range(T0, T0 + 3_599 * S) });
    expect(after.resolution).toBe('rollup');
    expect(after.series).toEqual(before.series);
    expect(onlyPoints(after).map(([, value]) => value)).toEqual([59, 60, 60, 60]);
  });

  it('rebuilds rollups when samples arrive before the watermark', () => {
    fixture = historyFixture({ now: T0 + 3_600 * S });
    fixture.history.appendSnapshot(T0 + 400 * S, [gauge('g', {}, 10)]);
    fixture.history.maintain();
    fixture.history.appendSnapshot(T0 + 500 * S, [gauge('g', {}, 20)]);
    expect(fixture.history.rolledUntil()).toBe(T0 + 300 * S);
    fixture.history.maintain();
    expect(fixture.db.prepare('SELECT count, sum, last FROM metric_rollups').all()).toEqual([{ count: 2, sum: 30, last: 20 }]);
  });

  it('deletes exactly the raw samples older than raw retention and the rollups older than rollup retention', () => {
    fixture = historyFixture({ rawRetentionMs: DAY, rollupRetentionMs: 3 * DAY, now: T0 });
    for (const at of [T0, T0 + 300 * S, T0 + DAY - S, T0 + DAY, T0 + DAY + S]) fixture.history.appendSnapshot(at, [gauge('g', {}, 1)]);
    fixture.clock.now = T0 + 2 * DAY; // raw cutoff T0 + DAY
    const first = fixture.history.maintain();
    expect(first.rawDeleted).toBe(3);
    expect(fixture.db.prepare('SELECT ts FROM metric_samples ORDER BY ts').pluck().all()).toEqual([T0 + DAY, T0 + DAY + S]);
    expect(fixture.db.prepare('SELECT ts FROM metric_snapshots ORDER BY ts').pluck().all()).toEqual([T0 + DAY, T0 + DAY + S]);
    // Rollups of every bucket that had samples, before any was deleted.
    expect(fixture.db.prepare('SELECT ts FROM metric_rollups ORDER BY ts').pluck().all()).toEqual([
      T0,
      T0 + 300 * S,
      T0 + DAY - 300 * S,
      T0 + DAY,
    ]);
    fixture.clock.now = T0 + 3 * DAY + 300 * S; // rollup cutoff T0 + 300 s
    const second = fixture.history.maintain();
    expect(second.rollupsDeleted).toBe(1);
    expect(fixture.db.prepare('SELECT ts FROM metric_rollups ORDER BY ts').pluck().all()).toEqual([
      T0 + 300 * S,
      T0 + DAY - 300 * S,
      T0 + DAY,
    ]);
    expect(fixture.history.stats()).toMatchObject({ oldestRawMs: null, oldestRollupMs: T0 + 300 * S, seriesCount: 1 });
    fixture.clock.now = T0 + 10 * DAY;
    expect(fixture.history.maintain().seriesDeleted).toBe(1);
    expect(fixture.history.stats().seriesCount).toBe(0);
    // A series deleted for age is recreated when it is seen again.
    fixture.history.appendSnapshot(T0 + 10 * DAY, [gauge('g', {}, 2)]);
    expect(fixture.history.stats().seriesCount).toBe(1);
  });
});
