/**
 * "Report" with one button per format (HTML, Markdown, PDF): asks the engine for the report file and
 * saves it as a download (the desktop face's save dialog), the bytes the CLI's `export turn|incident`
 * writes. While one format is being made, every button waits and the busy one says so; a failure shows
 * its typed error below the buttons.
 */
import { useState } from 'react';
import type { ExportedFile } from '../../../src-shared/domain/exports';
import type { ReportFormat } from '../../../src-shared/domain/turn-incident-reports';
import { saveExportedFile } from './download';
import { type ErrorView, toErrorView } from './error-view';

const FORMATS: { format: ReportFormat; label: string; title: string }[] = [
  { format: 'html', label: 'HTML', title: 'A self-contained web page (opens offline, prints well)' },
  { format: 'md', label: 'Markdown', title: 'Markdown text, for a ticket or a wiki' },
  { format: 'pdf', label: 'PDF', title: 'A PDF document (A4)' },
];

interface ReportExportButtonsProps {
  /** What the report is of, for the buttons' titles ("turn", "incident"). */
  subject: string;
  exportReport(format: ReportFormat): Promise<ExportedFile>;
  testId: string;
}

export function ReportExportButtons({ subject, exportReport, testId }: ReportExportButtonsProps) {
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  async function run(format: ReportFormat) {
    setBusy(format);
    setError(null);
    try {
      saveExportedFile(await exportReport(format));
    } catch (caught) {
      setError(toErrorView(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="report-export" data-testid={testId}>
      <fieldset className="report-export-group" aria-busy={busy !== null}>
        <legend className="report-export-label">Report</legend>
        {FORMATS.map(({ format, label, title }) => (
          <button
            key={format}
            type="button"
            className="button small"
            disabled={busy !== null}
            title={`Download the ${subject} report: ${title}`}
            onClick={() => void run(format)}
            data-testid={`${testId}-${format}`}
          >
            {busy === format ? 'Exporting…' : label}
          </button>
        ))}
      </fieldset>
      {error && (
        <p className="report-export-error" role="alert" data-testid={`${testId}-error`}>
          <code>{error.code}</code> {error.message}
        </p>
      )}
    </div>
  );
}
