/**
 * Kept traces in SQLite (migration 003): one row per trace with its spans encoded together as compact
 * JSON (positional arrays, times as offsets from the trace start), plus summary columns for search.
 * Inserting a trace is one row write, so ingestion runs at row speed divided by spans per trace.
 */
import type { z } from 'zod';
import {
  type Attributes,
  type KeptReason,
  SPAN_KINDS,
  SPAN_STATUSES,
  type SpanEvent,
  type TraceDetail,
  type TraceSpan,
  type TraceSummary,
  type TracesSearchRequest,
} from '../../../src-shared/domain/trace';
import type { Db } from '../db/database';
import { promptText } from '../orchestrator/turn-observer';

/** One span as stored: [spanId, parentSpanId, name, kind, startOffsetMs, durationMs, status, statusMessage, attributes, events]. */
export type EncodedSpan = [string, string | null, string, number, number, number, number, string | null, Attributes, EncodedEvent[]];
/** [name, offsetMs from the trace start, attributes, or TRANSCRIPT_TEXT] */
export type EncodedEvent = [string, number, Attributes | typeof TRANSCRIPT_TEXT];

/**
 * In place of a GenAI prompt or completion event's attributes: the text is the one in the turn's
 * provider transcript of the span's call (ai.seed), and reading the trace puts it back.
 */
export const TRANSCRIPT_TEXT = 0;

/** A trace ready to be written: its summary and its spans already encoded (the span exporter builds these directly). */
export interface TraceRow {
  traceId: string;
  rootName: string;
  startMs: number;
  durationMs: number;
  status: 'ok' | 'error';
  spanCount: number;
  errorCount: number;
  turnId: string | null;
  campaignId: string | null;
  cost: number;
  keptReason: KeptReason;
  /** Distinct span names, '\n'-separated. */
  spanNames: string;
  /** JSON of EncodedSpan[]. */
  spans: string;
}

export type TracesSearch = z.output<typeof TracesSearchRequest>;

/** Milliseconds rounded to the microsecond: enough for spans, and short in JSON. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** A trace's cost: sums of float costs carry noise in the last digits, and a nano-dollar is far below any price. */
export function roundCost(cost: number): number {
  return Math.round(cost * 1e9) / 1e9;
}

const KIND_INDEX = new Map<string, number>(SPAN_KINDS.map((kind, index) => [kind, index]));
const STATUS_INDEX = new Map<string, number>(SPAN_STATUSES.map((status, index) => [status, index]));

export function encodeSpan(span: TraceSpan, traceStartMs: number): EncodedSpan {
  return [
    span.spanId,
    span.parentSpanId,
    span.name,
    KIND_INDEX.get(span.kind) ?? 0,
    roundMs(span.startMs - traceStartMs),
    roundMs(span.durationMs),
    STATUS_INDEX.get(span.status) ?? 0,
    span.statusMessage,
    span.attributes,
    span.events.map((event) => [event.name, roundMs(event.timeMs - traceStartMs), event.attributes]),
  ];
}

export function decodeSpans(json: string, traceStartMs: number): TraceSpan[] {
  const encoded = JSON.parse(json) as EncodedSpan[];
  return encoded.map(([spanId, parentSpanId, name, kind, offset, durationMs, status, statusMessage, attributes, events]) => ({
    spanId,
    parentSpanId,
    name,
    kind: SPAN_KINDS[kind] ?? 'internal',
    startMs: roundMs(traceStartMs + offset),
    durationMs,
    status: SPAN_STATUSES[status] ?? 'unset',
    statusMessage,
    attributes,
    events: events.map(
      ([eventName, eventOffset, eventAttributes]): SpanEvent => ({
        name: eventName,
        timeMs: roundMs(traceStartMs + eventOffset),
        attributes:
          eventAttributes === TRANSCRIPT_TEXT ? { [TRANSCRIPT_ATTRIBUTE[eventName] ?? 'text']: TEXT_UNAVAILABLE } : eventAttributes,
      }),
    ),
  }));
}

const TRANSCRIPT_ATTRIBUTE: Readonly<Record<string, string>> = {
  'gen_ai.content.prompt': 'gen_ai.prompt',
  'gen_ai.content.completion': 'gen_ai.completion',
};
const TEXT_UNAVAILABLE = '(not available: the turn transcript holding this text is gone)';

