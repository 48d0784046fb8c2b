/**
 * An export group: a legend ("Report", "Export") and one button per format; a click asks the engine for
 * the file and saves it as a download (the desktop face's save dialog) — the bytes the CLI's `export …`
 * writes. While one format is being made every button waits and the busy one says so; a failure shows
 * its typed error below the buttons.
 */
import { useState } from 'react';
import type { ExportedFile } from '../../../src-shared/domain/exports';
import { saveExportedFile } from './download';
import { type ErrorView, toErrorView } from './error-view';

export interface ExportFormatChoice<F extends string> {
  format: F;
  label: string;
  /** The button's tooltip. */
  title: string;
}

interface ExportButtonsProps<F extends string> {
  legend: string;
  formats: readonly ExportFormatChoice<F>[];
  exportFile(format: F): Promise<ExportedFile>;
  /** The group's test id; each button is `<testId>-<format>`, the error `<testId>-error`. */
  testId: string;
}

export function ExportButtons<F extends string>({ legend, formats, exportFile, testId }: ExportButtonsProps<F>) {
  const [busy, setBusy] = useState<F | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  async function run(format: F) {
    setBusy(format);
    setError(null);
    try {
      saveExportedFile(await exportFile(format));
    } catch (caught) {
      setError(toErrorView(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="export-buttons" data-testid={testId}>
      <fieldset className="export-buttons-group" aria-busy={busy !== null}>
        <legend className="export-buttons-label">{legend}</legend>
        {formats.map(({ format, label, title }) => (
          <button
            key={format}
            type="button"
            className="button small"
            disabled={busy !== null}
            title={title}
            onClick={() => void run(format)}
            data-testid={`${testId}-${format}`}
          >
            {busy === format ? 'Exporting…' : label}
          </button>
        ))}
      </fieldset>
      {error && (
        <p className="export-buttons-error" role="alert" data-testid={`${testId}-error`}>
          <code>{error.code}</code> {error.message}
        </p>
      )}
    </div>
  );
}

/** The report formats (turn and incident reports), with tooltips naming what the report is of. */
export function reportFormats(subject: string): ExportFormatChoice<'html' | 'md' | 'pdf'>[] {
  return [
    { format: 'html', label: 'HTML', title: `Download the ${subject} report: a self-contained web page (opens offline, prints well)` },
    { format: 'md', label: 'Markdown', title: `Download the ${subject} report: Markdown text, for a ticket or a wiki` },
    { format: 'pdf', label: 'PDF', title: `Download the ${subject} report: a PDF document (A4)` },
  ];
}
