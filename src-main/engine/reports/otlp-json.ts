/**
 * Kept traces <-> OTLP JSON (SPEC section 8): an ExportTraceServiceRequest in the protobuf JSON mapping
 * as the OpenTelemetry collector, Jaeger (`/api/v3`, the OTLP receiver) and Tempo read it — ids as hex,
 * times as decimal strings of nanoseconds, kind and status code as their enum numbers, attributes as
 * KeyValue/AnyValue. Each trace is one resourceSpans, written field for field (key order included) as
 * the official transformer (@opentelemetry/otlp-transformer, JsonTraceSerializer) writes the same spans,
 * so a file of a million spans is written trace by trace, never held whole.
 *
 * Importing reads the same subset back, checked by a zod schema that names the first wrong field; the
 * ids, names, kinds, times (microseconds, as stored), statuses, attributes and events round-trip. Links
 * have no place in the trace store and are not kept; neither are resources other than the console's own,
 * whose attributes (service.name, …) are folded into each span's attributes so the origin stays visible.
 */
import type { IAnyValue, IKeyValue } from '@opentelemetry/otlp-transformer/build/src/common/internal-types';
import type { IResourceSpans, ISpan } from '@opentelemetry/otlp-transformer/build/src/trace/internal-types';
import { z } from 'zod';
import {
  type Attributes,
  type AttributeValue,
  type KeptReason,
  SPAN_KINDS,
  SPAN_STATUSES,
  type SpanEvent,
  type TraceDetail,
  type TraceSpan,
} from '../../../src-shared/domain/trace';
import { ContractError } from '../../../src-shared/errors';
import { decideTrace } from '../telemetry/tail-sampler';
import { roundCost, roundMs } from '../telemetry/trace-store';

/** The console's resource, as its tracer provider declares it (telemetry/tracing.ts). */
export const CONSOLE_SERVICE_NAME = 'novel-console';
export const CONSOLE_SCOPE_NAME = 'novel-console';

/** W3C trace flags `sampled` (kept traces are sampled) with OTLP's "has is_remote" bit: what the SDK writes for a local parent. */
export const KEPT_SPAN_FLAGS = 0x101;

export interface OtlpResource {
  attributes: Readonly<Record<string, AttributeValue>>;
}

export function consoleResource(serviceVersion: string): OtlpResource {
  return { attributes: { 'service.name': CONSOLE_SERVICE_NAME, 'service.version': serviceVersion } };
}

// ---------------------------------------------------------------------------------------------------
// Export

/** An attribute value as OTLP AnyValue: the transformer's toAnyValue (integers as intValue numbers). */
export function toAnyValue(value: AttributeValue): IAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return { arrayValue: { values: (value as readonly (string | number | boolean)[]).map((item) => toAnyValue(item)) } };
}

export function toKeyValues(attributes: Readonly<Record<string, AttributeValue>>): IKeyValue[] {
  return Object.keys(attributes).map((key) => ({ key, value: toAnyValue(attributes[key] as AttributeValue) }));
}

/** Epoch milliseconds (microsecond precision, as stored) as integer microseconds. */
function micros(ms: number): number {
  return Math.round(ms * 1000);
}

/** Integer microseconds as OTLP's decimal string of nanoseconds. */
function nanosOfMicros(us: number): string {
  return us === 0 ? '0' : `${us}000`;
}

export function otlpSpanOf(traceId: string, span: TraceSpan): ISpan {
  const startUs = micros(span.startMs);
  const status = SPAN_STATUSES.indexOf(span.status);
  const otlp: ISpan = {
    traceId,
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    name: span.name,
    kind: SPAN_KINDS.indexOf(span.kind) + 1,
    startTimeUnixNano: nanosOfMicros(startUs),
    endTimeUnixNano: nanosOfMicros(startUs + micros(span.durationMs)),
    attributes: toKeyValues(span.attributes),
    droppedAttributesCount: 0,
    events: span.events.map((event) => ({
      attributes: toKeyValues(event.attributes),
      name: event.name,
      timeUnixNano: nanosOfMicros(micros(event.timeMs)),
      droppedAttributesCount: 0,
    })),
    droppedEventsCount: 0,
    status: span.statusMessage === null ? { code: status } : { code: status, message: span.statusMessage },
    links: [],
    droppedLinksCount: 0,
    flags: KEPT_SPAN_FLAGS,
  };
  return otlp;
}

/** One trace as one resourceSpans (the console's resource and scope). */
export function resourceSpansOf(trace: TraceDetail, resource: OtlpResource): IResourceSpans {
  return {
    resource: { attributes: toKeyValues(resource.attributes), droppedAttributesCount: 0 },
    scopeSpans: [{ scope: { name: CONSOLE_SCOPE_NAME }, spans: trace.spans.map((span) => otlpSpanOf(trace.traceId, span)) }],
  };
}

