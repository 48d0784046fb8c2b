/**
 * Data exports and imports (SPEC section 8, issue 7): the requests of the traces, metrics and audit
 * export channels and of the OTLP trace import. The answer of every export is an ExportedFile.
 */
import { z } from 'zod';

const TRACE_ID = z.string().regex(/^[0-9a-f]{32}$/, 'a trace id is 32 lowercase hex digits');

/** One trace (`traceId`), or the traces that started in a time range (`since`, optional `until`). */
export const TracesExportRequest = z
  .strictObject({
    traceId: TRACE_ID.optional(),
    since: z.iso.datetime().optional(),
    until: z.iso.datetime().optional(),
    /** Only this campaign's traces (a campaign-scoped caller's campaign is filled in). */
    campaignId: z.string().min(1).max(200).optional(),
  })
  .refine((request) => (request.traceId === undefined) !== (request.since === undefined), {
    message: 'name either traceId (one trace) or since (a time range), not both',
    path: ['since'],
  })
  .refine((request) => request.since === undefined || request.until === undefined || request.since <= request.until, {
    message: 'until is before since',
    path: ['until'],
  });
export type TracesExportRequest = z.infer<typeof TracesExportRequest>;

export const METRICS_EXPORT_FORMATS = ['csv', 'openmetrics'] as const;

export const MetricsExportRequest = z
  .strictObject({
    format: z.enum(METRICS_EXPORT_FORMATS),
    since: z.iso.datetime(),
    until: z.iso.datetime().optional(),
    /** Metric families (e.g. novel_engine_turn_duration_seconds); all recorded ones when absent. */
    metrics: z
      .array(z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'a metric name'))
      .max(100)
      .optional(),
  })
  .refine((request) => request.until === undefined || request.since <= request.until, {
    message: 'until is before since',
    path: ['until'],
  });
export type MetricsExportRequest = z.infer<typeof MetricsExportRequest>;

/** An OTLP JSON file (ExportTraceServiceRequest) as text (over HTTP its route's 64 MiB body limit applies first). */
export const TracesImportRequest = z.strictObject({
  fileName: z.string().min(1).max(200).optional(),
  content: z
    .string()
    .min(1)
    .max(256 * 1024 * 1024),
});

export const TracesImportResult = z.strictObject({
  /** Traces written to the store. */
  imported: z.number().int().nonnegative(),
  /** Traces skipped because a trace with the same id is already kept. */
  skipped: z.number().int().nonnegative(),
  /** Spans written. */
  spans: z.number().int().nonnegative(),
  /** Ids of the imported traces (the first 1,000). */
  traceIds: z.array(z.string()),
});
export type TracesImportResult = z.infer<typeof TracesImportResult>;
