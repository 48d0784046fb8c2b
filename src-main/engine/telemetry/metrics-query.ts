/**
 * `metrics.query` over the metrics history (metrics-history.ts): SQL reduces each series to one row per
 * step bucket (GROUP BY ts / step), this module combines buckets into windows, sums series `by` labels
 * and computes histogram quantiles.
 *
 * Semantics, for dashboards and alert rules:
 * - Buckets are aligned on multiples of the step (epoch based) and a point is stamped with its bucket's
 *   START (InfluxDB's GROUP BY time convention): the point at t covers [t - (n-1) x step, t + step), where
 *   n = ceil(windowS / stepS) >= 1, so the effective window is n x step (never shorter than the step).
 *   Points run from the bucket holding `start` to the one holding `end`; a point is null when its window
 *   holds no sample.
 * - last = the newest sample in the window; avg/min/max over the window's samples; increase = the sum of
 *   each sample's increase over its predecessor (a drop is a counter reset: the increase is the new value),
 *   exact rather than PromQL's extrapolation; rate = increase / (n x stepS) per second.
 * - rate and increase need a counter (or a histogram's/summary's _sum, _count, _bucket); quantile needs a
 *   histogram's base name and q. A histogram's base name with another function is refused (query its
 *   _count or _sum).
 * - `by` sums the per-series values of the matching series, keeping those labels. For quantile the bucket
 *   increases are summed by le and the `by` labels (all labels when `by` is absent), then interpolated
 *   linearly inside the bucket holding the rank, as PromQL's histogram_quantile.
 * - Resolution: raw samples, unless the step is a multiple of 5 minutes and part of the range has been
 *   rolled up (then rollups answer up to the rollup watermark and raw samples after it: `rollup`), or the
 *   range reaches past raw retention (then the step is rounded up to a multiple of 5 minutes first).
 * - A metric that is neither in the registry nor in the history is `not_found`; a known metric without
 *   samples in the range gives an empty `series` list.
 */
import type { z } from 'zod';
import type { MetricSeries, MetricsQueryRequest, MetricsQueryResponse } from '../../../src-shared/domain/metrics-query';
import { ContractError } from '../../../src-shared/errors';
import { type MetricsHistory, type MetricType, ROLLUP_BUCKET_MS, type SeriesRow } from './metrics-history';

export type MetricsQueryInput = z.output<typeof MetricsQueryRequest>;

/** At most this many points per series: a step that would give more is refused. */
export const MAX_POINTS = 11_000;
/** Automatic steps aim at no more than this many points. */
const TARGET_POINTS = 1_000;
const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];
const ROLLUP_STEP_S = ROLLUP_BUCKET_MS / 1000;

export interface MetricsQueryOptions {
  /** The smallest automatic step: the recorder's interval in seconds (default 15). */
  minStepS?: number;
  /** The registry's type for a metric family name, so a metric not yet recorded is known (empty result). */
  registryType?: (metric: string) => MetricType | undefined;
}

export interface MetricsQueryService {
  query(request: MetricsQueryInput): MetricsQueryResponse;
}

function invalid(field: string, message: string): ContractError {
  return new ContractError('invalid_request', `invalid metrics.query request at ${field}: ${message}`, [{ field, message }]);
}

/** The smallest nice step (seconds) that keeps a range within ~1,000 points, and not below `minStepS`. */
export function chooseStepS(rangeMs: number, minStepS: number): number {
  const wanted = Math.max(minStepS, rangeMs / 1000 / TARGET_POINTS);
  return NICE_STEPS_S.find((step) => step >= wanted) ?? Math.ceil(wanted / 86_400) * 86_400;
}

/**
 * PromQL's histogram_quantile over cumulative bucket counts sorted by upper bound (the last one +Inf):
 * null without a +Inf bucket or observations; counts that go down (series appearing mid-window) are
 * made monotonic first.
 */
