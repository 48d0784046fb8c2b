/**
 * The value of a history query at one instant, for the evaluator's hot path: exactly metrics.query's
 * last point (metrics-query.ts semantics: the window covers whole steps up to the one holding the
 * instant; rollups before the watermark at 5-minute steps, raw samples after it, the head last), but
 * read with one SQL statement per table for all the metric's series instead of one per series — 200
 * rules over metrics of dozens of series each would otherwise run thousands of statements per cycle.
 *
 * Anything off the common path (an unknown metric, a histogram's base name with a plain function, a
 * gauge under rate, a window reaching past raw retention) is answered by metrics.query itself, so errors
 * and edge cases stay exactly its own. test/unit/alerts/instant-query.property.test.ts checks the two
 * agree on random histories.
 */
import type { MetricQuery } from '../../../src-shared/domain/alerts';
import type { MetricsHistory, SeriesRow } from '../telemetry/metrics-history';
import { histogramQuantile, type MetricsQueryService } from '../telemetry/metrics-query';
import { compileMatchers } from './label-matchers';

const ROLLUP_STEP_S = 300;

type Aggregate = 'last' | 'avg' | 'min' | 'max' | 'increase';

const COLUMNS: Record<Aggregate, { raw: string; rollup: string }> = {
  last: { raw: 'max(ts) AS t, value AS v, count(*) AS c', rollup: 'max(ts) AS t, last AS v, sum(count) AS c' },
  avg: { raw: 'sum(value) AS v, count(*) AS c', rollup: 'sum(sum) AS v, sum(count) AS c' },
  min: { raw: 'min(value) AS v, count(*) AS c', rollup: 'min(min) AS v, sum(count) AS c' },
  max: { raw: 'max(value) AS v, count(*) AS c', rollup: 'max(max) AS v, sum(count) AS c' },
  increase: { raw: 'coalesce(sum(delta), 0) AS v, count(*) AS c', rollup: 'sum(increase) AS v, sum(count) AS c' },
};

interface Row {
  id: number;
  t?: number;
  v: number;
  c: number;
}

interface Accumulated {
  value: number;
  count: number;
  t: number;
}

export interface InstantValue {
  labels: Record<string, string>;
  value: number;
}

export interface InstantQuery {
  /** The query's value per series at `atMs`, read at `stepS` (series without a value are left out). */
  at(query: MetricQuery, atMs: number, stepS: number): InstantValue[];
  /**
   * Starts an evaluation cycle: within it, a metric's series, the head and the rollup watermark are read
   * once, and an identical query at the same instant is answered once (a warning and a critical rule
   * usually share their query). Reads between two calls see the history as it was at the first.
   */
  beginCycle(): void;
}

function kindOf(series: SeriesRow): 'counter' | 'gauge' | 'bucket' {
  if (series.type === 'counter') return 'counter';
  if (series.type === 'histogram') return series.name.endsWith('_bucket') ? 'bucket' : 'counter';
  if (series.type === 'summary' && series.name !== series.metric) return 'counter';
  return 'gauge';
}

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