/**
 * An ExportTraceServiceRequest as JSON text, chunk by chunk: the opening, then one resourceSpans per
 * trace as the traces come (so `traces` may be a lazy walk over the store), then the closing.
 */
export function* otlpJsonChunks(traces: Iterable<TraceDetail>, resource: OtlpResource): Generator<string> {
  yield '{"resourceSpans":[';
  let first = true;
  for (const trace of traces) {
    yield `${first ? '' : ','}${JSON.stringify(resourceSpansOf(trace, resource))}`;
    first = false;
  }
  yield ']}';
}

// ---------------------------------------------------------------------------------------------------
// Import

const HEX_TRACE_ID = /^[0-9a-fA-F]{32}$/;
const HEX_SPAN_ID = /^[0-9a-fA-F]{16}$/;
const NANOS = z.union([z.string().regex(/^\d{1,20}$/, 'a decimal count of nanoseconds'), z.number().int().nonnegative()]);
const KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

export type OtlpAnyValue = {
  stringValue?: string | null | undefined;
  boolValue?: boolean | null | undefined;
  intValue?: string | number | null | undefined;
  doubleValue?: string | number | null | undefined;
  bytesValue?: string | undefined;
  arrayValue?: { values?: OtlpAnyValue[] | undefined } | undefined;
  kvlistValue?: { values?: { key: string; value?: OtlpAnyValue | undefined }[] | undefined } | undefined;
};

const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * OTLP's AnyValue, checked by one predicate rather than a zod union per value: a large file holds
 * millions of attribute values, and the union made up most of an import's time.
 */
export function isOtlpAnyValue(value: unknown, depth = 0): value is OtlpAnyValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 8) return false;
  const any = value as Record<string, unknown>;
  for (const key in any) {
    const item = any[key];
    if (item === null || item === undefined) continue;
    switch (key) {
      case 'stringValue':
      case 'bytesValue':
        if (typeof item !== 'string') return false;
        break;
      case 'boolValue':
        if (typeof item !== 'boolean') return false;
        break;
      // proto3 JSON writes int64 as a string; the JS SDK writes a number (any integral double, even past 2^53).
      case 'intValue':
        if (!(typeof item === 'number' ? Number.isFinite(item) : typeof item === 'string' && INTEGER_TEXT.test(item))) return false;
        break;
      case 'doubleValue':
        if (!(typeof item === 'number' || (typeof item === 'string' && (NUMBER_TEXT.test(item) || /^(-?Infinity|NaN)$/.test(item)))))
          return false;
        break;
      case 'arrayValue': {
        const values = (item as { values?: unknown }).values;
        if (
          typeof item !== 'object' ||
          (values !== undefined && (!Array.isArray(values) || !values.every((v) => isOtlpAnyValue(v, depth + 1))))
        ) {
          return false;
        }
        break;
      }
      case 'kvlistValue': {
        const values = (item as { values?: unknown }).values;
        const valid = (entry: unknown) =>
          typeof entry === 'object' &&
          entry !== null &&
          typeof (entry as { key?: unknown }).key === 'string' &&
          ((entry as { value?: unknown }).value === undefined || isOtlpAnyValue((entry as { value?: unknown }).value, depth + 1));
        if (typeof item !== 'object' || (values !== undefined && (!Array.isArray(values) || !values.every(valid)))) return false;
        break;
      }
      default:
        // Unknown fields are left for newer writers.
        break;
    }
  }
  return true;
}

type OtlpKeyValue = { key: string; value?: OtlpAnyValue | undefined };

function isKeyValues(value: unknown): value is OtlpKeyValue[] {
  if (!Array.isArray(value)) return false;
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null || typeof entry.key !== 'string' || entry.key === '') return false;
    if (entry.value !== undefined && !isOtlpAnyValue(entry.value)) return false;
  }
  return true;
}

const KeyValuesSchema = z
  .custom<OtlpKeyValue[]>(
    isKeyValues,
    'a list of attributes: [{ "key": "name", "value": AnyValue }], AnyValue one of stringValue, boolValue, intValue, doubleValue, arrayValue, kvlistValue, bytesValue',
  )
  .optional();

