/**
 * OTLP JSON in and out of the Traces page (SPEC section 8): "Export OTLP" saves one trace, or the traces
 * of the search's time range, as the file `novel-console export traces` writes (Jaeger and the
 * OpenTelemetry Collector import it); "Import OTLP" reads such a file into the kept traces — shown only
 * to callers with orchestration.turn.debug, the permission both channels need.
 */
import { type ReactNode, useState } from 'react';
import type { TracesExportRequest, TracesImportResult } from '../../../../src-shared/domain/data-exports';
import { useBridge } from '../../bridge-context';
import { useCallerMay } from '../../stores/caller-identity-store';
import { saveExportedFile } from '../../ui/download';
import { type ErrorView, toErrorView } from '../../ui/error-view';
import { FileImportButton } from '../../ui/FileImportButton';

const DEBUG_PERMISSION = 'orchestration.turn.debug';

function DataError({ error, testId }: { error: ErrorView; testId: string }) {
  return (
    <p className="trace-data-error" role="alert" data-testid={testId}>
      <code>{error.code}</code> {error.message}
    </p>
  );
}

interface ExportProps {
  /** One trace, or a time range (the search's). */
  request: TracesExportRequest;
  title: string;
  testId: string;
}

/** What a data action puts on the page: its button, and a line of feedback (result or typed error) to place apart. */
export interface DataAction {
  button: ReactNode;
  feedback: ReactNode;
}

/** "Export OTLP": the file of `request`, saved as a download. Nothing for a caller without orchestration.turn.debug. */
export function useTraceExport({ request, title, testId }: ExportProps): DataAction {
  const bridge = useBridge();
  const allowed = useCallerMay(DEBUG_PERMISSION);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  if (!allowed) return { button: null, feedback: null };

  async function run() {
    setBusy(true);
    setError(null);
    try {
      saveExportedFile((await bridge.invoke('exports.traces', request)).file);
    } catch (caught) {
      setError(toErrorView(caught));
    } finally {
      setBusy(false);
    }
  }

  return {
    button: (
      <button type="button" className="button small" disabled={busy} title={title} onClick={() => void run()} data-testid={testId}>
        {busy ? 'Exporting…' : 'Export OTLP'}
      </button>
    ),
    feedback: error && <DataError error={error} testId={`${testId}-error`} />,
  };
}

/** The export button with its error right after it (where there is room, e.g. a trace's header). */
export function TraceExportButton(props: ExportProps) {
  const { button, feedback } = useTraceExport(props);
  if (!button) return null;
  return (
    <span className="trace-data">
      {button}
      {feedback}
    </span>
  );
}

/** "Import OTLP": reads an OTLP JSON file and imports it; `onImported` refreshes what the page shows. */
export function useTraceImport(onImported: (result: TracesImportResult) => void): DataAction {
  const bridge = useBridge();
  const allowed = useCallerMay(DEBUG_PERMISSION);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const [result, setResult] = useState<TracesImportResult | null>(null);
  if (!allowed) return { button: null, feedback: null };

  async function importFile(file: File) {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const imported = await bridge.invoke('traces.import', { fileName: file.name.slice(0, 200), content: await file.text() });
      setResult(imported);
      onImported(imported);
    } catch (caught) {
      setError(toErrorView(caught));
    } finally {
      setBusy(false);
    }
  }

  return {
    button: (
      <FileImportButton
        label="Import OTLP"
        title="Import an OTLP JSON trace file (ExportTraceServiceRequest); traces already kept are skipped"
        busy={busy}
        onFile={(file) => void importFile(file)}
        testId="trace-import"
      />
    ),
    feedback: (
      <>
        {result && (
          <p className="trace-data-result" role="status" data-testid="trace-import-result">
            Imported {result.imported} {result.imported === 1 ? 'trace' : 'traces'} ({result.spans} spans)
            {result.skipped > 0 ? `, skipped ${result.skipped} already kept` : ''}
          </p>
        )}
        {error && <DataError error={error} testId="trace-import-error" />}
      </>
    ),
  };
}
