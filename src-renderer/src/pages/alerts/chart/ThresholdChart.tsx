/**
 * A rule's compared series against its threshold, with the pending and firing periods shaded: the alert
 * detail's chart and the rule editor's live preview. Follows the theme; ECharts loads as its own chunk.
 */
import { lazy, Suspense, useMemo } from 'react';
import { useThemeStore } from '../../../stores/theme-store';
import { readChartColors } from '../../dashboards/chart-colors';
import { formatAlertValue } from '../alert-labels';
import { type AlertChartInput, alertChartOption } from './alert-chart-option';

const AlertChart = lazy(() => import('./AlertChart'));

interface ThresholdChartProps {
  input: AlertChartInput;
  label: string;
  testId: string;
}

export function ThresholdChart({ input, label, testId }: ThresholdChartProps) {
  const theme = useThemeStore((store) => store.theme);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the colours come from the stylesheet of the theme on screen.
  const colors = useMemo(() => readChartColors(), [theme]);
  const option = useMemo(() => alertChartOption(input, colors), [input, colors]);
  return (
    <div className="threshold-chart">
      <Suspense fallback={<p className="pending alert-chart-loading">Loading chart…</p>}>
        <AlertChart option={option} label={label} testId={testId} />
      </Suspense>
      <ul className="chart-legend" aria-label="Chart legend">
        {input.threshold !== null && (
          <li>
            <span className="legend-swatch legend-threshold" aria-hidden="true" /> threshold {input.comparison}{' '}
            {formatAlertValue(input.threshold)}
          </li>
        )}
        <li>
          <span className="legend-swatch legend-pending" aria-hidden="true" /> pending
        </li>
        <li>
          <span className="legend-swatch legend-firing" aria-hidden="true" /> firing
        </li>
      </ul>
    </div>
  );
}
