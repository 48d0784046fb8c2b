/**
 * The ECharts option of an alert chart as plain data (tested without a DOM): the compared series, the
 * threshold as a dashed line, the periods the alert was (or would have been) pending and firing as
 * shaded bands, and optional vertical markers ("would fire"). The y axis always reaches the threshold,
 * so the line it is compared with is on screen even when the values stay far below it.
 */

import { type ChartColors, type ChartOption, timeAxis } from '../../../../../src-shared/charts/chart-options';
import type { AlertTransition, Comparison } from '../../../../../src-shared/domain/alerts';
import { formatAlertValue } from '../alert-labels';

export interface ChartInterval {
  from: number;
  /** Null: still going at the end of the range. */
  to: number | null;
}

export interface ChartSeries {
  name: string;
  points: readonly (readonly [number, number | null])[];
}

export interface AlertChartInput {
  series: readonly ChartSeries[];
  threshold: number | null;
  comparison: Comparison | null;
  pending: readonly ChartInterval[];
  firing: readonly ChartInterval[];
  range: { startMs: number; endMs: number };
  /** Vertical lines: when it fired (red) or resolved (`ok`: green). */
  markers?: readonly { at: number; label: string; ok?: boolean }[];
}

/** The pending and firing periods of an alert from its transitions (oldest first), up to `endMs`. */
export function intervalsFromTransitions(transitions: readonly Pick<AlertTransition, 'to' | 'at'>[]): {
  pending: ChartInterval[];
  firing: ChartInterval[];
} {
  const pending: ChartInterval[] = [];
  const firing: ChartInterval[] = [];
  let open: { state: 'pending' | 'firing'; from: number } | null = null;
  const close = (at: number) => {
    if (!open) return;
    (open.state === 'pending' ? pending : firing).push({ from: open.from, to: at });
    open = null;
  };
  for (const transition of [...transitions].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const at = Date.parse(transition.at);
    close(at);
    if (transition.to === 'pending' || transition.to === 'firing') open = { state: transition.to, from: at };
  }
  if (open) {
    const last: { state: 'pending' | 'firing'; from: number } = open;
    (last.state === 'pending' ? pending : firing).push({ from: last.from, to: null });
  }
  return { pending, firing };
}

function band(intervals: readonly ChartInterval[], endMs: number, startMs: number) {
  return intervals
    .filter((interval) => (interval.to ?? endMs) >= startMs && interval.from <= endMs)
    .map((interval) => [{ xAxis: Math.max(interval.from, startMs) }, { xAxis: Math.min(interval.to ?? endMs, endMs) }]);
}

function valueRange(series: readonly ChartSeries[]): { min: number; max: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const one of series)
    for (const [, value] of one.points)
      if (value !== null) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
  return min === Number.POSITIVE_INFINITY ? null : { min, max };
}

/** The first "nice" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at or above x > 0. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(x));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((factor) => factor * magnitude >= x * (1 - 1e-12)) ?? 10;
  return Number((step * magnitude).toPrecision(12));
}

/**
 * Axis ends that keep the threshold in view: fixed (on nice numbers) only where the threshold lies
 * outside the values, otherwise left to ECharts. A positive series starts at 0.
 */
export function axisBounds(values: { min: number; max: number } | null, threshold: number | null): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  const nonNegative = (values?.min ?? 0) >= 0 && (threshold ?? 0) >= 0;
  if (nonNegative) bounds.min = 0;
  if (threshold !== null && threshold > 0 && (values === null || threshold >= values.max)) bounds.max = niceCeil(threshold * 1.15);
  if (threshold !== null && threshold < 0 && (values === null || threshold <= values.min)) bounds.min = -niceCeil(-threshold * 1.15);
  return bounds;
}

export function alertChartOption(input: AlertChartInput, colors: ChartColors): ChartOption {
  const { startMs, endMs } = input.range;
  const values = valueRange(input.series);
  const threshold = input.threshold;
  const axis = axisBounds(values, threshold);
  const showLegend = input.series.length > 1;
  const firingColor = colors.thresholds.red;
  const pendingColor = colors.thresholds.orange;

  const marks = {
    type: 'line',
    name: 'threshold',
    data: [],
    silent: true,
    tooltip: { show: false },
    markLine:
      threshold === null && (input.markers ?? []).length === 0
        ? undefined
        : {
            silent: true,
            symbol: 'none',
            animation: false,
            data: [
              ...(threshold === null
                ? []
                : [
                    {
                      yAxis: threshold,
                      lineStyle: { color: firingColor, type: 'dashed', width: 1.5 },
                      label: {
                        formatter: `${input.comparison ?? ''} ${formatAlertValue(threshold)}`.trim(),
                        position: 'insideEndTop',
                        color: firingColor,
                        fontSize: 11,
                      },
                    },
                  ]),
              ...(input.markers ?? [])
                .filter((marker) => marker.at >= startMs && marker.at <= endMs)
                .map((marker) => {
                  const color = marker.ok ? colors.thresholds.green : firingColor;
                  return {
                    xAxis: marker.at,
                    lineStyle: { color, type: 'solid', width: 1 },
                    label: { formatter: marker.label, position: 'insideEndTop', color, fontSize: 11 },
                  };
                }),
            ],
          },
    markArea: {
      silent: true,
      animation: false,
      data: [
        ...band(input.pending, endMs, startMs).map(([from, to]) => [{ ...from, itemStyle: { color: pendingColor, opacity: 0.14 } }, to]),
        ...band(input.firing, endMs, startMs).map(([from, to]) => [{ ...from, itemStyle: { color: firingColor, opacity: 0.16 } }, to]),
      ],
    },
  };

  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text, fontFamily: colors.fontFamily },
    color: colors.series,
    grid: { left: 8, right: 16, top: 20, bottom: showLegend ? 34 : 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: colors.surface,
      borderColor: colors.grid,
      textStyle: { color: colors.text, fontSize: 12 },
      valueFormatter: (value: number | null) => formatAlertValue(value),
    },
    legend: showLegend
      ? {
          type: 'scroll',
          bottom: 0,
          left: 0,
          data: input.series.map((one) => one.name),
          textStyle: { color: colors.text, fontSize: 12 },
          pageTextStyle: { color: colors.muted },
          itemHeight: 8,
        }
      : undefined,
    xAxis: timeAxis(colors, startMs, endMs),
    yAxis: {
      type: 'value',
      min: axis.min,
      max: axis.max,
      scale: axis.min === undefined,
      axisLabel: { color: colors.muted, fontSize: 11, formatter: (value: number) => formatAlertValue(value) },
      splitLine: { lineStyle: { color: colors.grid } },
    },
    series: [
      ...input.series.map((one) => ({
        type: 'line',
        name: one.name,
        data: one.points,
        showSymbol: one.points.filter(([, value]) => value !== null).length <= 20,
        symbolSize: 5,
        connectNulls: false,
        sampling: 'lttb',
        lineStyle: { width: 1.75 },
      })),
      marks,
    ],
  };
}