/** Puts the transcript texts back into the decoded spans of a turn's trace (see TRANSCRIPT_TEXT). */
function restoreTranscriptTexts(spans: TraceSpan[], texts: ReadonlyMap<string, { prompt: string; completion: string | null }>): void {
  for (const span of spans) {
    const seed = span.attributes['ai.seed'];
    if (typeof seed !== 'string') continue;
    const text = texts.get(seed);
    if (!text) continue;
    for (const event of span.events) {
      if (event.name === 'gen_ai.content.prompt' && event.attributes['gen_ai.prompt'] === TEXT_UNAVAILABLE) {
        event.attributes = { 'gen_ai.prompt': text.prompt };
      } else if (
        event.name === 'gen_ai.content.completion' &&
        event.attributes['gen_ai.completion'] === TEXT_UNAVAILABLE &&
        text.completion !== null
      ) {
        event.attributes = { 'gen_ai.completion': text.completion };
      }
    }
  }
}

/** Distinct span names in first-seen order, one per line (what the spanName filter searches). */
export function spanNamesOf(names: Iterable<string>): string {
  return [...new Set(names)].join('\n');
}

function rowOfDetail(trace: TraceDetail): TraceRow {
  const startMs = Date.parse(trace.startedAt);
  return {
    traceId: trace.traceId,
    rootName: trace.rootName,
    startMs,
    durationMs: trace.durationMs,
    status: trace.status,
    spanCount: trace.spans.length,
    errorCount: trace.errorCount,
    turnId: trace.turnId,
    campaignId: trace.campaignId,
    cost: trace.cost,
    keptReason: trace.keptReason,
    spanNames: spanNamesOf(trace.spans.map((span) => span.name)),
    spans: JSON.stringify(trace.spans.map((span) => encodeSpan(span, startMs))),
  };
}

interface SummaryRow {
  trace_id: string;
  root_name: string;
  start_ms: number;
  duration_ms: number;
  status: 'ok' | 'error';
  span_count: number;
  error_count: number;
  turn_id: string | null;
  campaign_id: string | null;
  cost: number;
  kept_reason: KeptReason;
}

function summaryOf(row: SummaryRow): TraceSummary {
  return {
    traceId: row.trace_id,
    rootName: row.root_name,
    startedAt: new Date(row.start_ms).toISOString(),
    durationMs: row.duration_ms,
    status: row.status,
    spanCount: row.span_count,
    errorCount: row.error_count,
    turnId: row.turn_id,
    campaignId: row.campaign_id,
    cost: row.cost,
    keptReason: row.kept_reason,
  };
}

const SUMMARY_COLUMNS =
  'trace_id, root_name, start_ms, duration_ms, status, span_count, error_count, turn_id, campaign_id, cost, kept_reason';

