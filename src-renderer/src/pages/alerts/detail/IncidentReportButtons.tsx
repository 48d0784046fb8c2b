/**
 * The incident report of the alert's current episode — the incident its runbook steps are recorded on
 * (`<fingerprint>:<episode>`) — as HTML, Markdown or PDF (reports.incident), saved as a download.
 */
import type { Alert } from '../../../../../src-shared/domain/alerts';
import { useBridge } from '../../../bridge-context';
import { ExportButtons, reportFormats } from '../../../ui/ExportButtons';

export function IncidentReportButtons({ alert }: { alert: Alert }) {
  const bridge = useBridge();
  const incidentId = `${alert.fingerprint}:${alert.episode}`;
  return (
    <ExportButtons
      legend="Report"
      formats={reportFormats('incident')}
      testId="incident-report"
      exportFile={async (format) => (await bridge.invoke('reports.incident', { incidentId, format })).file}
    />
  );
}
