/**
 * Writes kept traces to SQLite. Unlike the SDK's BatchSpanProcessor, which drops spans silently when its
 * queue is full, this queue never refuses a trace: when it holds `maxQueueSpans` spans it is written at
 * once, synchronously, in one transaction; a timer writes whatever waits, and close() writes the rest.
 * A failed write (disk full, database closed) is logged and counted, never thrown into the traced code.
 *
 * The prompt and completion of a successful AI call of a turn are already in the turn's provider
 * transcript (same text, same transaction discipline): the stored span names the transcript instead of
 * repeating the text (TRANSCRIPT_TEXT), which is most of a turn trace's bytes; the store puts the text
 * back when the trace is read. OTLP export gets the spans as they are, text included.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import type { KeptReason } from '../../../src-shared/domain/trace';
import type { Logger } from '../logger';
import type { SpanCounters } from './tail-sampler';
import { type EncodedEvent, type EncodedSpan, roundCost, roundMs, TRANSCRIPT_TEXT, type TraceRow, type TraceStore } from './trace-store';

function hrMs(time: [number, number]): number {
  return time[0] * 1000 + time[1] / 1e6;
}

const ERROR = 2;
const NO_ATTRIBUTES = {};
const TRANSCRIPT_EVENTS: ReadonlySet<string> = new Set(['gen_ai.content.prompt', 'gen_ai.content.completion']);

/** One kept trace as a store row: summary from the root (its last span) and spans encoded relative to the earliest start. */
export function traceRowOf(spans: readonly ReadableSpan[], keptReason: KeptReason): TraceRow {
  const root = spans[spans.length - 1] as ReadableSpan;
  const turnId = root.attributes['turn.id'];
  const campaignId = root.attributes['campaign.id'];
  const ofTurn = typeof turnId === 'string';
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    const start = hrMs(span.startTime);
    if (start < startMs) startMs = start;
    const end = hrMs(span.endTime);
    if (end > endMs) endMs = end;
  }
  startMs = roundMs(startMs);
  let errorCount = 0;
  let cost = 0;
  const names = new Set<string>();
  const encoded: EncodedSpan[] = new Array(spans.length);
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index] as ReadableSpan;
    const status = span.status.code;
    if (status === ERROR) errorCount += 1;
    const spanCost = span.attributes['ai.cost'];
    if (typeof spanCost === 'number') cost += spanCost;
    names.add(span.name);
    // A call that failed or was abandoned may have no transcript row: its text stays inline.
    const inTranscript = ofTurn && status !== ERROR && typeof span.attributes['ai.seed'] === 'string';
    const events: EncodedEvent[] = span.events.map((event) => [
      event.name,
      roundMs(hrMs(event.time) - startMs),
      inTranscript && TRANSCRIPT_EVENTS.has(event.name) ? TRANSCRIPT_TEXT : ((event.attributes ?? NO_ATTRIBUTES) as EncodedEvent[2]),
    ]);
    encoded[index] = [
      span.spanContext().spanId,
      span.parentSpanContext?.spanId ?? null,
      span.name,
      span.kind,
      roundMs(hrMs(span.startTime) - startMs),
      roundMs(hrMs(span.duration)),
      status,
      span.status.message ?? null,
      span.attributes as EncodedSpan[8],
      events,
    ];
  }
  return {
    traceId: root.spanContext().traceId,
    rootName: root.name,
    startMs,
    durationMs: roundMs(Math.max(0, endMs - startMs)),
    status: errorCount > 0 ? 'error' : 'ok',
    spanCount: spans.length,
    errorCount,
    turnId: typeof turnId === 'string' ? turnId : null,
    campaignId: typeof campaignId === 'string' ? campaignId : null,
    cost: roundCost(cost),
    keptReason,
    spanNames: [...names].join('\n'),
    spans: JSON.stringify(encoded),
  };
}

export interface SqliteTraceExporterOptions {
  store: TraceStore;
  counters: SpanCounters;
  logger: Logger;
  /**
   * Spans queued before a synchronous write; default 2048. The write holds the event loop for its
   * transaction, so this bounds that pause (~5 ms) as much as it amortizes the commit.
   */
  maxQueueSpans?: number;
  /** Period of the timed write; default 250 ms, so a steady trickle is written in small transactions. */
  flushIntervalMs?: number;
}

export function createSqliteTraceExporter(options: SqliteTraceExporterOptions) {
  const maxQueueSpans = options.maxQueueSpans ?? 2048;
  let queue: TraceRow[] = [];
  let queuedSpans = 0;
  let closed = false;

  function flush(): void {
    if (queue.length === 0) return;
    const rows = queue;
    const spans = queuedSpans;
    queue = [];
    queuedSpans = 0;
    try {
      options.store.insertRows(rows);
    } catch (error) {
      options.counters.dropped('store_failed', spans);
      options.logger.error({ err: error, traces: rows.length, spans }, 'kept traces could not be stored');
    }
  }

  const timer = setInterval(flush, options.flushIntervalMs ?? 250);
  timer.unref();

  return {
    /** Queues one kept trace (root last); writes the queue at once when it is full. */
    add(spans: readonly ReadableSpan[], reason: KeptReason): void {
      if (closed) {
        options.counters.dropped('store_failed', spans.length);
        return;
      }
      queue.push(traceRowOf(spans, reason));
      queuedSpans += spans.length;
      if (queuedSpans >= maxQueueSpans) flush();
    },
    flush,
    queuedSpans: () => queuedSpans,
    /** Writes what waits and stops the timer; later traces are counted as not stored. */
    close(): void {
      clearInterval(timer);
      flush();
      closed = true;
    },
  };
}

export type SqliteTraceExporter = ReturnType<typeof createSqliteTraceExporter>;