/** LIKE pattern matching `text` anywhere, with LIKE's wildcards in `text` taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

export function createTraceStore(db: Db) {
  const insertStatement = db.prepare(`INSERT OR REPLACE INTO traces
    (trace_id, root_name, start_ms, duration_ms, status, span_count, error_count, turn_id, campaign_id, cost, kept_reason, span_names, spans)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const getStatement = db.prepare(`SELECT ${SUMMARY_COLUMNS}, spans FROM traces WHERE trace_id = ?`);
  const deleteStatement = db.prepare('DELETE FROM traces WHERE rowid IN (SELECT rowid FROM traces WHERE start_ms < ? LIMIT ?)');
  const countStatement = db.prepare('SELECT count(*) AS n FROM traces');
  const transcriptsStatement = db.prepare('SELECT seed, request, response FROM provider_transcripts WHERE turn_id = ? ORDER BY seq');

  function transcriptTexts(turnId: string): Map<string, { prompt: string; completion: string | null }> {
    const texts = new Map<string, { prompt: string; completion: string | null }>();
    for (const row of transcriptsStatement.all(turnId) as { seed: string; request: string; response: string | null }[]) {
      if (texts.has(row.seed)) continue;
      const request = JSON.parse(row.request) as { messages?: { role: string; content: string }[] };
      const response = row.response === null ? null : (JSON.parse(row.response) as { text?: unknown });
      texts.set(row.seed, {
        prompt: promptText(request.messages ?? []),
        completion: typeof response?.text === 'string' ? response.text : null,
      });
    }
    return texts;
  }

  const insertRows = db.transaction((rows: readonly TraceRow[]) => {
    for (const row of rows) {
      insertStatement.run(
        row.traceId,
        row.rootName,
        row.startMs,
        row.durationMs,
        row.status,
        row.spanCount,
        row.errorCount,
        row.turnId,
        row.campaignId,
        row.cost,
        row.keptReason,
        row.spanNames,
        row.spans,
      );
    }
  });

  // One prepared pair (page, total) per combination of filters in use: at most 2^7, built on first use.
  const searches = new Map<string, { page: ReturnType<Db['prepare']>; total: ReturnType<Db['prepare']> }>();
  function searchStatements(request: TracesSearch) {
    const clauses: string[] = [];
    if (request.since !== undefined) clauses.push('start_ms >= @since');
    if (request.until !== undefined) clauses.push('start_ms <= @until');
    // A literal, not a parameter: only then can SQLite use the partial index of error traces.
    if (request.status !== undefined) clauses.push(request.status === 'error' ? "status = 'error'" : "status = 'ok'");
    if (request.minDurationMs !== undefined) clauses.push('duration_ms >= @minDurationMs');
    if (request.minCost !== undefined) clauses.push('cost >= @minCost');
    if (request.campaignId !== undefined) clauses.push('campaign_id = @campaignId');
    if (request.turnId !== undefined) clauses.push('turn_id = @turnId');
    if (request.spanName !== undefined) clauses.push("span_names LIKE @spanName ESCAPE '\\'");
    const key = clauses.join(' AND ');
    let statements = searches.get(key);
    if (!statements) {
      const where = clauses.length > 0 ? `WHERE ${key}` : '';
      statements = {
        page: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM traces ${where} ORDER BY start_ms DESC, trace_id LIMIT @limit OFFSET @offset`),
        total: db.prepare(`SELECT count(*) AS n FROM traces ${where}`),
      };
      searches.set(key, statements);
    }
    return statements;
  }

  return {
    /** Writes traces in one transaction (a trace id already stored is replaced). */
    insert(traces: readonly TraceDetail[]): void {
      insertRows(traces.map(rowOfDetail));
    },
    /** Writes pre-encoded rows in one transaction (the span exporter's path). */
    insertRows(rows: readonly TraceRow[]): void {
      insertRows(rows);
    },
    /** Newest first, filtered; `total` counts every match, not just this page. */
    search(request: TracesSearch): { traces: TraceSummary[]; total: number } {
      const { page, total } = searchStatements(request);
      const params: Record<string, string | number> = { limit: request.limit, offset: request.offset };
      if (request.since !== undefined) params.since = Date.parse(request.since);
      if (request.until !== undefined) params.until = Date.parse(request.until);
      if (request.minDurationMs !== undefined) params.minDurationMs = request.minDurationMs;
      if (request.minCost !== undefined) params.minCost = request.minCost;
      if (request.campaignId !== undefined) params.campaignId = request.campaignId;
      if (request.turnId !== undefined) params.turnId = request.turnId;
      if (request.spanName !== undefined) params.spanName = containsPattern(request.spanName);
      const { limit: _limit, offset: _offset, ...filters } = params;
      return {
        traces: (page.all(params) as SummaryRow[]).map(summaryOf),
        total: (total.get(filters) as { n: number }).n,
      };
    },
    get(traceId: string): TraceDetail | null {
      const row = getStatement.get(traceId) as (SummaryRow & { spans: string }) | undefined;
      if (!row) return null;
      const spans = decodeSpans(row.spans, row.start_ms);
      if (row.turn_id !== null && row.spans.includes(`,${TRANSCRIPT_TEXT}]`)) restoreTranscriptTexts(spans, transcriptTexts(row.turn_id));
      return { ...summaryOf(row), spans };
    },
    /** Removes traces that started before `cutoffMs` (epoch ms), at most `limit` of them; returns how many. */
    deleteOlderThan(cutoffMs: number, limit = Number.MAX_SAFE_INTEGER): number {
      return deleteStatement.run(cutoffMs, limit).changes;
    },
    count(): number {
      return (countStatement.get() as { n: number }).n;
    },
  };
}

export type TraceStore = ReturnType<typeof createTraceStore>;
