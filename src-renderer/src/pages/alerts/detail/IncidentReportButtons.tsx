/**
 * The incident report of the alert's current episode — the incident its runbook steps are recorded on
 * (`<fingerprint>:<episode>`) — as HTML, Markdown or PDF (reports.incident), saved as a download.
 */
import type { Alert } from '../../../../../src-shared/domain/alerts';
import { useBridge } from '../../../bridge-context';
import { ReportExportButtons } from '../../../ui/ReportExportButtons';

export function IncidentReportButtons({ alert }: { alert: Alert }) {
  const bridge = useBridge();
  const incidentId = `${alert.fingerprint}:${alert.episode}`;
  return (
    <ReportExportButtons
      subject="incident"
      testId="incident-report"
      exportReport={async (format) => (await bridge.invoke('reports.incident', { incidentId, format })).file}
    />
  );
}