export function histogramQuantile(q: number, buckets: readonly { le: number; count: number }[]): number | null {
  if (buckets.length < 2 || buckets[buckets.length - 1]?.le !== Number.POSITIVE_INFINITY) return null;
  const counts: number[] = [];
  let running = 0;
  for (const bucket of buckets) {
    running = Math.max(running, bucket.count);
    counts.push(running);
  }
  const total = counts[counts.length - 1] as number;
  if (!(total > 0)) return null;
  const rank = q * total;
  let index = counts.findIndex((count) => count >= rank);
  if (index < 0) index = counts.length - 1;
  if (index === buckets.length - 1) return (buckets[buckets.length - 2] as { le: number }).le;
  const upper = (buckets[index] as { le: number }).le;
  if (index === 0 && upper <= 0) return upper;
  const lower = index === 0 ? 0 : (buckets[index - 1] as { le: number }).le;
  const below = index === 0 ? 0 : (counts[index - 1] as number);
  const inBucket = (counts[index] as number) - below;
  if (inBucket <= 0) return upper;
  return lower + ((upper - lower) * (rank - below)) / inBucket;
}

type Aggregate = 'last' | 'avg' | 'min' | 'max' | 'increase';
type SeriesKind = 'counter' | 'gauge' | 'bucket';

function kindOf(series: SeriesRow): SeriesKind {
  if (series.type === 'counter') return 'counter';
  if (series.type === 'histogram') return series.name.endsWith('_bucket') ? 'bucket' : 'counter';
  if (series.type === 'summary' && series.name !== series.metric) return 'counter';
  return 'gauge';
}

function compileMatchers(matchers: MetricsQueryInput['matchers']): ((labels: Record<string, string>) => boolean)[] {
  return matchers.map((matcher, index) => {
    const get = (labels: Record<string, string>) => labels[matcher.label] ?? '';
    switch (matcher.op) {
      case '=':
        return (labels) => get(labels) === matcher.value;
      case '!=':
        return (labels) => get(labels) !== matcher.value;
      default: {
        let pattern: RegExp;
        try {
          pattern = new RegExp(`^(?:${matcher.value})$`, 'u');
        } catch (error) {
          throw invalid(`matchers.${index}.value`, `not a valid regular expression (${(error as Error).message})`);
        }
        return matcher.op === '=~' ? (labels) => pattern.test(get(labels)) : (labels) => !pattern.test(get(labels));
      }
    }
  });
}

/** Labels of a series as returned: stored labels plus `le` for a bucket series. */
function outputLabels(series: SeriesRow): Record<string, string> {
  if (series.le === null) return series.labels;
  return { ...series.labels, le: series.le === Number.POSITIVE_INFINITY ? '+Inf' : String(series.le) };
}

