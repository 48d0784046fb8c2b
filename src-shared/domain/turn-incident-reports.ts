/**
 * Turn and incident reports (issue 7, SPEC section 8): what the reports.turn and reports.incident
 * channels (and `novel-console export turn|incident`) are asked for. The answer is an ExportedFile.
 */
import { z } from 'zod';

/** Self-contained HTML, Markdown, PDF. */
export const REPORT_FORMATS = ['html', 'md', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * When the report says it was generated; default now. Passing it makes the output reproducible: the same
 * data and the same generatedAt give the same bytes from the UI, the CLI and the API.
 */
const GeneratedAt = z.iso.datetime().optional();

export const TurnReportRequest = z.strictObject({
  turnId: z.string().min(1).max(200),
  format: z.enum(REPORT_FORMATS),
  generatedAt: GeneratedAt,
});
export type TurnReportRequest = z.infer<typeof TurnReportRequest>;

/**
 * An incident is one episode of an alert (the runbook steps taken on it are recorded under this id):
 * `<fingerprint>:<episode>`; a bare fingerprint means the alert's current episode.
 */
export const INCIDENT_ID_PATTERN = /^([0-9a-f]{16})(?::([1-9][0-9]{0,8}))?$/;

export const IncidentReportRequest = z.strictObject({
  incidentId: z
    .string()
    .regex(INCIDENT_ID_PATTERN, 'an incident id is an alert fingerprint (16 lowercase hex digits), optionally followed by :<episode>'),
  format: z.enum(REPORT_FORMATS),
  generatedAt: GeneratedAt,
});
export type IncidentReportRequest = z.infer<typeof IncidentReportRequest>;
