/**
 * One alert chart on a canvas, sized by its container. Loaded lazily (ECharts is its own chunk), so the
 * alert lists open without it. Reports when it has painted, for the tests and the screenshots.
 */
import { useEffect } from 'react';
import type { ChartOption } from '../../../../../src-shared/charts/chart-options';
import { useChartInstance } from '../../../ui/use-chart-instance';
import { echarts } from './alert-echarts-setup';

interface AlertChartProps {
  option: ChartOption;
  /** What the chart shows, for assistive technology (the canvas itself says nothing). */
  label: string;
  testId: string;
}

export default function AlertChart({ option, label, testId }: AlertChartProps) {
  const { container, chart } = useChartInstance(echarts);

  useEffect(() => {
    const instance = chart.current;
    const element = container.current;
    if (!instance || !element) return;
    element.dataset.painted = 'false';
    const finished = () => {
      instance.off('finished', finished);
      element.dataset.painted = 'true';
    };
    instance.on('finished', finished);
    instance.setOption(option, { notMerge: true });
    return () => {
      instance.off('finished', finished);
    };
  }, [option, container, chart]);

  return <div ref={container} className="alert-chart" role="img" aria-label={label} data-testid={testId} />;
}