export function createInstantQuery(history: MetricsHistory, fallback: MetricsQueryService): InstantQuery {
  const statements = new Map<string, ReturnType<MetricsHistory['db']['prepare']>>();
  function statement(aggregate: Aggregate, table: 'raw' | 'rollup') {
    const key = `${aggregate}:${table}`;
    let prepared = statements.get(key);
    if (!prepared) {
      const source = table === 'raw' ? 'metric_samples' : 'metric_rollups';
      prepared = history.db.prepare(
        `SELECT series_id AS id, ${COLUMNS[aggregate][table]} FROM ${source}
         WHERE series_id IN (SELECT value FROM json_each(@ids)) AND ts >= @from AND ts < @to GROUP BY series_id`,
      );
      statements.set(key, prepared);
    }
    return prepared;
  }

  let seriesCache = new Map<string, SeriesRow[]>();
  let answers = new Map<string, InstantValue[]>();
  // The head (the current 5-minute bucket, a few thousand rows keyed by time) is read once per cycle and
  // split by series: reading it per query scanned it whole every time.
  const headStatement = history.db.prepare('SELECT series_id AS id, ts, value, delta FROM metric_samples_head');
  let head: Map<number, { ts: number; value: number; delta: number | null }[]> | null = null;
  let watermark: number | null = null;
  const headOf = (id: number) => {
    if (head === null) {
      head = new Map();
      for (const row of headStatement.all() as { id: number; ts: number; value: number; delta: number | null }[]) {
        const rows = head.get(row.id);
        if (rows) rows.push(row);
        else head.set(row.id, [row]);
      }
    }
    return head.get(id) ?? [];
  };
  const cached = (kind: 'named' | 'family', metric: string): SeriesRow[] => {
    const key = `${kind}:${metric}`;
    let rows = seriesCache.get(key);
    if (!rows) {
      rows = kind === 'named' ? history.seriesNamed(metric) : history.seriesOfMetric(metric);
      seriesCache.set(key, rows);
    }
    return rows;
  };

  function viaFallback(query: MetricQuery, atMs: number, stepS: number): InstantValue[] {
    const at = new Date(atMs).toISOString();
    const values: InstantValue[] = [];
    for (const series of fallback.query({ ...query, start: at, end: at, stepS }).series) {
      const value = series.points[series.points.length - 1]?.[1];
      if (value !== null && value !== undefined && Number.isFinite(value)) values.push({ labels: series.labels, value });
    }
    return values;
  }

  /** Per series id: the aggregate over [fromMs, toMs) across rollups, raw samples and the head. */
  function aggregateWindow(ids: number[], aggregate: Aggregate, fromMs: number, toMs: number, splitMs: number): Map<number, Accumulated> {
    const out = new Map<number, Accumulated>();
    const merge = (id: number, value: number, count: number, t: number) => {
      const known = out.get(id);
      if (!known) {
        out.set(id, { value, count, t });
        return;
      }
      known.count += count;
      if (aggregate === 'last') {
        if (t >= known.t) {
          known.value = value;
          known.t = t;
        }
      } else if (aggregate === 'min') known.value = Math.min(known.value, value);
      else if (aggregate === 'max') known.value = Math.max(known.value, value);
      else known.value += value;
    };
    const json = JSON.stringify(ids);
    // Rollups answer [rollupFrom, rollupTo): metrics.query's own split at a 5-minute step; at a finer step,
    // the complete 5-minute buckets inside the window (their counts, sums, extremes and increases are
    // those of the raw samples they hold, so the answer is the same) — raw samples and the head the rest.
    let rollupFrom = fromMs;
    let rollupTo = splitMs > fromMs ? Math.min(splitMs, toMs) : fromMs;
    if (splitMs <= fromMs) {
      const bucketMs = ROLLUP_STEP_S * 1000;
      const interiorFrom = Math.ceil(fromMs / bucketMs) * bucketMs;
      const interiorTo = Math.min(watermark ?? 0, Math.floor(toMs / bucketMs) * bucketMs);
      if (interiorTo - interiorFrom >= 2 * bucketMs) {
        rollupFrom = interiorFrom;
        rollupTo = interiorTo;
      }
    }
    if (rollupTo > rollupFrom) {
      for (const row of statement(aggregate, 'rollup').all({ ids: json, from: rollupFrom, to: rollupTo }) as Row[]) {
        if (row.v !== null) merge(row.id, row.v, row.c, row.t ?? 0);
      }
    }
    const rawRanges: [number, number][] =
      rollupTo > rollupFrom
        ? [
            [fromMs, rollupFrom],
            [rollupTo, toMs],
          ]
        : [[fromMs, toMs]];
    for (const [from, to] of rawRanges) {
      if (to <= from) continue;
      for (const row of statement(aggregate, 'raw').all({ ids: json, from, to }) as Row[]) {
        if (row.v !== null) merge(row.id, row.v, row.c, row.t ?? 0);
      }
      for (const id of ids) {
        for (const sample of headOf(id)) {
          if (sample.ts >= from && sample.ts < to) merge(id, aggregate === 'increase' ? (sample.delta ?? 0) : sample.value, 1, sample.ts);
        }
      }
    }
    return out;
  }

  function at(query: MetricQuery, atMs: number, stepS: number): InstantValue[] {
    const key = `${atMs}|${stepS}|${JSON.stringify(query)}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = compute(query, atMs, stepS);
      answers.set(key, answer);
    }
    return answer.map((one) => ({ labels: one.labels, value: one.value }));
  }

  return {
    at,
    beginCycle() {
      seriesCache = new Map();
      answers = new Map();
      head = null;
      watermark = null;
    },
  };

  function compute(query: MetricQuery, atMs: number, stepS: number): InstantValue[] {
    if (query.fn === 'quantile' && query.q === undefined) return viaFallback(query, atMs, stepS);
    const stepMs = stepS * 1000;
    const n = Math.max(1, Math.ceil(query.windowS / stepS));
    const kFirst = Math.floor(atMs / stepMs);
    const fromMs = (kFirst - n + 1) * stepMs;
    const toMs = (kFirst + 1) * stepMs;
    const windowS = n * stepS;
    if (fromMs < history.now() - history.rawRetentionMs && stepS % ROLLUP_STEP_S !== 0) return viaFallback(query, atMs, stepS);

    let series: SeriesRow[];
    if (query.fn === 'quantile') {
      const family = cached('family', query.metric);
      if (family.length === 0 || family[0]?.type !== 'histogram') return viaFallback(query, atMs, stepS);
      series = family.filter((one) => one.le !== null);
    } else {
      series = cached('named', query.metric);
      if (series.length === 0) return viaFallback(query, atMs, stepS);
      if ((query.fn === 'rate' || query.fn === 'increase') && series.some((one) => kindOf(one) === 'gauge'))
        return viaFallback(query, atMs, stepS);
    }
    const matches = compileMatchers(query.matchers);
    const selected = series.filter((one) => matches(outputLabels(one)));
    if (selected.length === 0) return [];
    watermark ??= history.rolledUntil();
    const splitMs = stepS % ROLLUP_STEP_S === 0 && watermark > fromMs ? watermark : Number.NEGATIVE_INFINITY;
    const aggregate: Aggregate = query.fn === 'rate' || query.fn === 'quantile' ? 'increase' : query.fn;
    const windows = aggregateWindow(
      selected.map((one) => one.id),
      aggregate,
      fromMs,
      toMs,
      splitMs,
    );
    const windowValue = (one: SeriesRow): number | null => {
      const window = windows.get(one.id);
      if (!window || window.count === 0) return null;
      const result = query.fn === 'avg' ? window.value / window.count : query.fn === 'rate' ? window.value / windowS : window.value;
      return Number.isFinite(result) ? result : null;
    };

    if (query.fn === 'quantile') {
      const groups = new Map<string, { labels: Record<string, string>; byLe: Map<number, number | null> }>();
      for (const one of selected) {
        const labels = query.by ? pick(one.labels, query.by) : one.labels;
        const key = JSON.stringify(Object.entries(labels).sort());
        let group = groups.get(key);
        if (!group) {
          group = { labels, byLe: new Map() };
          groups.set(key, group);
        }
        const value = windowValue(one);
        const known = group.byLe.get(one.le as number);
        group.byLe.set(one.le as number, value === null ? (known ?? null) : (known ?? 0) + value);
      }
      const values: InstantValue[] = [];
      for (const group of groups.values()) {
        const bounds = [...group.byLe.keys()].sort((a, b) => a - b);
        if (!bounds.some((le) => group.byLe.get(le) !== null)) continue;
        const value = histogramQuantile(
          query.q as number,
          bounds.map((le) => ({ le, count: group.byLe.get(le) ?? 0 })),
        );
        if (value !== null && Number.isFinite(value)) values.push({ labels: group.labels, value });
      }
      return values;
    }
    if (query.by) {
      const by = query.by;
      const groups = new Map<string, InstantValue>();
      for (const one of selected) {
        const value = windowValue(one);
        if (value === null) continue;
        const labels = pick(outputLabels(one), by);
        const key = JSON.stringify(labels);
        const group = groups.get(key);
        if (group) group.value += value;
        else groups.set(key, { labels, value });
      }
      return [...groups.values()];
    }
    const values: InstantValue[] = [];
    for (const one of selected) {
      const value = windowValue(one);
      if (value !== null) values.push({ labels: outputLabels(one), value });
    }
    return values;
  }
}
