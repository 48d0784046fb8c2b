/**
 * A latency heatmap from histogram buckets: `sum by (le) (increase(..._bucket[w]))` answers with one
 * cumulative series per upper bound `le`; a cell is the count between two neighbouring bounds.
 */

import type { Unit } from '../domain/dashboard';
import type { DrawnSeries } from './panel-data';
import { formatValue } from './unit-format';

export interface HeatmapData {
  /** Instants of the columns (epoch ms). */
  times: number[];
  /** Row labels, lowest bucket first: `≤ 500 ms`, …, `> 60 s`. */
  buckets: string[];
  /** [column, row, count]; columns with no samples are left out. */
  cells: [number, number, number][];
  maxCount: number;
}

function upperBound(le: string | undefined): number {
  if (le === undefined) return Number.NaN;
  return le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
}

export function heatmapFromBuckets(series: readonly DrawnSeries[], unit: Unit): HeatmapData {
  const bounds = series
    .map((one) => ({ bound: upperBound(one.labels.le), byTime: new Map(one.points.map(([at, value]) => [at, value])) }))
    .filter((one) => !Number.isNaN(one.bound))
    .sort((a, b) => a.bound - b.bound);
  const times = [...new Set(series.flatMap((one) => one.points.map(([at]) => at)))].sort((a, b) => a - b);
  const buckets = bounds.map(({ bound }, index) => {
    if (bound === Number.POSITIVE_INFINITY) {
      const previous = bounds[index - 1]?.bound;
      return previous === undefined ? 'all' : `> ${formatValue(previous, unit)}`;
    }
    return `≤ ${formatValue(bound, unit)}`;
  });
  const cells: [number, number, number][] = [];
  let maxCount = 0;
  times.forEach((at, column) => {
    let below = 0;
    bounds.forEach(({ byTime }, row) => {
      const cumulative = byTime.get(at);
      if (cumulative === null || cumulative === undefined) return;
      // Counters reset or windows misalign by a sample: never a negative count.
      const count = Math.max(0, cumulative - below);
      below = Math.max(below, cumulative);
      cells.push([column, row, count]);
      if (count > maxCount) maxCount = count;
    });
  });
  return { times, buckets, cells, maxCount };
}
