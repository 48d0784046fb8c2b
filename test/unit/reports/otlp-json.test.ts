/**
 * Kept traces as OTLP JSON (SPEC section 8): the file is, byte for byte, what the official OTLP
 * transformer (@opentelemetry/otlp-transformer's JsonTraceSerializer, the serializer the OTLP/HTTP JSON
 * exporter sends to collectors) writes for the same spans; an export re-imports to the same traces and
 * re-exports to the same bytes; a file off the schema is refused naming the field.
 */
import type { HrTime } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { IExportTraceServiceRequest } from '@opentelemetry/otlp-transformer/build/src/trace/internal-types';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONSOLE_SCOPE_NAME,
  consoleResource,
  type OtlpResource,
  otlpJsonChunks,
  parseOtlpTraces,
  traceDetailOf,
} from '../../../src-main/engine/reports/otlp-json';
import { type AttributeValue, SPAN_KINDS, SPAN_STATUSES, type TraceDetail, type TraceSpan } from '../../../src-shared/domain/trace';
import { ContractError } from '../../../src-shared/errors';
import { syntheticTrace } from '../../fixtures/synthetic-trace';

const RESOURCE = consoleResource('9.9.9');

/** Epoch ms at the store's microsecond precision as the SDK's [seconds, nanoseconds]. */
function hrTime(ms: number): HrTime {
  const us = Math.round(ms * 1000);
  return [Math.floor(us / 1e6), (us % 1e6) * 1000];
}

/**
 * A stored trace as the SDK's ReadableSpans: what the tracer handed the exporters. Each trace gets its
 * own resource object (the transformer groups spans by resource identity), so one resourceSpans per trace.
 */
function readableSpans(trace: TraceDetail, resource: OtlpResource): ReadableSpan[] {
  const resourceObject = { attributes: resource.attributes };
  return trace.spans.map((span) => {
    const startUs = Math.round(span.startMs * 1000);
    const endUs = startUs + Math.round(span.durationMs * 1000);
    return {
      name: span.name,
      kind: SPAN_KINDS.indexOf(span.kind),
      spanContext: () => ({ traceId: trace.traceId, spanId: span.spanId, traceFlags: 1 }),
      parentSpanContext: span.parentSpanId ? { traceId: trace.traceId, spanId: span.parentSpanId, traceFlags: 1 } : undefined,
      startTime: hrTime(startUs / 1000),
      endTime: hrTime(endUs / 1000),
      duration: hrTime((endUs - startUs) / 1000),
      status:
        span.statusMessage === null
          ? { code: SPAN_STATUSES.indexOf(span.status) }
          : { code: SPAN_STATUSES.indexOf(span.status), message: span.statusMessage },
      attributes: span.attributes,
      links: [],
      events: span.events.map((event) => ({ name: event.name, time: hrTime(event.timeMs), attributes: event.attributes })),
      ended: true,
      resource: resourceObject,
      instrumentationScope: { name: CONSOLE_SCOPE_NAME },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    } as unknown as ReadableSpan;
  });
}

function officialJson(traces: readonly TraceDetail[]): string {
  return new TextDecoder().decode(JsonTraceSerializer.serializeRequest(traces.flatMap((trace) => readableSpans(trace, RESOURCE))));
}

function ourJson(traces: readonly TraceDetail[]): string {
  return [...otlpJsonChunks(traces, RESOURCE)].join('');
}

