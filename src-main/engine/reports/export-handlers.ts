/**
 * Data exports and imports (SPEC section 8): kept traces as OTLP JSON, the metrics history as CSV or
 * OpenMetrics, the audit log as JSON lines — each produced as a sequence of text chunks, so the CLI
 * streams a long range straight into its file while a channel answers the same bytes as one
 * ExportedFile — and the OTLP import into the trace store.
 */
import type { Registry } from 'prom-client';
import type { MetricsExportRequest, TracesExportRequest, TracesImportResult } from '../../../src-shared/domain/data-exports';
import type { ExportedFile } from '../../../src-shared/domain/exports';
import type { TraceDetail } from '../../../src-shared/domain/trace';
import { ContractError } from '../../../src-shared/errors';
import { campaignsVisible, type Identity } from '../../../src-shared/rbac';
import type { Db } from '../db/database';
import type { HandlerTable } from '../rpc';
import type { AuditLog } from '../security/audit-log';
import { APP_VERSION } from '../system/system-service';
import type { TraceStore } from '../telemetry/trace-store';
import { createMetricSampleReader, metricsCsvChunks, openMetricsChunks } from './metrics-export';
import { consoleResource, otlpJsonChunks, parseOtlpTraces } from './otlp-json';

/** A channel answers at most this many spans (the response is one JSON document); the CLI streams any number. */
export const MAX_CHANNEL_SPANS = 200_000;
/** Traces read from the store per page of a range export. */
const RANGE_PAGE = 200;

export interface DataExportDeps {
  db: Db;
  traces: TraceStore;
  audit: AuditLog;
  /** For the HELP text of exported metric families. */
  registry: Registry;
  now?: () => number;
}

export interface ExportProgress {
  /** Traces (or series) written so far, and the total when known. */
  done: number;
  total: number | null;
}

/** A compact UTC time for file names: 20261123T0512Z. */
function fileTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace(/(T\d{4})\d{2}Z$/, '$1Z');
}

/** A channel answers at most this much text (one JSON response); the CLI streams any size. */
export const MAX_CHANNEL_CHARS = 64 * 1024 * 1024;

function textFile(fileName: string, mimeType: string, chunks: Iterable<string>, cliHint: string): ExportedFile {
  const parts: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    length += chunk.length;
    if (length > MAX_CHANNEL_CHARS) {
      throw new ContractError(
        'invalid_request',
        `the export is larger than ${MAX_CHANNEL_CHARS / 1024 / 1024} MiB: narrow the range, or use \`${cliHint}\`, which streams any size to a file`,
      );
    }
    parts.push(chunk);
  }
  const content = parts.join('');
  return { fileName, mimeType, encoding: 'utf8', content, bytes: Buffer.byteLength(content, 'utf8') };
}

function parseTime(iso: string): number {
  return Date.parse(iso);
}