function pick(labels: Record<string, string>, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Per step bucket of one series, from base bucket kBase: the aggregate value and the sample count. */
interface Buckets {
  value: Float64Array;
  count: Float64Array;
}

interface BucketRow {
  k: number;
  v: number;
  c?: number;
}

const SQL_BY_AGGREGATE: Record<Aggregate, { raw: string; rollup: string }> = {
  last: {
    raw: 'SELECT ts / CAST(@step AS INTEGER) AS k, max(ts) AS t, value AS v, 1 AS c FROM metric_samples WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
    rollup:
      'SELECT ts / CAST(@step AS INTEGER) AS k, max(ts) AS t, last AS v, 1 AS c FROM metric_rollups WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
  },
  avg: {
    raw: 'SELECT ts / CAST(@step AS INTEGER) AS k, sum(value) AS v, count(*) AS c FROM metric_samples WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
    rollup:
      'SELECT ts / CAST(@step AS INTEGER) AS k, sum(sum) AS v, sum(count) AS c FROM metric_rollups WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
  },
  min: {
    raw: 'SELECT ts / CAST(@step AS INTEGER) AS k, min(value) AS v, count(*) AS c FROM metric_samples WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
    rollup:
      'SELECT ts / CAST(@step AS INTEGER) AS k, min(min) AS v, sum(count) AS c FROM metric_rollups WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
  },
  max: {
    raw: 'SELECT ts / CAST(@step AS INTEGER) AS k, max(value) AS v, count(*) AS c FROM metric_samples WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
    rollup:
      'SELECT ts / CAST(@step AS INTEGER) AS k, max(max) AS v, sum(count) AS c FROM metric_rollups WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
  },
  increase: {
    // Each counter sample carries its reset-aware increase over its predecessor (metrics-history.ts).
    raw: 'SELECT ts / CAST(@step AS INTEGER) AS k, coalesce(sum(delta), 0) AS v, count(*) AS c FROM metric_samples WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
    rollup:
      'SELECT ts / CAST(@step AS INTEGER) AS k, sum(increase) AS v, sum(count) AS c FROM metric_rollups WHERE series_id = @id AND ts >= @from AND ts < @to GROUP BY k',
  },
};

type HeadSample = ReturnType<MetricsHistory['headSamples']>[number];

/** The head's samples of one series as step-bucket rows, like the SQL over metric_samples gives. */
function aggregateHead(samples: readonly HeadSample[], aggregate: Aggregate, stepMs: number): BucketRow[] {
  const rows = new Map<number, BucketRow & { t: number }>();
  for (const sample of samples) {
    const k = Math.floor(sample.ts / stepMs);
    const value = aggregate === 'increase' ? (sample.delta ?? 0) : sample.value;
    const row = rows.get(k);
    if (!row) {
      rows.set(k, { k, v: value, c: 1, t: sample.ts });
      continue;
    }
    row.c = (row.c ?? 0) + 1;
    if (aggregate === 'last') {
      if (sample.ts > row.t) {
        row.v = value;
        row.t = sample.ts;
      }
    } else if (aggregate === 'min') row.v = Math.min(row.v, value);
    else if (aggregate === 'max') row.v = Math.max(row.v, value);
    else row.v += value;
  }
  return [...rows.values()].sort((a, b) => a.k - b.k);
}

function aggregateOf(fn: MetricsQueryInput['fn']): Aggregate {
  return fn === 'rate' || fn === 'quantile' ? 'increase' : fn;
}

/** Windows up to this many buckets are summed point by point; longer ones slide. */
const DIRECT_WINDOW_BUCKETS = 64;

function finish(fn: MetricsQueryInput['fn'], value: number, total: number, samples: number, windowS: number): number | null {
  if (samples === 0) return null;
  let result = value;
  if (fn === 'avg') result = total / samples;
  else if (fn === 'increase' || fn === 'quantile') result = total;
  else if (fn === 'rate') result = total / windowS;
  return Number.isFinite(result) ? result : null;
}

function slidingWindow(
  fn: MetricsQueryInput['fn'],
  buckets: { value: Float64Array; count: Float64Array },
  points: number,
  n: number,
  windowS: number,
): (number | null)[] {
  const length = points + n - 1;
  const out: (number | null)[] = new Array(points);
  if (fn === 'min' || fn === 'max') {
    // Indices of candidate extremes, values monotonic from the front.
    const queue = new Int32Array(length);
    let head = 0;
    let tail = 0;
    const better = fn === 'min' ? (a: number, b: number) => a <= b : (a: number, b: number) => a >= b;
    for (let j = 0; j < length; j += 1) {
      const v = buckets.value[j] as number;
      if (!Number.isNaN(v)) {
        while (tail > head && better(v, buckets.value[queue[tail - 1] as number] as number)) tail -= 1;
        queue[tail] = j;
        tail += 1;
      }
      const i = j - n + 1;
      if (i < 0) continue;
      while (tail > head && (queue[head] as number) < i) head += 1;
      out[i] = tail > head ? (buckets.value[queue[head] as number] as number) : null;
    }
    return out;
  }
  const sums = new Float64Array(length + 1);
  const counts = new Float64Array(length + 1);
  const newest = new Int32Array(length).fill(-1);
  for (let j = 0; j < length; j += 1) {
    const v = buckets.value[j] as number;
    const present = !Number.isNaN(v);
    sums[j + 1] = (sums[j] as number) + (present ? v : 0);
    counts[j + 1] = (counts[j] as number) + (present ? (buckets.count[j] as number) : 0);
    newest[j] = present ? j : j > 0 ? (newest[j - 1] as number) : -1;
  }
  for (let i = 0; i < points; i += 1) {
    const samples = (counts[i + n] as number) - (counts[i] as number);
    const last = newest[i + n - 1] as number;
    const value = last >= i ? (buckets.value[last] as number) : Number.NaN;
    out[i] = finish(fn, value, (sums[i + n] as number) - (sums[i] as number), samples, windowS);
  }
  return out;
}

export function createMetricsQuery(history: MetricsHistory, options: MetricsQueryOptions = {}): MetricsQueryService {
  const minStepS = Math.max(1, options.minStepS ?? 15);
  const statements = new Map<string, ReturnType<MetricsHistory['db']['prepare']>>();
  function statement(aggregate: Aggregate, table: 'raw' | 'rollup') {
    const key = `${aggregate}:${table}`;
    let prepared = statements.get(key);
    if (!prepared) {
      prepared = history.db.prepare(SQL_BY_AGGREGATE[aggregate][table]);
      statements.set(key, prepared);
    }
    return prepared;
  }

  /** Step buckets [kBase, kBase + length) of one series, rollups before `splitMs` and raw samples after. */
  function readBuckets(
    seriesId: number,
    aggregate: Aggregate,
    stepMs: number,
    kBase: number,
    length: number,
    fromMs: number,
    toMs: number,
    splitMs: number,
    head: readonly HeadSample[] | undefined,
  ): Buckets {
    const value = new Float64Array(length).fill(Number.NaN);
    const count = new Float64Array(length);
    const merge = (rows: BucketRow[]) => {
      for (const row of rows) {
        const index = row.k - kBase;
        if (index < 0 || index >= length || row.v === null) continue;
        const rowCount = row.c ?? 1;
        const previous = value[index] as number;
        if (Number.isNaN(previous)) value[index] = row.v;
        else if (aggregate === 'last')
          value[index] = row.v; // raw rows come after rollup rows
        else if (aggregate === 'min') value[index] = Math.min(previous, row.v);
        else if (aggregate === 'max') value[index] = Math.max(previous, row.v);
        else value[index] = previous + row.v;
        count[index] = (count[index] as number) + rowCount;
      }
    };
    if (splitMs > fromMs) {
      merge(statement(aggregate, 'rollup').all({ id: seriesId, step: stepMs, from: fromMs, to: Math.min(splitMs, toMs) }) as BucketRow[]);
    }
    if (toMs > Math.max(splitMs, fromMs)) {
      merge(statement(aggregate, 'raw').all({ id: seriesId, step: stepMs, from: Math.max(splitMs, fromMs), to: toMs }) as BucketRow[]);
    }
    if (head) merge(aggregateHead(head, aggregate, stepMs));
    return { value, count };
  }

  /**
   * Point i covers buckets [i, i + n) of `buckets`; null where none of them holds a sample. Short
   * windows are summed directly (exact); long ones (a 90-day window at a 5-minute step is 25,920
   * buckets per point) slide: prefix sums, the newest sample's index, a monotonic queue for min/max.
   */
  function windowed(fn: MetricsQueryInput['fn'], buckets: Buckets, points: number, n: number, windowS: number): (number | null)[] {
    if (n > DIRECT_WINDOW_BUCKETS) return slidingWindow(fn, buckets, points, n, windowS);
    const out: (number | null)[] = new Array(points);
    for (let i = 0; i < points; i += 1) {
      let total = 0;
      let samples = 0;
      let value = Number.NaN;
      for (let j = i; j < i + n; j += 1) {
        const v = buckets.value[j] as number;
        if (Number.isNaN(v)) continue;
        const c = buckets.count[j] as number;
        samples += c;
        if (fn === 'last') value = v;
        else if (fn === 'min') value = Number.isNaN(value) ? v : Math.min(value, v);
        else if (fn === 'max') value = Number.isNaN(value) ? v : Math.max(value, v);
        else total += v;
      }
      out[i] = finish(fn, value, total, samples, windowS);
    }
    return out;
  }

  function metricSeries(request: MetricsQueryInput): { series: SeriesRow[]; base: 'histogram' | null; type: MetricType | undefined } {
    const direct = history.seriesNamed(request.metric);
    if (direct.length > 0) return { series: direct, base: null, type: direct[0]?.type };
    const family = history.seriesOfMetric(request.metric);
    if (family.length > 0 && family[0]?.type === 'histogram') {
      return { series: family.filter((series) => series.le !== null), base: 'histogram', type: 'histogram' };
    }
    const registryType = options.registryType?.(request.metric);
    if (registryType !== undefined) return { series: [], base: registryType === 'histogram' ? 'histogram' : null, type: registryType };
    // A histogram's or summary's sample name whose family is in the registry but not yet recorded.
    const suffix = /^(.*)_(bucket|sum|count)$/.exec(request.metric);
    const parentType = suffix ? options.registryType?.(suffix[1] as string) : undefined;
    if (parentType === 'histogram' || parentType === 'summary') return { series: [], base: null, type: 'counter' };
    throw new ContractError('not_found', `metric ${request.metric} is not in the registry and has no recorded history`, [
      { field: 'metric', message: 'unknown metric' },
    ]);
  }

  function validateFunction(request: MetricsQueryInput, found: ReturnType<typeof metricSeries>): void {
    if (request.fn === 'quantile') {
      if (request.q === undefined) throw invalid('q', 'fn quantile needs q, the quantile from 0 to 1');
      if (found.base !== 'histogram') {
        throw invalid('fn', `quantile needs a histogram; ${request.metric} is ${found.type === undefined ? 'not one' : `a ${found.type}`}`);
      }
      return;
    }
    if (found.base === 'histogram') {
      throw invalid(
        'metric',
        `${request.metric} is a histogram: query ${request.metric}_count or ${request.metric}_sum with fn ${request.fn}, or use fn quantile`,
      );
    }
    if ((request.fn === 'rate' || request.fn === 'increase') && found.series.some((series) => kindOf(series) === 'gauge')) {
      throw invalid('fn', `${request.fn} needs a counter; ${request.metric} is a gauge (use avg, min, max or last)`);
    }
    if ((request.fn === 'rate' || request.fn === 'increase') && found.series.length === 0 && found.type === 'gauge') {
      throw invalid('fn', `${request.fn} needs a counter; ${request.metric} is a gauge (use avg, min, max or last)`);
    }
  }

  function query(request: MetricsQueryInput): MetricsQueryResponse {
    const startMs = Date.parse(request.start);
    const endMs = Date.parse(request.end);
    if (endMs < startMs) throw invalid('end', 'end is before start');
    const found = metricSeries(request);
    validateFunction(request, found);

    let stepS = request.stepS ?? chooseStepS(endMs - startMs, minStepS);
    const nowMs = history.now();
    const rawCutoffMs = nowMs - history.rawRetentionMs;
    const plan = (step: number) => {
      const stepMs = step * 1000;
      const n = Math.max(1, Math.ceil(request.windowS / step));
      const kFirst = Math.floor(startMs / stepMs);
      const kLast = Math.max(kFirst, Math.ceil(endMs / stepMs) - 1);
      const kBase = kFirst - n + 1;
      return { stepMs, n, kFirst, kLast, kBase, fromMs: kBase * stepMs, toMs: (kLast + 1) * stepMs };
    };
    let p = plan(stepS);
    if (p.fromMs < rawCutoffMs && stepS % ROLLUP_STEP_S !== 0) {
      stepS = Math.ceil(stepS / ROLLUP_STEP_S) * ROLLUP_STEP_S;
      p = plan(stepS);
    }
    const points = p.kLast - p.kFirst + 1;
    if (points > MAX_POINTS) {
      throw invalid(
        'stepS',
        `stepS ${stepS} gives ${points} points for this range; at most ${MAX_POINTS} (raise stepS or narrow the range)`,
      );
    }
    const watermark = history.rolledUntil();
    const splitMs = stepS % ROLLUP_STEP_S === 0 && watermark > p.fromMs ? watermark : Number.NEGATIVE_INFINITY;
    const resolution: MetricsQueryResponse['resolution'] = splitMs > p.fromMs ? 'rollup' : 'raw';

    const matchers = compileMatchers(request.matchers);
    const selected = found.series.filter((series) => matchers.every((matches) => matches(outputLabels(series))));
    const aggregate = aggregateOf(request.fn);
    const length = p.kLast - p.kBase + 1;
    const windowS = p.n * stepS;
    const timestamps = Array.from({ length: points }, (_, i) => (p.kFirst + i) * p.stepMs);
    // The head (the current bucket, not yet in metric_samples) is read once for every series.
    const headBySeries = new Map<number, HeadSample[]>();
    const headFrom = Math.max(p.fromMs, splitMs);
    if (p.toMs > headFrom && selected.length > 0) {
      for (const sample of history.headSamples(
        headFrom,
        p.toMs,
        selected.map((series) => series.id),
      )) {
        let rows = headBySeries.get(sample.id);
        if (!rows) {
          rows = [];
          headBySeries.set(sample.id, rows);
        }
        rows.push(sample);
      }
    }
    const valuesOf = (series: SeriesRow) =>
      windowed(
        request.fn,
        readBuckets(series.id, aggregate, p.stepMs, p.kBase, length, p.fromMs, p.toMs, splitMs, headBySeries.get(series.id)),
        points,
        p.n,
        windowS,
      );

    let result: MetricSeries[];
    if (request.fn === 'quantile') {
      result = quantileSeries(selected, request.by, request.q as number, valuesOf, points, timestamps);
    } else if (request.by) {
      const by = request.by;
      const groups = new Map<string, { labels: Record<string, string>; sum: (number | null)[] }>();
      for (const series of selected) {
        const labels = pick(outputLabels(series), by);
        const key = JSON.stringify(labels);
        let group = groups.get(key);
        if (!group) {
          group = { labels, sum: new Array(points).fill(null) };
          groups.set(key, group);
        }
        const values = valuesOf(series);
        for (let i = 0; i < points; i += 1) {
          const v = values[i];
          if (v === null || v === undefined) continue;
          group.sum[i] = (group.sum[i] ?? 0) + v;
        }
      }
      result = [...groups.values()].map((group) => ({ labels: group.labels, points: zip(timestamps, group.sum) }));
    } else {
      result = selected.map((series) => ({ labels: outputLabels(series), points: zip(timestamps, valuesOf(series)) }));
    }
    result = result.filter((series) => series.points.some(([, value]) => value !== null));
    result.sort((a, b) => compareLabels(a.labels, b.labels));
    return { series: result, stepS, resolution };
  }

  return { query };
}

function zip(timestamps: readonly number[], values: readonly (number | null)[]): [number, number | null][] {
  return timestamps.map((t, i) => [t, values[i] ?? null]);
}

function compareLabels(a: Record<string, string>, b: Record<string, string>): number {
  const left = JSON.stringify(Object.entries(a).sort());
  const right = JSON.stringify(Object.entries(b).sort());
  return left < right ? -1 : left > right ? 1 : 0;
}

function quantileSeries(
  buckets: readonly SeriesRow[],
  by: readonly string[] | undefined,
  q: number,
  valuesOf: (series: SeriesRow) => (number | null)[],
  points: number,
  timestamps: readonly number[],
): MetricSeries[] {
  // group (by labels, or all labels) -> le -> summed bucket increase per point
  const groups = new Map<string, { labels: Record<string, string>; byLe: Map<number, (number | null)[]> }>();
  for (const series of buckets) {
    if (series.le === null) continue;
    const labels = by ? pick(series.labels, by) : series.labels;
    const key = JSON.stringify(Object.entries(labels).sort());
    let group = groups.get(key);
    if (!group) {
      group = { labels, byLe: new Map() };
      groups.set(key, group);
    }
    let sums = group.byLe.get(series.le);
    if (!sums) {
      sums = new Array(points).fill(null);
      group.byLe.set(series.le, sums);
    }
    const values = valuesOf(series);
    for (let i = 0; i < points; i += 1) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      sums[i] = (sums[i] ?? 0) + v;
    }
  }
  const result: MetricSeries[] = [];
  for (const group of groups.values()) {
    const bounds = [...group.byLe.keys()].sort((a, b) => a - b);
    const values: (number | null)[] = new Array(points);
    for (let i = 0; i < points; i += 1) {
      let present = false;
      const cumulative = bounds.map((le) => {
        const count = group.byLe.get(le)?.[i] ?? null;
        if (count !== null) present = true;
        return { le, count: count ?? 0 };
      });
      values[i] = present ? histogramQuantile(q, cumulative) : null;
    }
    result.push({ labels: group.labels, points: zip(timestamps, values) });
  }
  return result;
}
