/**
 * What a rule compares, over the metrics history (metrics-query.ts answers every query): a threshold
 * rule's query (or the ratio of two), a budget rule's LLM spend over its period, an anomaly rule's
 * z-score against its own recent past. Evaluation at an instant is the same computation over a range
 * of one step, so the live evaluator, rules.preview and an alert's chart can never disagree.
 *
 * Steps: the evaluation step is the recorder's interval; a rule whose windows are all at least an hour
 * (and multiples of 5 minutes) is read at a 5-minute step, from the rollups, so a daily budget does not
 * scan a day of raw samples every cycle. A window then covers whole steps up to the current one
 * (metrics-query.ts): up to one step more than asked.
 */
import type { AlertRule, AnomalyRule, Comparison, MetricQuery } from '../../../src-shared/domain/alerts';
import { parseDurationMs } from '../../../src-shared/domain/alerts';
import type { MetricPoint } from '../../../src-shared/domain/metrics-query';
import type { MetricsQueryService } from '../telemetry/metrics-query';
import { compare } from './alert-state';
import type { InstantQuery } from './instant-query';

export const AI_COST_METRIC = 'novel_engine_ai_cost_dollars_total';
const ROLLUP_STEP_S = 300;
/** An anomaly score past this is reported as this (a flat baseline makes any change infinite). */
export const MAX_SCORE = 1e6;

export interface RuleSeries {
  labels: Record<string, string>;
  points: MetricPoint[];
}

export interface Condition {
  comparison: Comparison;
  threshold: number;
  holds(value: number): boolean;
}

/** The comparison a rule makes (anomaly `both` compares |z|). */
export function conditionOf(rule: AlertRule): Condition {
  switch (rule.kind) {
    case 'threshold':
      return { comparison: rule.comparison, threshold: rule.threshold, holds: (value) => compare(value, rule.comparison, rule.threshold) };
    case 'budget':
      return { comparison: '>', threshold: rule.budgetDollars, holds: (value) => value > rule.budgetDollars };
    case 'anomaly': {
      const bound = rule.zScore;
      if (rule.direction === 'below') return { comparison: '<', threshold: -bound, holds: (value) => value < -bound };
      if (rule.direction === 'both') return { comparison: '>', threshold: bound, holds: (value) => Math.abs(value) > bound };
      return { comparison: '>', threshold: bound, holds: (value) => value > bound };
    }
  }
}

/** The history queries a rule makes (for a budget rule, the one over the spend counter). */
export function queriesOf(rule: AlertRule): { query: MetricQuery; denominator: MetricQuery | undefined } {
  if (rule.kind === 'budget') {
    return {
      query: {
        metric: AI_COST_METRIC,
        matchers: rule.matchers,
        fn: 'increase',
        windowS: rule.period === 'hour' ? 3600 : 86_400,
        by: rule.by ?? [],
      },
      denominator: undefined,
    };
  }
  return { query: rule.query, denominator: rule.denominator };
}

