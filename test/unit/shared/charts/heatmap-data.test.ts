import { describe, expect, it } from 'vitest';
import { heatmapFromBuckets } from '../../../../src-shared/charts/heatmap-data';
import type { DrawnSeries } from '../../../../src-shared/charts/panel-data';

const T = 1_700_000_000_000;
const bucket = (le: string, values: (number | null)[]): DrawnSeries => ({
  key: `A{le=${le}}`,
  name: le,
  labels: { le },
  points: values.map((value, index) => [T + index * 300_000, value] as const),
});

describe('heatmapFromBuckets', () => {
  it('turns cumulative bucket counts into per-bucket cells, lowest bound first, whatever order the series come in', () => {
    const data = heatmapFromBuckets([bucket('+Inf', [10, 4]), bucket('0.5', [2, 0]), bucket('1', [7, 4])], 'seconds');
    expect(data.buckets).toEqual(['≤ 500 ms', '≤ 1 s', '> 1 s']);
    expect(data.times).toEqual([T, T + 300_000]);
    expect(data.cells).toEqual([
      [0, 0, 2],
      [0, 1, 5],
      [0, 2, 3],
      [1, 0, 0],
      [1, 1, 4],
      [1, 2, 0],
    ]);
    expect(data.maxCount).toBe(5);
  });

  it('skips windows without samples and never yields a negative count', () => {
    const data = heatmapFromBuckets([bucket('1', [null, 5]), bucket('+Inf', [null, 3])], 'seconds');
    expect(data.cells).toEqual([
      [1, 0, 5],
      [1, 1, 0],
    ]);
  });

  it('ignores series without an le label', () => {
    const stray: DrawnSeries = { key: 'x', name: 'x', labels: {}, points: [[T, 1]] };
    expect(heatmapFromBuckets([stray, bucket('+Inf', [1])], 'seconds').buckets).toEqual(['all']);
  });
});
