import { describe, expect, it } from 'vitest';
import { canonicalLabels, samplesFromMetricsJson } from '../../../src-main/engine/telemetry/metrics-history';
import { chooseStepS, histogramQuantile } from '../../../src-main/engine/telemetry/metrics-query';

const INF = Number.POSITIVE_INFINITY;

describe('histogramQuantile', () => {
  const buckets = [
    { le: 0.5, count: 10 },
    { le: 1, count: 30 },
    { le: 2.5, count: 40 },
    { le: INF, count: 40 },
  ];

  it('interpolates linearly inside the bucket that holds the rank', () => {
    // rank 20 of 40: (0.5, 1] holds 20 observations, 10 below it
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.75, 12);
    // rank 36: (1, 2.5] holds 10, 30 below: 1 + 1.5 x 6 / 10
    expect(histogramQuantile(0.9, buckets)).toBeCloseTo(1.9, 12);
    // rank 4 in the first bucket, whose lower bound is 0
    expect(histogramQuantile(0.1, buckets)).toBeCloseTo(0.2, 12);
  });

  it('answers the highest finite bound when the rank falls in +Inf', () => {
    expect(
      histogramQuantile(0.99, [
        { le: 1, count: 1 },
        { le: 2, count: 2 },
        { le: INF, count: 10 },
      ]),
    ).toBe(2);
  });

  it('is null without observations or without a +Inf bucket, and repairs non-monotonic counts', () => {
    expect(
      histogramQuantile(
        0.5,
        buckets.map((bucket) => ({ ...bucket, count: 0 })),
      ),
    ).toBeNull();
    expect(histogramQuantile(0.5, buckets.slice(0, 3))).toBeNull();
    // le 2 counted 3 < 4 (a series appeared mid-window): read as 4, so rank 4 lies at the top of (0, 1]
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 4 },
        { le: 2, count: 3 },
        { le: INF, count: 8 },
      ]),
    ).toBe(1);
    expect(
      histogramQuantile(0.75, [
        { le: 1, count: 4 },
        { le: 2, count: 3 },
        { le: INF, count: 8 },
      ]),
    ).toBe(2);
  });
});

describe('chooseStepS', () => {
  it('picks the smallest nice step giving at most ~1,000 points, not below the recording interval', () => {
    expect(chooseStepS(3_600_000, 15)).toBe(15);
    expect(chooseStepS(3_600_000, 1)).toBe(5);
    expect(chooseStepS(86_400_000, 15)).toBe(120);
    expect(chooseStepS(7 * 86_400_000, 15)).toBe(900);
    expect(chooseStepS(90 * 86_400_000, 15)).toBe(10_800);
    expect(chooseStepS(3_000 * 86_400_000, 15) % 86_400).toBe(0);
  });
});

describe('samples from the registry', () => {
  it('keeps le apart, sorts labels and stringifies values', () => {
    expect(canonicalLabels({ z: 'last', le: '+Inf', a: 1 })).toEqual({ json: '{"a":"1","z":"last"}', le: INF });
    expect(canonicalLabels({ le: 0.5 })).toEqual({ json: '{}', le: 0.5 });
    expect(canonicalLabels(undefined)).toEqual({ json: '{}', le: null });
  });

  it('names histogram samples by their metricName and skips values that are not finite', () => {
    const samples = samplesFromMetricsJson([
      {
        name: 'h',
        type: 'histogram',
        values: [
          { value: 1, metricName: 'h_bucket', labels: { le: '+Inf' } },
          { value: 3, metricName: 'h_sum', labels: {} },
        ],
      },
      { name: 'g', type: 'gauge', values: [{ value: Number.NaN, labels: {} }] },
    ]);
    expect(samples).toEqual([
      { name: 'h_bucket', metric: 'h', type: 'histogram', labels: { le: '+Inf' }, value: 1 },
      { name: 'h_sum', metric: 'h', type: 'histogram', labels: {}, value: 3 },
    ]);
  });
});
