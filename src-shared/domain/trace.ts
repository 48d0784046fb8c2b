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

const AttributeValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.array(z.number()), z.array(z.boolean())]);
export const Attributes = z.record(z.string(), AttributeValue);
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
