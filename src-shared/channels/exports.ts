/**
 * Data exports and imports (issue 7): traces as OTLP JSON, metrics as CSV/OpenMetrics, dashboards as Grafana JSON, the audit log as JSONL.
 * Gathered into the contract by src-shared/contract.ts.
 */
import { z } from 'zod';
import type { ChannelSpec } from '../channel-spec';
import { channel } from '../channel-spec';
import { Dashboard } from '../domain/dashboard';
import { DashboardDeleteRequest, DashboardImportRequest } from '../domain/dashboard-exports';
import { MetricsExportRequest, TracesExportRequest, TracesImportRequest, TracesImportResult } from '../domain/data-exports';
import { ExportedFile } from '../domain/exports';
import { SECURITY_ADMIN_PERMISSION } from '../rbac';

export const exportChannels = {
  // [issue 7: dashboards] dashboard files imported beside the shipped ones.
  'dashboards.import': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'id', kind: 'dashboard' },
    summary:
      "Imports a dashboard file (Grafana dashboard JSON or a console dashboard definition) beside the shipped dashboards; importing the same id again replaces the imported one. A shipped dashboard's id is refused (give another id); a query without an equivalent is refused, naming the panel.",
    request: DashboardImportRequest,
    response: z.strictObject({ dashboard: Dashboard }),
  }),
  'dashboards.delete': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'id', kind: 'dashboard' },
    summary: 'Removes an imported dashboard; shipped dashboards cannot be removed.',
    request: DashboardDeleteRequest,
    response: z.strictObject({ deleted: z.boolean() }),
  }),
  // [issue 7: data] traces, metrics, audit exports and the OTLP trace import.
  'exports.traces': channel({
    permission: 'orchestration.turn.debug',
    mutates: false,
    scope: [
      { field: 'traceId', kind: 'trace' },
      { field: 'campaignId', kind: 'campaign' },
    ],
    summary:
      'One kept trace (traceId) or the traces started in a time range (since, until) as an OTLP JSON file (ExportTraceServiceRequest) that Jaeger and the OpenTelemetry Collector import.',
    request: TracesExportRequest,
    response: z.strictObject({ file: ExportedFile }),
  }),
  'exports.metrics': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'The recorded metric samples of a time range as CSV (one row per sample) or OpenMetrics text with timestamps.',
    request: MetricsExportRequest,
    response: z.strictObject({ file: ExportedFile }),
  }),
  'exports.audit': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: false,
    summary: 'The whole audit log as JSON lines, oldest first, with the chain hashes (the bytes of `novel-console audit export`).',
    request: z.strictObject({}),
    response: z.strictObject({ file: ExportedFile }),
  }),
  'traces.import': channel({
    permission: 'orchestration.turn.debug',
    mutates: true,
    auditTarget: { field: 'fileName', kind: 'file' },
    summary:
      'Imports an OTLP JSON trace file into the kept traces, in one transaction: traces already kept are skipped and counted; an invalid file is refused whole.',
    request: TracesImportRequest,
    response: TracesImportResult,
  }),
} as const satisfies Record<string, ChannelSpec>;
