/**
 * Reports (issue 7): dashboards as PNG/PDF, turn and incident reports as HTML/Markdown/PDF.
 * Gathered into the contract by src-shared/contract.ts.
 */
import { z } from 'zod';
import { type ChannelSpec, channel } from '../channel-spec';
import { DashboardExportRequest } from '../domain/dashboard-exports';
import { ExportedFile } from '../domain/exports';
import { IncidentReportRequest, TurnReportRequest } from '../domain/turn-incident-reports';

export const reportChannels = {
  // [issue 7: dashboards] a dashboard as PNG, PDF or Grafana JSON.
  'reports.dashboard': channel({
    permission: 'metrics.view',
    mutates: false,
    summary:
      'A dashboard (shipped or imported) as one file: a PNG or an A4 landscape PDF of its panels over a range ending now, drawn without a browser, or Grafana dashboard JSON with equivalent PromQL.',
    request: DashboardExportRequest,
    response: z.strictObject({ file: ExportedFile }),
  }),
  // [issue 7: reports] turn and incident reports (HTML, Markdown, PDF).
  'reports.turn': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    scope: [{ field: 'turnId', kind: 'turn' }],
    summary:
      'A turn report as one file (self-contained HTML, Markdown or PDF): summary, phases with timings and costs, narrative, events, compensations, trust changes and the trace waterfall.',
    request: TurnReportRequest,
    response: z.strictObject({ file: ExportedFile }),
  }),
  'reports.incident': channel({
    permission: 'metrics.view',
    mutates: false,
    summary:
      "An incident report (one alert episode) as one file (self-contained HTML, Markdown or PDF): the alert's timeline and values, silences, runbook steps taken (who, when), related turns and audit entries.",
    request: IncidentReportRequest,
    response: z.strictObject({ file: ExportedFile }),
  }),
} as const satisfies Record<string, ChannelSpec>;