const SpanSchema = z.looseObject({
  traceId: z.string().regex(HEX_TRACE_ID, 'a trace id of 32 hex digits'),
  spanId: z.string().regex(HEX_SPAN_ID, 'a span id of 16 hex digits'),
  parentSpanId: z.union([z.literal(''), z.string().regex(HEX_SPAN_ID, 'a span id of 16 hex digits')]).optional(),
  name: z.string().min(1),
  kind: z.union([z.number().int().min(0).max(5), z.enum(KIND_NAMES)]).optional(),
  startTimeUnixNano: NANOS,
  endTimeUnixNano: NANOS,
  attributes: KeyValuesSchema,
  events: z.array(z.looseObject({ timeUnixNano: NANOS, name: z.string(), attributes: KeyValuesSchema })).optional(),
  status: z
    .looseObject({ code: z.union([z.number().int().min(0).max(2), z.enum(STATUS_NAMES)]).optional(), message: z.string().optional() })
    .optional(),
});

export const OtlpTraceRequestSchema = z.looseObject({
  resourceSpans: z.array(
    z.looseObject({
      resource: z.looseObject({ attributes: KeyValuesSchema }).optional(),
      scopeSpans: z.array(z.looseObject({ spans: z.array(SpanSchema).optional() })).optional(),
    }),
  ),
});
export type OtlpTraceRequest = z.infer<typeof OtlpTraceRequestSchema>;

