/**
 * An ECharts instance living as long as a component: created on its container once mounted, resized with
 * it, disposed on unmount. Each chart chunk passes its own `echarts/core` (with the modules it registered).
 */
import type * as EChartsCore from 'echarts/core';
import { type RefObject, useEffect, useRef } from 'react';

export type ChartInstance = ReturnType<typeof EChartsCore.init>;

export function useChartInstance(echarts: Pick<typeof EChartsCore, 'init'>): {
  container: RefObject<HTMLDivElement | null>;
  chart: RefObject<ChartInstance | null>;
} {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartInstance | null>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = echarts.init(element, null, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [echarts]);
  return { container, chart };
}
