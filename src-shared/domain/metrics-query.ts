/**
 * Range queries over the recorded metrics history (SPEC section 2): which series, which function over
 * which window, at which step. The engine answers them with SQL doing the bucketing; dashboards, alert
 * rules and exports all speak this one shape.
 */
import { z } from 'zod';

export const METRIC_FUNCTIONS = ['last', 'avg', 'max', 'min', 'rate', 'increase', 'quantile'] as const;
export type MetricFunction = (typeof METRIC_FUNCTIONS)[number];

export const MATCHER_OPS = ['=', '!=', '=~', '!~'] as const;

/** Prometheus-style metric and label names. */
const MetricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'not a metric name');
const LabelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'not a label name');

export const LabelMatcher = z.strictObject({
  label: LabelName,
  op: z.enum(MATCHER_OPS).default('='),
  /** A literal for = and !=, an anchored regular expression (RE2 subset) for =~ and !~. */
  value: z.string().max(500),
});
export type LabelMatcher = z.infer<typeof LabelMatcher>;

/** One query: what a dashboard panel, an alert rule or an export asks of the history. */
export const MetricQuery = z.strictObject({
  /** The metric's name; for histograms the base name (without _bucket/_sum/_count). */
  metric: MetricName,
  matchers: z.array(LabelMatcher).max(20).default([]),
  fn: z.enum(METRIC_FUNCTIONS),
  /** The quantile for fn = quantile (histograms only), 0..1. */
  q: z.number().min(0).max(1).optional(),
  /** The function's look-back window in seconds (rate over 5 m = 300). */
  windowS: z
    .number()
    .int()
    .min(1)
    .max(90 * 86_400)
    .default(300),
  /** Sum the matching series, keeping only these labels (like PromQL's `sum by (...)`); absent = every series apart. */
  by: z.array(LabelName).max(10).optional(),
});
export type MetricQuery = z.infer<typeof MetricQuery>;
export type MetricQueryInput = z.input<typeof MetricQuery>;

export const MetricsQueryRequest = MetricQuery.extend({
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  /** Seconds between points; absent = chosen so a series has at most ~1,000 points. */
  stepS: z.number().int().min(1).max(86_400).optional(),
});

export type MetricPoint = [number, number | null];

function isPoints(value: unknown): value is MetricPoint[] {
  if (!Array.isArray(value)) return false;
  for (const point of value) {
    if (!Array.isArray(point) || point.length !== 2 || !Number.isFinite(point[0])) return false;
    if (point[1] !== null && !Number.isFinite(point[1])) return false;
  }
  return true;
}

/**
 * Checked by one predicate per series rather than a zod tuple per point: a 7-day dashboard answers
 * ~20,000 points per refresh and the tuples were most of the response check.
 */
const MetricPoints = z.custom<MetricPoint[]>(isPoints, 'points must be [epoch ms, finite number | null] pairs');

export const MetricSeries = z.strictObject({
  labels: z.record(z.string(), z.string()),
  /** [epoch milliseconds, value]; null where the window held no samples. */
  points: MetricPoints,
});
export type MetricSeries = z.infer<typeof MetricSeries>;

export const MetricsQueryResponse = z.strictObject({
  series: z.array(MetricSeries),
  stepS: z.number().int().positive(),
  /** Which table answered: raw samples, or the 5-minute rollups for ranges past raw retention. */
  resolution: z.enum(['raw', 'rollup']),
});
export type MetricsQueryResponse = z.infer<typeof MetricsQueryResponse>;

export const METRIC_TYPES = ['counter', 'gauge', 'histogram', 'summary'] as const;

export const MetricCatalogEntry = z.strictObject({
  name: z.string(),
  type: z.enum(METRIC_TYPES),
  help: z.string(),
  labels: z.array(z.string()),
});
export type MetricCatalogEntry = z.infer<typeof MetricCatalogEntry>;

export const MetricsTick = z.strictObject({
  /** When the recorder took this snapshot. */
  at: z.iso.datetime(),
  seriesCount: z.number().int().nonnegative(),
  samplesWritten: z.number().int().nonnegative(),
});
export type MetricsTick = z.infer<typeof MetricsTick>;
