/**
 * The chart of an alert's rule over the last hours: the value it compares and the threshold, drawn with
 * the dashboards' ECharts view (loaded on demand with the chart code, in the theme's colours).
 */
import { lazy, Suspense, useMemo } from 'react';
import { useThemeStore } from '../../../stores/theme-store';
import { Pending } from '../../../ui/Card';
import { readChartColors } from '../../dashboards/chart-colors';
import { loadChartView } from '../../dashboards/PanelCard';
import { type AlertPoint, alertChartOption, formatAlertValue } from './alert-chart-option';

const ChartView = lazy(loadChartView);

interface AlertChartProps {
  points: readonly AlertPoint[];
  threshold: number | null;
  hours: number;
  label: string;
}

export function AlertChart({ points, threshold, hours, label }: AlertChartProps) {
  const theme = useThemeStore((store) => store.theme);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the colours come from the stylesheet of the theme on screen.
  const option = useMemo(() => {
    const endMs = points.at(-1)?.[0] ?? Date.now();
    return alertChartOption(points, threshold, readChartColors(), { startMs: endMs - hours * 3600_000, endMs });
  }, [points, threshold, hours, theme]);
  const latest = [...points].reverse().find(([, value]) => value !== null)?.[1] ?? null;
  const spoken = `${label} over the last ${hours} hours; latest ${formatAlertValue(latest)}${threshold !== null ? `, threshold ${formatAlertValue(threshold)}` : ''}`;
  return (
    <div className="runbook-alert-chart" data-testid="alert-chart" data-points={points.length}>
      <Suspense fallback={<Pending>Loading the chart…</Pending>}>
        <ChartView option={option} label={spoken} onPainted={() => {}} testId="alert-chart-canvas" />
      </Suspense>
    </div>
  );
}
