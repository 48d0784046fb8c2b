/**
 * The turn report of a finished turn as HTML, Markdown or PDF (reports.turn), saved as a download.
 */
import { useBridge } from '../../../bridge-context';
import { ReportExportButtons } from '../../../ui/ReportExportButtons';

export function TurnReportButtons({ turnId }: { turnId: string }) {
  const bridge = useBridge();
  return (
    <ReportExportButtons
      subject="turn"
      testId="turn-report"
      exportReport={async (format) => (await bridge.invoke('reports.turn', { turnId, format })).file}
    />
  );
}
