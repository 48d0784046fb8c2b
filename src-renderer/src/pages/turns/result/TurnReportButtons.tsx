/**
 * The turn report of a finished turn as HTML, Markdown or PDF (reports.turn), saved as a download.
 */
import { useBridge } from '../../../bridge-context';
import { ExportButtons, reportFormats } from '../../../ui/ExportButtons';

export function TurnReportButtons({ turnId }: { turnId: string }) {
  const bridge = useBridge();
  return (
    <ExportButtons
      legend="Report"
      formats={reportFormats('turn')}
      testId="turn-report"
      exportFile={async (format) => (await bridge.invoke('reports.turn', { turnId, format })).file}
    />
  );
}
