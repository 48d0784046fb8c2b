/**
 * One ECharts chart on a canvas, sized by its container. Loaded lazily with the chart code, so pages
 * without charts never download ECharts. Reports when the chart has painted an option.
 */
import { useEffect, useRef } from 'react';
import type { ChartOption } from '../../../../src-shared/charts/chart-options';
import { useChartInstance } from '../../ui/use-chart-instance';
import { echarts } from './echarts-setup';

interface ChartViewProps {
  option: ChartOption;
  /** What the chart shows, for assistive technology (the canvas itself says nothing). */
  label: string;
  onPainted(): void;
  testId?: string;
}

export default function ChartView({ option, label, onPainted, testId }: ChartViewProps) {
  const { container, chart } = useChartInstance(echarts);
  const painted = useRef(onPainted);
  painted.current = onPainted;

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    const finished = () => {
      instance.off('finished', finished);
      painted.current();
    };
    instance.on('finished', finished);
    instance.setOption(option, { notMerge: true });
    return () => {
      instance.off('finished', finished);
    };
  }, [option, chart]);

  return <div ref={container} className="dash-chart" role="img" aria-label={label} data-testid={testId} />;
}
