/**
 * Dashboard definitions (resources/dashboards/*.json): panels on Grafana's 24-column grid, each with the
 * metric queries it draws. The same definition drives the Dashboards page, image exports and the
 * Grafana JSON export, so a query here must say everything PromQL would.
 */
import { z } from 'zod';
import { MetricQuery } from './metrics-query';

export const PANEL_TYPES = ['timeseries', 'stat', 'gauge', 'bar', 'heatmap', 'table', 'text'] as const;
export type PanelType = (typeof PANEL_TYPES)[number];
export const UNITS = [
  'none',
  'count',
  'percent',
  'ratio',
  'seconds',
  'milliseconds',
  'bytes',
  'dollars',
  'per_hour',
  'per_second',
] as const;
export type Unit = (typeof UNITS)[number];

export const PanelQuery = MetricQuery.extend({
  /** Short name of this query in the panel (A, B, …). */
  ref: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
  /** Legend template: `{{label}}` is replaced by the series' label value. */
  legend: z.string().max(200).optional(),
  /** Values are multiplied by this (e.g. 3600 to show a per-second rate per hour, 100 for percent). */
  scale: z.number().positive().default(1),
  /** When set, each point is divided by the summed points of this query at the same time (ratios). */
  denominator: MetricQuery.optional(),
});
export type PanelQuery = z.infer<typeof PanelQuery>;

export const THRESHOLD_COLORS = ['green', 'yellow', 'orange', 'red', 'blue'] as const;
/** From `value` up (to the next threshold) a value shows in `color`; Grafana's absolute thresholds. */
export const Threshold = z.strictObject({ value: z.number(), color: z.enum(THRESHOLD_COLORS) });

/** A number shown as a word (circuit-breaker state 2 -> "open"), Grafana's value mappings. */
export const ValueMapping = z.strictObject({
  value: z.number(),
  text: z.string().min(1).max(40),
  color: z.enum(THRESHOLD_COLORS).optional(),
});
export type ValueMapping = z.infer<typeof ValueMapping>;

export const Panel = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1).max(120),
    description: z.string().max(1000).default(''),
    type: z.enum(PANEL_TYPES),
    gridPos: z.strictObject({
      x: z.number().int().min(0).max(23),
      y: z.number().int().min(0),
      w: z.number().int().min(1).max(24),
      h: z.number().int().min(2).max(40),
    }),
    unit: z.enum(UNITS).default('none'),
    decimals: z.number().int().min(0).max(6).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    thresholds: z.array(Threshold).max(10).default([]),
    mappings: z.array(ValueMapping).max(20).default([]),
    queries: z.array(PanelQuery).max(10).default([]),
    /**
     * Plain text (no Markdown): the body of a `text` panel; on any other panel, what its empty state
     * says about where the data comes from (e.g. a metric that lands with a later feature).
     */
    text: z.string().max(2000).optional(),
  })
  .superRefine((panel, context) => {
    if (panel.gridPos.x + panel.gridPos.w > 24) {
      context.addIssue({
        code: 'custom',
        path: ['gridPos', 'w'],
        message: `x + w must be at most 24 (the grid's width), got ${panel.gridPos.x + panel.gridPos.w}`,
      });
    }
    if (panel.type === 'text' && !panel.text) {
      context.addIssue({ code: 'custom', path: ['text'], message: 'a text panel needs its text' });
    }
    if (panel.type !== 'text' && panel.queries.length === 0) {
      context.addIssue({ code: 'custom', path: ['queries'], message: `a ${panel.type} panel needs at least one query` });
    }
    const refs = panel.queries.map((query) => query.ref);
    const repeated = refs.find((ref, index) => refs.indexOf(ref) !== index);
    if (repeated) context.addIssue({ code: 'custom', path: ['queries'], message: `query ref "${repeated}" is used twice` });
    for (const [index, query] of panel.queries.entries()) {
      if (query.fn === 'quantile' && query.q === undefined) {
        context.addIssue({ code: 'custom', path: ['queries', index, 'q'], message: 'fn quantile needs q (0..1)' });
      }
    }
  });
export type Panel = z.infer<typeof Panel>;

export const TIME_RANGES = ['15m', '1h', '6h', '24h', '7d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

export const Dashboard = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1).max(120),
  description: z.string().max(1000).default(''),
  defaultRange: z.enum(TIME_RANGES).default('1h'),
  refreshS: z.number().int().min(5).max(3600).default(30),
  panels: z
    .array(Panel)
    .min(1)
    .max(60)
    .refine((panels) => new Set(panels.map((panel) => panel.id)).size === panels.length, 'panel ids must be unique within a dashboard'),
});
export type Dashboard = z.infer<typeof Dashboard>;