export function createDataExportService(deps: DataExportDeps) {
  const now = deps.now ?? Date.now;
  const reader = createMetricSampleReader(deps.db);
  const resource = consoleResource(APP_VERSION);
  const helpOf = (metric: string) => (deps.registry.getSingleMetric(metric) as unknown as { help?: string } | undefined)?.help;

  /** Kept traces started in [sinceMs, untilMs], oldest first, read a page at a time. */
  function* tracesInRange(
    sinceMs: number,
    untilMs: number,
    campaignId: string | undefined,
    onTrace: (trace: TraceDetail, progress: ExportProgress) => void,
  ): Generator<TraceDetail> {
    const filter = {
      since: new Date(sinceMs).toISOString(),
      until: new Date(untilMs).toISOString(),
      ...(campaignId !== undefined ? { campaignId } : {}),
    };
    const { total } = deps.traces.search({ ...filter, limit: 1, offset: 0 });
    // Newest first is the store's order; pages from the end give the file in time order.
    let done = 0;
    for (let end = total; end > 0; end -= RANGE_PAGE) {
      const offset = Math.max(0, end - RANGE_PAGE);
      const page = deps.traces.search({ ...filter, limit: end - offset, offset }).traces;
      for (let index = page.length - 1; index >= 0; index--) {
        const trace = deps.traces.get((page[index] as { traceId: string }).traceId);
        if (!trace) continue;
        done += 1;
        onTrace(trace, { done, total });
        yield trace;
      }
    }
  }

  /** The OTLP file of a request as chunks; `onTrace` sees each trace of a range before it is written. */
  function traceChunks(
    request: TracesExportRequest,
    onTrace: (trace: TraceDetail, progress: ExportProgress) => void = () => {},
  ): { fileName: string; chunks: Iterable<string> } {
    if (request.traceId !== undefined) {
      const trace = deps.traces.get(request.traceId);
      if (!trace) {
        throw new ContractError('not_found', `trace ${request.traceId} is not kept: it was sampled out, has expired, or never existed`);
      }
      onTrace(trace, { done: 1, total: 1 });
      return { fileName: `trace-${trace.traceId}.otlp.json`, chunks: otlpJsonChunks([trace], resource) };
    }
    const sinceMs = parseTime(request.since as string);
    const untilMs = request.until !== undefined ? parseTime(request.until) : now();
    return {
      fileName: `traces-${fileTime(sinceMs)}-${fileTime(untilMs)}.otlp.json`,
      chunks: otlpJsonChunks(tracesInRange(sinceMs, untilMs, request.campaignId, onTrace), resource),
    };
  }

  function metricsChunks(request: MetricsExportRequest): { fileName: string; mimeType: string; chunks: Iterable<string> } {
    const sinceMs = parseTime(request.since);
    const untilMs = request.until !== undefined ? parseTime(request.until) : now();
    const families = reader.families();
    const unknown = (request.metrics ?? []).filter((metric) => !families.has(metric));
    if (unknown.length > 0) {
      throw new ContractError('not_found', `no recorded samples of ${unknown.join(', ')}: check the names with metrics.catalog`, [
        { field: 'metrics', message: `not in the metrics history: ${unknown.join(', ')}` },
      ]);
    }
    const range = { sinceMs, untilMs, metrics: request.metrics };
    const stem = `metrics-${fileTime(sinceMs)}-${fileTime(untilMs)}`;
    return request.format === 'csv'
      ? { fileName: `${stem}.csv`, mimeType: 'text/csv; charset=utf-8', chunks: metricsCsvChunks(reader, range) }
      : {
          fileName: `${stem}.openmetrics.txt`,
          mimeType: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
          chunks: openMetricsChunks(reader, range, helpOf),
        };
  }

  /** The audit log as `audit export` writes it: one JSON line per entry, each ending in a newline. */
  function* auditChunks(): Generator<string> {
    for (const line of deps.audit.exportLines()) yield `${line}\n`;
  }

  /**
   * Imports OTLP JSON text: all of it in one transaction, or nothing. A scoped caller may import only
   * traces of its campaigns.
   */
  function importTraces(text: string, identity?: Identity): TracesImportResult {
    const traces = parseOtlpTraces(text);
    if (identity) {
      const visible = campaignsVisible(identity, 'orchestration.turn.debug');
      const outside =
        visible === null ? undefined : traces.find((trace) => trace.campaignId === null || !visible.includes(trace.campaignId));
      if (outside) {
        throw new ContractError(
          'forbidden',
          `trace ${outside.traceId} belongs to a campaign outside this token's scope; nothing was imported`,
        );
      }
    }
    return deps.db.transaction(() => {
      const fresh = traces.filter((trace) => deps.traces.get(trace.traceId) === null);
      deps.traces.insert(fresh);
      return {
        imported: fresh.length,
        skipped: traces.length - fresh.length,
        spans: fresh.reduce((sum, trace) => sum + trace.spans.length, 0),
        traceIds: fresh.slice(0, 1000).map((trace) => trace.traceId),
      };
    })();
  }

  return {
    traceChunks,
    metricsChunks,
    auditChunks,
    importTraces,
    tracesFile(request: TracesExportRequest): ExportedFile {
      let spans = 0;
      const { fileName, chunks } = traceChunks(request, (trace) => {
        spans += trace.spans.length;
        if (spans > MAX_CHANNEL_SPANS) {
          throw new ContractError(
            'invalid_request',
            `the range holds more than ${MAX_CHANNEL_SPANS} spans: narrow it, or use \`novel-console export traces --since …\`, which streams any size`,
          );
        }
      });
      return textFile(fileName, 'application/json', chunks, 'novel-console export traces --since … --out FILE');
    },
    metricsFile(request: MetricsExportRequest): ExportedFile {
      const { fileName, mimeType, chunks } = metricsChunks(request);
      return textFile(fileName, mimeType, chunks, `novel-console export metrics --format ${request.format} --since … --out FILE`);
    },
    auditFile(): ExportedFile {
      return textFile(`audit-${fileTime(now())}.jsonl`, 'application/jsonl', auditChunks(), 'novel-console export audit --out FILE');
    },
  };
}

export type DataExportService = ReturnType<typeof createDataExportService>;

export function createDataExportHandlers(
  service: DataExportService,
): Pick<HandlerTable, 'exports.traces' | 'exports.metrics' | 'exports.audit' | 'traces.import'> {
  return {
    'exports.traces': (request) => ({ file: service.tracesFile(request) }),
    'exports.metrics': (request) => ({ file: service.metricsFile(request) }),
    'exports.audit': () => ({ file: service.auditFile() }),
    'traces.import': (request, context) => service.importTraces(request.content, context.identity),
  };
}