/** The step an evaluation of this rule reads at (see the header). */
export function evaluationStepS(rule: AlertRule, evalStepS: number): number {
  const { query, denominator } = queriesOf(rule);
  const windows = [query.windowS, ...(denominator ? [denominator.windowS] : [])];
  const long = windows.every((windowS) => windowS >= 3600 && windowS % ROLLUP_STEP_S === 0);
  return long && evalStepS <= ROLLUP_STEP_S ? ROLLUP_STEP_S : evalStepS;
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function run(service: MetricsQueryService, query: MetricQuery, startMs: number, endMs: number, stepS: number): RuleSeries[] {
  return service.query({ ...query, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString(), stepS }).series;
}

/** The query's series, or the ratio query / denominator for series with the same labels (null where the denominator is 0). */
function valueSeries(service: MetricsQueryService, rule: AlertRule, startMs: number, endMs: number, stepS: number): RuleSeries[] {
  const { query, denominator } = queriesOf(rule);
  const numerators = run(service, query, startMs, endMs, stepS);
  if (!denominator || numerators.length === 0) return numerators;
  const denominators = new Map(run(service, denominator, startMs, endMs, stepS).map((series) => [labelKey(series.labels), series]));
  const ratios: RuleSeries[] = [];
  for (const series of numerators) {
    const below = denominators.get(labelKey(series.labels));
    if (!below) continue;
    const points: MetricPoint[] = series.points.map(([t, value], index) => {
      const divisor = below.points[index]?.[1] ?? null;
      return [t, value === null || divisor === null || divisor === 0 ? null : value / divisor];
    });
    if (points.some(([, value]) => value !== null)) ratios.push({ labels: series.labels, points });
  }
  return ratios;
}

/**
 * z-scores of `values` from point `from` on: each against the mean and standard deviation of the
 * `baseline` points before it (at least 2 present, else null).
 */
export function anomalyScores(values: readonly (number | null)[], baseline: number, from: number, minStddev: number): (number | null)[] {
  const sums = new Float64Array(values.length + 1);
  const squares = new Float64Array(values.length + 1);
  const counts = new Float64Array(values.length + 1);
  values.forEach((value, index) => {
    const present = value !== null;
    sums[index + 1] = (sums[index] as number) + (present ? value : 0);
    squares[index + 1] = (squares[index] as number) + (present ? value * value : 0);
    counts[index + 1] = (counts[index] as number) + (present ? 1 : 0);
  });
  const scores: (number | null)[] = [];
  for (let index = from; index < values.length; index += 1) {
    const value = values[index];
    const lo = Math.max(0, index - baseline);
    const count = (counts[index] as number) - (counts[lo] as number);
    if (value === null || value === undefined || count < 2) {
      scores.push(null);
      continue;
    }
    const mean = ((sums[index] as number) - (sums[lo] as number)) / count;
    const variance = Math.max(0, ((squares[index] as number) - (squares[lo] as number)) / count - mean * mean);
    const deviation = Math.max(Math.sqrt(variance), minStddev);
    const difference = value - mean;
    let score: number;
    if (deviation > 0) score = difference / deviation;
    else score = Math.abs(difference) < 1e-12 ? 0 : Math.sign(difference) * MAX_SCORE;
    scores.push(Math.max(-MAX_SCORE, Math.min(MAX_SCORE, score)));
  }
  return scores;
}

function anomalySeries(service: MetricsQueryService, rule: AnomalyRule, startMs: number, endMs: number, stepS: number): RuleSeries[] {
  const baselineMs = parseDurationMs(rule.baselineWindow) ?? 3_600_000;
  const stepMs = stepS * 1000;
  const baseline = Math.max(2, Math.ceil(baselineMs / stepMs));
  // +1: the range then holds the bucket of an end on a step boundary too (metrics.query stops before it).
  const wide = valueSeries(service, rule, startMs - baseline * stepMs, endMs + 1, stepS);
  return wide
    .map((series) => {
      const from = series.points.findIndex(([t]) => t >= Math.floor(startMs / stepMs) * stepMs);
      const first = from < 0 ? series.points.length : from;
      const scores = anomalyScores(
        series.points.map(([, value]) => value),
        baseline,
        first,
        rule.minStddev,
      );
      return { labels: series.labels, points: scores.map((score, index): MetricPoint => [series.points[first + index]?.[0] ?? 0, score]) };
    })
    .filter((series) => series.points.some(([, value]) => value !== null));
}

/** The compared value of every series of a rule over [startMs, endMs] at `stepS`. */
export function ruleRange(service: MetricsQueryService, rule: AlertRule, startMs: number, endMs: number, stepS: number): RuleSeries[] {
  if (rule.kind === 'anomaly') return anomalySeries(service, rule, startMs, endMs, stepS);
  return valueSeries(service, rule, startMs, endMs, stepS);
}

/** The anomaly baseline's step for an instant evaluation: about 240 points over the baseline window. */
function anomalyStepS(rule: AnomalyRule, evalStepS: number): number {
  const baselineS = (parseDurationMs(rule.baselineWindow) ?? 3_600_000) / 1000;
  const wanted = Math.max(evalStepS, baselineS / 240);
  return Math.ceil(wanted / evalStepS) * evalStepS;
}

type InstantValues = { labels: Record<string, string>; value: number }[];

/** The value (or ratio) of a rule's queries per series at one instant, read at `stepS`. */
function instantValues(rule: AlertRule, instant: InstantQuery, atMs: number, stepS: number): InstantValues {
  const { query, denominator } = queriesOf(rule);
  const numerators = instant.at(query, atMs, stepS);
  if (!denominator || numerators.length === 0) return numerators;
  const below = new Map(instant.at(denominator, atMs, stepS).map((one) => [labelKey(one.labels), one.value]));
  const ratios: InstantValues = [];
  for (const one of numerators) {
    const divisor = below.get(labelKey(one.labels));
    if (divisor === undefined || divisor === 0) continue;
    const value = one.value / divisor;
    if (Number.isFinite(value)) ratios.push({ labels: one.labels, value });
  }
  return ratios;
}

interface Baseline {
  signature: string;
  stepS: number;
  /** The last complete step bucket held. */
  lastBucket: number;
  /** Per series (label key): labels and value per complete bucket. */
  series: Map<string, { labels: Record<string, string>; values: Map<number, number> }>;
}

/**
 * The anomaly rules' baselines between evaluations: the value of each complete step bucket does not
 * change once the bucket is over, so an evaluation reads only the current bucket (and finalizes the one
 * just ended) instead of the whole baseline window; a cold or stale baseline is filled by one range query.
 */
export function createAnomalyBaselines() {
  const baselines = new Map<string, Baseline>();

  function record(baseline: Baseline, bucket: number, values: InstantValues): void {
    for (const one of values) {
      const key = labelKey(one.labels);
      let series = baseline.series.get(key);
      if (!series) {
        series = { labels: one.labels, values: new Map() };
        baseline.series.set(key, series);
      }
      series.values.set(bucket, one.value);
    }
  }

  return {
    scores(service: MetricsQueryService, instant: InstantQuery, rule: AnomalyRule, atMs: number, evalStepS: number): InstantValues {
      const stepS = anomalyStepS(rule, evalStepS);
      const stepMs = stepS * 1000;
      const size = Math.max(2, Math.ceil((parseDurationMs(rule.baselineWindow) ?? 3_600_000) / stepMs));
      const bucket = Math.floor(atMs / stepMs);
      const signature = JSON.stringify(rule);
      let baseline = baselines.get(rule.name);
      if (
        !baseline ||
        baseline.signature !== signature ||
        baseline.stepS !== stepS ||
        baseline.lastBucket < bucket - 2 ||
        baseline.lastBucket >= bucket
      ) {
        baseline = { signature, stepS, lastBucket: bucket - 1, series: new Map() };
        baselines.set(rule.name, baseline);
        for (const series of valueSeries(service, rule, (bucket - size) * stepMs, (bucket - 1) * stepMs + 1, stepS)) {
          for (const [t, value] of series.points)
            if (value !== null) record(baseline, Math.floor(t / stepMs), [{ labels: series.labels, value }]);
        }
      } else if (baseline.lastBucket === bucket - 2) {
        // The bucket that just ended, read once it is complete.
        record(baseline, bucket - 1, instantValues(rule, instant, (bucket - 1) * stepMs, stepS));
        baseline.lastBucket = bucket - 1;
      }
      const current = new Map(instantValues(rule, instant, atMs, stepS).map((one) => [labelKey(one.labels), one]));
      const scores: InstantValues = [];
      for (const [key, series] of baseline.series) {
        for (const old of series.values.keys()) if (old < bucket - size) series.values.delete(old);
        const now = current.get(key);
        if (!now) continue;
        const values: (number | null)[] = [];
        for (let k = bucket - size; k < bucket; k += 1) values.push(series.values.get(k) ?? null);
        values.push(now.value);
        const [score] = anomalyScores(values, size, size, rule.minStddev);
        if (score !== null && score !== undefined) scores.push({ labels: series.labels, value: score });
      }
      return scores;
    },
    forget(name: string): void {
      baselines.delete(name);
    },
  };
}

export type AnomalyBaselines = ReturnType<typeof createAnomalyBaselines>;

/** The compared value of every series of a rule now: one value per series (series without one are left out). */
export function ruleInstant(
  service: MetricsQueryService,
  rule: AlertRule,
  atMs: number,
  evalStepS: number,
  fast?: { instant: InstantQuery; baselines: AnomalyBaselines },
): InstantValues {
  if (fast) {
    // The hot path: one read per table for all series (instant-query.ts), the same values as the range.
    if (rule.kind === 'anomaly') return fast.baselines.scores(service, fast.instant, rule, atMs, evalStepS);
    return instantValues(rule, fast.instant, atMs, evaluationStepS(rule, evalStepS));
  }
  const stepS = rule.kind === 'anomaly' ? anomalyStepS(rule, evalStepS) : evaluationStepS(rule, evalStepS);
  const values: InstantValues = [];
  for (const series of ruleRange(service, rule, atMs, atMs, stepS)) {
    const value = series.points[series.points.length - 1]?.[1];
    if (value !== null && value !== undefined && Number.isFinite(value)) values.push({ labels: series.labels, value });
  }
  return values;
}