const hexId = (digits: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${digits}}$`)).filter((id) => !/^0+$/.test(id));
const microsMs = (min: number, max: number) => fc.integer({ min: min * 1000, max: max * 1000 }).map((us) => us / 1000);
const primitive = fc.oneof(
  fc.string(),
  fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
  // Stored attributes come out of JSON, which has no -0: a stored trace can never hold one.
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value)),
  fc.boolean(),
);
const attributeValue: fc.Arbitrary<AttributeValue> = fc.oneof(
  primitive,
  fc.array(fc.string(), { maxLength: 3 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.array(fc.boolean(), { maxLength: 3 }),
);
const attributes = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter((key) => key !== '__proto__'),
  attributeValue,
  { maxKeys: 5 },
);

/** A stored trace: spans in a tree under one root (the last, as the exporter writes them), times in microseconds. */
const traceArbitrary: fc.Arbitrary<TraceDetail> = fc
  .record({
    traceId: hexId(32),
    startMs: microsMs(1_700_000_000_000, 1_800_000_000_000),
    spans: fc.uniqueArray(
      fc.record({
        spanId: hexId(16),
        name: fc.string({ minLength: 1, maxLength: 20 }),
        kind: fc.constantFrom(...SPAN_KINDS),
        offsetMs: microsMs(0, 5_000),
        durationMs: microsMs(0, 5_000),
        status: fc.constantFrom(...SPAN_STATUSES),
        statusMessage: fc.option(fc.string(), { nil: null }),
        attributes,
        events: fc.array(fc.record({ name: fc.string(), offsetMs: microsMs(0, 5_000), attributes }), { maxLength: 3 }),
        parentPick: fc.nat(),
      }),
      { minLength: 1, maxLength: 8, selector: (span) => span.spanId },
    ),
  })
  .map(({ traceId, startMs, spans }) => {
    const root = spans[spans.length - 1] as (typeof spans)[number];
    const converted: TraceSpan[] = spans.map((span, index) => ({
      spanId: span.spanId,
      parentSpanId: span === root ? null : (spans[(span.parentPick % (spans.length - index - 1)) + index + 1] as { spanId: string }).spanId,
      name: span.name,
      kind: span.kind,
      startMs: (Math.round(startMs * 1000) + Math.round(span.offsetMs * 1000)) / 1000,
      durationMs: span.durationMs,
      status: span.status,
      statusMessage: span.statusMessage,
      attributes: span.attributes,
      events: span.events.map((event) => ({
        name: event.name,
        timeMs: (Math.round(startMs * 1000) + Math.round(event.offsetMs * 1000)) / 1000,
        attributes: event.attributes,
      })),
    }));
    return traceDetailOf(traceId, converted);
  });

describe('OTLP JSON export', () => {
  it('writes a turn trace byte for byte as the official JsonTraceSerializer', () => {
    const trace = syntheticTrace({ spanCount: 400, seed: 7 });
    const ours = ourJson([trace]);
    expect(ours).toBe(officialJson([trace]));
    const request = JSON.parse(ours) as IExportTraceServiceRequest;
    const span = request.resourceSpans?.[0]?.scopeSpans[0]?.spans?.[0];
    expect(span?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span?.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(request.resourceSpans?.[0]?.resource?.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'novel-console' },
    });
  });

  it('equals the official serializer for any spans, one resourceSpans per trace', () => {
    fc.assert(
      fc.property(fc.array(traceArbitrary, { minLength: 0, maxLength: 3 }), (traces) => {
        expect(ourJson(traces)).toBe(officialJson(traces));
      }),
      { numRuns: 150 },
    );
  });

  it('encodes kinds, status codes, times and attribute types as the protobuf JSON mapping', () => {
    const trace = traceDetailOf('0af7651916cd43dd8448eb211c80319c', [
      {
        spanId: 'b7ad6b7169203331',
        parentSpanId: null,
        name: 'api.traces.get',
        kind: 'server',
        startMs: 1_763_876_707_123.457,
        durationMs: 1.5,
        status: 'error',
        statusMessage: 'boom',
        attributes: { s: 'x', i: 42, d: 0.25, b: true, a: ['p', 'q'] },
        events: [{ name: 'exception', timeMs: 1_763_876_707_124, attributes: { 'exception.message': 'boom' } }],
      },
    ]);
    const span = (JSON.parse(ourJson([trace])) as IExportTraceServiceRequest).resourceSpans?.[0]?.scopeSpans[0]?.spans?.[0];
    expect(span).toMatchObject({
      kind: 2,
      startTimeUnixNano: '1763876707123457000',
      endTimeUnixNano: '1763876707124957000',
      status: { code: 2, message: 'boom' },
      attributes: [
        { key: 's', value: { stringValue: 'x' } },
        { key: 'i', value: { intValue: 42 } },
        { key: 'd', value: { doubleValue: 0.25 } },
        { key: 'b', value: { boolValue: true } },
        { key: 'a', value: { arrayValue: { values: [{ stringValue: 'p' }, { stringValue: 'q' }] } } },
      ],
      events: [{ name: 'exception', timeUnixNano: '1763876707124000000' }],
    });
    expect(span && 'parentSpanId' in span).toBe(false);
  });
});

describe('OTLP JSON import', () => {
  it('round-trips: export, import, export gives the same bytes and the same traces', () => {
    fc.assert(
      fc.property(fc.array(traceArbitrary, { minLength: 1, maxLength: 3 }), (generated) => {
        // One trace per id (the arbitrary may repeat an id).
        const traces = [...new Map(generated.map((trace) => [trace.traceId, trace])).values()];
        const first = ourJson(traces);
        const imported = parseOtlpTraces(first);
        expect(imported).toEqual(traces);
        expect(ourJson(imported)).toBe(first);
      }),
      { numRuns: 150 },
    );
  });

  it('reads what other writers write: int64 as strings, enum names, ids in capitals, kvlists', () => {
    const [trace] = parseOtlpTraces(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
            scopeSpans: [
              {
                scope: { name: 'io.opentelemetry.servlet' },
                spans: [
                  {
                    traceId: '5B8EFFF798038103D269B633813FC60C',
                    spanId: 'EEE19B7EC3C1B174',
                    parentSpanId: '',
                    name: 'GET /cart',
                    kind: 'SPAN_KIND_SERVER',
                    startTimeUnixNano: '1544712660000000000',
                    endTimeUnixNano: '1544712661000000000',
                    attributes: [
                      { key: 'http.status_code', value: { intValue: '200' } },
                      { key: 'ctx', value: { kvlistValue: { values: [{ key: 'a', value: { stringValue: 'b' } }] } } },
                    ],
                    status: { code: 'STATUS_CODE_ERROR' },
                    links: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b175' }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(trace).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      rootName: 'GET /cart',
      startedAt: '2018-12-13T14:51:00.000Z',
      durationMs: 1000,
      status: 'error',
      keptReason: 'error',
      spans: [
        {
          spanId: 'eee19b7ec3c1b174',
          parentSpanId: null,
          kind: 'server',
          status: 'error',
          attributes: { 'service.name': 'checkout', 'http.status_code': 200, ctx: '{"a":"b"}' },
        },
      ],
    });
  });

  it.each([
    ['a truncated file', (text: string) => text.slice(0, text.length - 40), /not valid JSON .*truncated/],
    ['another JSON document', () => '{"resource":{}}', /resourceSpans: /],
    [
      'an id in base64',
      (text: string) => text.replace(/"traceId":"[0-9a-f]{32}"/, '"traceId":"CvdlGRbNQ92ESOshHIAxnA=="'),
      /traceId: a trace id of 32 hex digits/,
    ],
    [
      'a time that is not a number',
      (text: string) => text.replace(/"startTimeUnixNano":"\d+"/, '"startTimeUnixNano":"soon"'),
      /startTimeUnixNano/,
    ],
    ['no spans at all', () => '{"resourceSpans":[]}', /holds no spans/],
    [
      'an attribute value of the wrong type',
      (text: string) => text.replace(/"intValue":\d+/, '"intValue":"many"'),
      /\.attributes: a list of attributes/,
    ],
  ])('refuses %s with invalid_request naming what is wrong', (_label, corrupt, message) => {
    const text = corrupt(ourJson([syntheticTrace({ spanCount: 12, seed: 3 })]));
    let error: unknown;
    try {
      parseOtlpTraces(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).code).toBe('invalid_request');
    expect((error as ContractError).message).toMatch(/^not an OTLP JSON trace export/);
    expect((error as ContractError).message).toMatch(message);
  });
});
