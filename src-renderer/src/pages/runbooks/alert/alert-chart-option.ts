/**
 * The ECharts option of an alert's chart: its rule's compared value over the last hours, and the
 * threshold it is compared with as a dashed line (a second series: the modular ECharts setup registers
 * no markLine component, and as a series it keeps the threshold within the axis's range). Plain data from plain data, testable without a DOM.
 */
import { type ChartColors, type ChartOption, timeAxis } from '../../../../../src-shared/charts/chart-options';

export type AlertPoint = readonly [number, number | null];

/** Compact numbers for the axis and tooltip: 0.2, 12.5, 1.5e9 -> 1.5G. */
export function formatAlertValue(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${+(value / 1e9).toPrecision(3)}G`;
  if (magnitude >= 1e6) return `${+(value / 1e6).toPrecision(3)}M`;
  if (magnitude >= 1e4) return `${+(value / 1e3).toPrecision(3)}k`;
  if (magnitude === 0) return '0';
  return `${+value.toPrecision(3)}`;
}

export function alertChartOption(
  points: readonly AlertPoint[],
  threshold: number | null,
  colors: ChartColors,
  range: { startMs: number; endMs: number },
): ChartOption {
  const value = colors.series[0] ?? colors.text;
  const series: Record<string, unknown>[] = [
    {
      type: 'line',
      name: 'value',
      data: points,
      showSymbol: points.filter(([, point]) => point !== null).length <= 3,
      symbolSize: 5,
      connectNulls: false,
      lineStyle: { width: 1.75, color: value },
      itemStyle: { color: value },
      areaStyle: { color: value, opacity: 0.08 },
    },
  ];
  if (threshold !== null) {
    series.push({
      type: 'line',
      name: 'threshold',
      data: [
        [range.startMs, threshold],
        [range.endMs, threshold],
      ],
      showSymbol: false,
      silent: true,
      lineStyle: { width: 1.25, type: 'dashed', color: colors.thresholds.red },
      itemStyle: { color: colors.thresholds.red },
    });
  }
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text, fontFamily: colors.fontFamily },
    grid: { left: 8, right: 16, top: 14, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: colors.surface,
      borderColor: colors.grid,
      textStyle: { color: colors.text, fontSize: 12 },
      valueFormatter: (point: unknown) => formatAlertValue(typeof point === 'number' ? point : null),
    },
    xAxis: timeAxis(colors, range.startMs, range.endMs),
    yAxis: {
      type: 'value',
      // No fixed bounds: the threshold is a series, so the axis takes it in with the values.
      axisLabel: { color: colors.muted, fontSize: 11, formatter: (tick: number) => formatAlertValue(tick) },
      splitLine: { lineStyle: { color: colors.grid } },
    },
    series,
  };
}
