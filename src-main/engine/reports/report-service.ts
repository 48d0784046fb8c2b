/**
 * The turn and incident reports as files (reports.turn, reports.incident, `novel-console export turn|incident`):
 * gather the model, lay it out as a ReportDocument, render it as HTML, Markdown or PDF and wrap it as
 * the contract's ExportedFile. Every face goes through here, so the UI's download and the CLI's file are
 * the same bytes for the same data and generatedAt.
 */
import type { ExportedFile } from '../../../src-shared/domain/exports';
import type { ReportFormat } from '../../../src-shared/domain/turn-incident-reports';
import { campaignsVisible } from '../../../src-shared/rbac';
import type { HandlerTable } from '../rpc';
import { gatherIncidentReport, type IncidentReportDeps, incidentReportDocument } from './incident-report';
import type { ReportDocument } from './report-document';
import { renderReportHtml } from './report-html';
import { renderReportMarkdown } from './report-markdown';
import { renderReportPdf } from './report-pdf';
import { gatherTurnReport, type TurnReportDeps, turnReportDocument } from './turn-report';

export type ReportServiceDeps = TurnReportDeps & IncidentReportDeps;

const MIME_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
};

/** Renders a report document in one format as an ExportedFile. */
export async function reportFile(document: ReportDocument, format: ReportFormat): Promise<ExportedFile> {
  const fileName = `${document.fileStem}.${format}`;
  if (format === 'pdf') {
    const bytes = await renderReportPdf(document);
    return { fileName, mimeType: MIME_TYPES.pdf, encoding: 'base64', content: bytes.toString('base64'), bytes: bytes.length };
  }
  const text = format === 'html' ? renderReportHtml(document) : renderReportMarkdown(document);
  return { fileName, mimeType: MIME_TYPES[format], encoding: 'utf8', content: text, bytes: Buffer.byteLength(text, 'utf8') };
}

export function createReportService(deps: ReportServiceDeps, now: () => number = Date.now) {
  const stamp = (generatedAt: string | undefined) => generatedAt ?? new Date(now()).toISOString();
  return {
    async turnReport(turnId: string, format: ReportFormat, generatedAt?: string): Promise<ExportedFile> {
      const model = await gatherTurnReport(deps, turnId, stamp(generatedAt));
      return reportFile(turnReportDocument(model), format);
    },
    incidentReport(
      incidentId: string,
      format: ReportFormat,
      generatedAt?: string,
      visibleCampaigns: readonly string[] | null = null,
    ): Promise<ExportedFile> {
      const model = gatherIncidentReport(deps, incidentId, stamp(generatedAt), visibleCampaigns);
      return reportFile(incidentReportDocument(model), format);
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;

export function createReportHandlers(reports: ReportService): Pick<HandlerTable, 'reports.turn' | 'reports.incident'> {
  return {
    'reports.turn': async ({ turnId, format, generatedAt }) => ({ file: await reports.turnReport(turnId, format, generatedAt) }),
    'reports.incident': async ({ incidentId, format, generatedAt }, { identity }) => ({
      file: await reports.incidentReport(incidentId, format, generatedAt, campaignsVisible(identity, 'orchestration.turn.view')),
    }),
  };
}