/** An AnyValue as a console attribute value; undefined for an empty value (skipped). */
export function fromAnyValue(value: OtlpAnyValue | undefined): AttributeValue | undefined {
  if (!value) return undefined;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (value.intValue !== undefined && value.intValue !== null) return Number(value.intValue);
  if (value.doubleValue !== undefined && value.doubleValue !== null) {
    // NaN and the infinities are no attribute values of the console: kept as their text.
    const number = Number(value.doubleValue);
    return Number.isFinite(number) ? number : String(value.doubleValue);
  }
  if (typeof value.bytesValue === 'string') return value.bytesValue;
  if (value.arrayValue) {
    const items = (value.arrayValue.values ?? []).map(fromAnyValue).filter((item) => item !== undefined);
    // The console keeps homogeneous arrays of primitives (OpenTelemetry's attribute rule); anything else as text.
    const first = typeof items[0];
    if (items.every((item) => typeof item === first && (first === 'string' || first === 'number' || first === 'boolean'))) {
      return items as AttributeValue;
    }
    return items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  if (value.kvlistValue) {
    const entries = (value.kvlistValue.values ?? []).map((entry) => [entry.key, fromAnyValue(entry.value)]);
    return JSON.stringify(Object.fromEntries(entries));
  }
  return undefined;
}

function fromKeyValues(keyValues: readonly { key: string; value?: OtlpAnyValue | undefined }[] | undefined): Attributes {
  const attributes: Attributes = {};
  for (const { key, value } of keyValues ?? []) {
    const converted = fromAnyValue(value);
    if (converted === undefined) continue;
    // defineProperty for __proto__: that key is data here, not the object's prototype.
    if (key === '__proto__')
      Object.defineProperty(attributes, key, { value: converted, enumerable: true, writable: true, configurable: true });
    else attributes[key] = converted;
  }
  return attributes;
}

/** Nanoseconds (string or number) as epoch milliseconds, at the store's microsecond precision. */
function msOfNanos(nanos: string | number): number {
  // Whole microseconds of a decimal string: its digits but the last three (the schema allows digits only).
  const us = typeof nanos === 'number' ? Math.round(nanos / 1000) : nanos.length > 3 ? Number(nanos.slice(0, -3)) : 0;
  return us / 1000;
}

function kindOf(kind: number | string | undefined): TraceSpan['kind'] {
  const index = typeof kind === 'string' ? KIND_NAMES.indexOf(kind) : (kind ?? 0);
  return SPAN_KINDS[Math.max(0, index - 1)] ?? 'internal';
}

function statusOf(code: number | string | undefined): TraceSpan['status'] {
  const index = typeof code === 'string' ? STATUS_NAMES.indexOf(code) : (code ?? 0);
  return SPAN_STATUSES[index] ?? 'unset';
}

/** A trace's summary from its spans, as the span exporter would have written it (root = a span without a parent in the trace). */
export function traceDetailOf(traceId: string, spans: TraceSpan[]): TraceDetail {
  const ids = new Set(spans.map((span) => span.spanId));
  const roots = spans.filter((span) => span.parentSpanId === null || !ids.has(span.parentSpanId));
  // The local root ends last (the exporter's order); among several, the longest-running one.
  const root = roots.reduce<TraceSpan | undefined>(
    (best, span) => (best === undefined || span.startMs + span.durationMs >= best.startMs + best.durationMs ? span : best),
    undefined,
  ) as TraceSpan;
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  let errorCount = 0;
  let cost = 0;
  for (const span of spans) {
    startMs = Math.min(startMs, span.startMs);
    endMs = Math.max(endMs, span.startMs + span.durationMs);
    if (span.status === 'error') errorCount += 1;
    const spanCost = span.attributes['ai.cost'];
    if (typeof spanCost === 'number') cost += spanCost;
  }
  const turnId = root.attributes['turn.id'];
  const campaignId = root.attributes['campaign.id'];
  const origin = root.attributes['turn.origin'];
  const totalCost = root.attributes['turn.total_cost'];
  // The tail sampler's own rule, from the same facts, gives the reason the exporting console kept it;
  // a trace that console would have dropped (it was kept elsewhere) counts as sampled.
  const keptReason: KeptReason =
    decideTrace({
      traceId,
      hasError: errorCount > 0,
      rootDurationMs: root.durationMs,
      origin: typeof origin === 'string' ? origin : undefined,
      totalCost: typeof totalCost === 'number' ? totalCost : undefined,
    }) ?? 'sampled';
  return {
    traceId,
    rootName: root.name,
    startedAt: new Date(roundMs(startMs)).toISOString(),
    durationMs: roundMs(Math.max(0, endMs - startMs)),
    status: errorCount > 0 ? 'error' : 'ok',
    spanCount: spans.length,
    errorCount,
    turnId: typeof turnId === 'string' ? turnId : null,
    campaignId: typeof campaignId === 'string' ? campaignId : null,
    cost: roundCost(cost),
    keptReason,
    spans,
  };
}

/** Why a file is not an OTLP JSON trace export: one sentence naming the first wrong field. */
function invalidFile(message: string, issues?: { field: string; message: string }[]): ContractError {
  return new ContractError('invalid_request', `not an OTLP JSON trace export (ExportTraceServiceRequest): ${message}`, issues);
}

function isConsoleResource(attributes: Attributes): boolean {
  return attributes['service.name'] === CONSOLE_SERVICE_NAME;
}

/**
 * Parses and checks OTLP JSON text; returns its traces (spans grouped by trace id, in file order).
 * Throws invalid_request naming what is wrong: not JSON (a truncated file), or the first field off the schema.
 */
export function parseOtlpTraces(text: string): TraceDetail[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidFile(`the file is not valid JSON (${(error as Error).message}); it may be truncated`);
  }
  const parsed = OtlpTraceRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
    const first = issues[0] as { field: string; message: string };
    throw invalidFile(`${first.field || '(root)'}: ${first.message}`, issues);
  }
  const byTrace = new Map<string, TraceSpan[]>();
  const seen = new Set<string>();
  parsed.data.resourceSpans.forEach((resourceSpans, r) => {
    const resource = fromKeyValues(resourceSpans.resource?.attributes);
    const folded = isConsoleResource(resource) ? {} : resource;
    (resourceSpans.scopeSpans ?? []).forEach((scopeSpans, s) => {
      (scopeSpans.spans ?? []).forEach((span, index) => {
        const traceId = span.traceId.toLowerCase();
        const spanId = span.spanId.toLowerCase();
        const key = `${traceId}/${spanId}`;
        if (seen.has(key))
          throw invalidFile(`resourceSpans.${r}.scopeSpans.${s}.spans.${index}: span ${spanId} appears twice in trace ${traceId}`);
        seen.add(key);
        const startMs = msOfNanos(span.startTimeUnixNano);
        const endMs = msOfNanos(span.endTimeUnixNano);
        if (endMs < startMs) {
          throw invalidFile(`resourceSpans.${r}.scopeSpans.${s}.spans.${index}.endTimeUnixNano: the span ends before it starts`);
        }
        const events: SpanEvent[] = (span.events ?? []).map((event) => ({
          name: event.name,
          timeMs: msOfNanos(event.timeUnixNano),
          attributes: fromKeyValues(event.attributes),
        }));
        const converted: TraceSpan = {
          spanId,
          parentSpanId: span.parentSpanId ? span.parentSpanId.toLowerCase() : null,
          name: span.name,
          kind: kindOf(span.kind),
          startMs,
          durationMs: roundMs(endMs - startMs),
          status: statusOf(span.status?.code),
          statusMessage: span.status?.message ?? null,
          attributes: { ...folded, ...fromKeyValues(span.attributes) },
          events,
        };
        const spans = byTrace.get(traceId);
        if (spans) spans.push(converted);
        else byTrace.set(traceId, [converted]);
      });
    });
  });
  if (byTrace.size === 0) throw invalidFile('it holds no spans');
  return [...byTrace].map(([traceId, spans]) => traceDetailOf(traceId, spans));
}
