/**
 * Traces as the console stores and shows them (SPEC section 3): a summary row to search, and the kept
 * trace's spans with times in epoch milliseconds. Attribute names keep OpenTelemetry's (gen_ai.*).
 */
import { z } from 'zod';

export const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const;
export const SPAN_STATUSES = ['unset', 'ok', 'error'] as const;
export type SpanStatus = (typeof SPAN_STATUSES)[number];
/** Why the tail sampler kept a trace. */
export const KEPT_REASONS = ['error', 'slow', 'ui', 'costly', 'sampled'] as const;
export type KeptReason = (typeof KEPT_REASONS)[number];

export type AttributeValue = string | number | boolean | string[] | number[] | boolean[];

/** OpenTelemetry's attribute values: a primitive, or a homogeneous array of one. */
function isAttributeValue(value: unknown): value is AttributeValue {
  const type = typeof value;
  if (type === 'string' || type === 'boolean') return true;
  if (type === 'number') return Number.isFinite(value);
  if (!Array.isArray(value)) return false;
  if (value.length === 0) return true;
  const first = typeof value[0];
  if (first !== 'string' && first !== 'number' && first !== 'boolean') return false;
  return value.every((item) => typeof item === first && (first !== 'number' || Number.isFinite(item)));
}

function isAttributes(value: unknown): value is Record<string, AttributeValue> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (!isAttributeValue((value as Record<string, unknown>)[key])) return false;
  return true;
}

/**
 * Checked by one predicate per attribute map rather than a zod union per value: a 10,000-span trace
 * carries ~100,000 attributes, and the union made up most of traces.get's response check (25 -> 10 ms).
 */
export const Attributes = z.custom<Record<string, AttributeValue>>(
  isAttributes,
  'attributes must map names to strings, numbers, booleans or arrays of one of those',
);
export type Attributes = z.infer<typeof Attributes>;

export const SpanEvent = z.strictObject({
  name: z.string(),
  timeMs: z.number(),
  attributes: Attributes,
});
export type SpanEvent = z.infer<typeof SpanEvent>;

export const TraceSpan = z.strictObject({
  spanId: z.string(),
  parentSpanId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(SPAN_KINDS),
  startMs: z.number(),
  durationMs: z.number().nonnegative(),
  status: z.enum(SPAN_STATUSES),
  statusMessage: z.string().nullable(),
  attributes: Attributes,
  /** Exceptions are events named "exception" with exception.type / exception.message / exception.stacktrace. */
  events: z.array(SpanEvent),
});
export type TraceSpan = z.infer<typeof TraceSpan>;

export const TraceSummary = z.strictObject({
  traceId: z.string().regex(/^[0-9a-f]{32}$/),
  rootName: z.string(),
  startedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  status: z.enum(['ok', 'error']),
  spanCount: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  turnId: z.string().nullable(),
  campaignId: z.string().nullable(),
  /** Sum of ai.cost over the trace's spans, in dollars. */
  cost: z.number().nonnegative(),
  keptReason: z.enum(KEPT_REASONS),
});
export type TraceSummary = z.infer<typeof TraceSummary>;

export const TraceDetail = TraceSummary.extend({ spans: z.array(TraceSpan) });
export type TraceDetail = z.infer<typeof TraceDetail>;

export const TracesSearchRequest = z.strictObject({
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  status: z.enum(['ok', 'error']).optional(),
  minDurationMs: z.number().nonnegative().optional(),
  minCost: z.number().nonnegative().optional(),
  campaignId: z.string().min(1).max(200).optional(),
  turnId: z.string().min(1).max(200).optional(),
  /** Traces having a span whose name contains this text. */
  spanName: z.string().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});
