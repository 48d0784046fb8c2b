/**
 * ECharts options for the chart panels (time series, bar, heatmap, gauge), built as plain data from a
 * panel's drawn series and the theme's colours, so they can be tested without a DOM. Animations are off:
 * a dashboard redraws on every refresh and must be painted at once.
 */
import type { Panel } from '../domain/dashboard';
import { heatmapFromBuckets } from './heatmap-data';
import { type DrawnSeries, latestPoint, latestRows } from './panel-data';
import { type ThresholdColor, thresholdColor } from './panel-style';
import { formatAxisValue, formatValue } from './unit-format';

export interface ChartColors {
  /** The UI font stack: a canvas cannot `inherit` it, an invalid font falls back to 10px sans-serif. */
  fontFamily: string;
  text: string;
  muted: string;
  grid: string;
  surface: string;
  series: readonly string[];
  thresholds: Readonly<Record<ThresholdColor, string>>;
  heatLow: string;
  heatHigh: string;
}

export type ChartOption = Record<string, unknown>;

/** Series with at most this many values show their points as symbols. */
const SPARSE_POINTS = 20;

const pad = (value: number) => String(value).padStart(2, '0');
const clock = (ms: number) => {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
};
/** A column's time: the clock within a day, with the date past a day. */
const columnTime = (ms: number, spanMs: number) => {
  if (spanMs <= 86_400_000) return clock(ms);
  const date = new Date(ms);
  return `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clock(ms)}`;
};

/** Axis labels: the unit's short form, so "1.2 s" and "$0.40" read on the axis too. */
function axisLabel(panel: Panel, colors: ChartColors) {
  return { color: colors.muted, fontSize: 11, formatter: (value: number) => formatAxisValue(value, panel.unit) };
}

/**
 * Tick spacing for a bytes axis in whole binary units (50 MiB, not 47.7 MiB): ECharts picks decimal
 * steps, which read oddly once shown in KiB/MiB/GiB. Undefined when there is nothing to scale.
 */
export function bytesInterval(maxValue: number, ticks = 5): number | undefined {
  if (!(maxValue > 0)) return undefined;
  const unit = 1024 ** Math.max(0, Math.floor(Math.log(maxValue) / Math.log(1024)));
  const raw = maxValue / unit / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const nice = [1, 2, 5, 10].map((step) => step * magnitude).find((step) => step >= raw) ?? 10 * magnitude;
  return nice * unit;
}

function baseOption(colors: ChartColors): ChartOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text, fontFamily: colors.fontFamily },
    color: colors.series,
  };
}

function tooltip(panel: Panel, colors: ChartColors, trigger: 'axis' | 'item') {
  return {
    trigger,
    confine: true,
    backgroundColor: colors.surface,
    borderColor: colors.grid,
    textStyle: { color: colors.text, fontSize: 12 },
    valueFormatter: (value: number | null) => formatValue(value, panel.unit, panel.decimals),
  };
}

function seriesMax(series: readonly DrawnSeries[]): number {
  let max = 0;
  for (const one of series) for (const [, value] of one.points) if (value !== null && value > max) max = value;
  return max;
}

/** A time x axis over [startMs, endMs] in the console's style (every time chart shares it). */
export function timeAxis(colors: ChartColors, startMs: number, endMs: number): ChartOption {
  return {
    type: 'time',
    min: startMs,
    max: endMs,
    axisLabel: { color: colors.muted, fontSize: 11, hideOverlap: true },
    axisLine: { lineStyle: { color: colors.grid } },
    splitLine: { show: false },
  };
}

export function timeSeriesOption(
  panel: Panel,
  series: readonly DrawnSeries[],
  colors: ChartColors,
  range: { startMs: number; endMs: number },
): ChartOption {
  const showLegend = series.length > 1;
  const byteStep = panel.unit === 'bytes' ? bytesInterval(seriesMax(series)) : undefined;
  return {
    ...baseOption(colors),
    grid: { left: 8, right: 16, top: 12, bottom: showLegend ? 34 : 8, containLabel: true },
    tooltip: tooltip(panel, colors, 'axis'),
    legend: showLegend
      ? {
          type: 'scroll',
          bottom: 0,
          left: 0,
          textStyle: { color: colors.text, fontSize: 12 },
          pageTextStyle: { color: colors.muted },
          itemHeight: 8,
        }
      : undefined,
    xAxis: timeAxis(colors, range.startMs, range.endMs),
    yAxis: {
      type: 'value',
      min: panel.min,
      // A bytes axis ends on a whole step too, not on the data's maximum.
      max: panel.max ?? (byteStep ? Math.ceil(seriesMax(series) / byteStep) * byteStep : undefined),
      // Whole things (turns running, calls in flight) get whole ticks; bytes get whole binary units.
      minInterval: panel.decimals === 0 && (panel.unit === 'count' || panel.unit === 'none') ? 1 : undefined,
      interval: byteStep,
      axisLabel: axisLabel(panel, colors),
      splitLine: { lineStyle: { color: colors.grid } },
    },
    series: series.map((one) => ({
      type: 'line',
      name: one.name,
      data: one.points,
      // A line needs two neighbouring values: a series of a few scattered points (data that has just
      // started) would draw nothing, so its points are marked.
      showSymbol: one.points.filter(([, value]) => value !== null).length <= SPARSE_POINTS,
      symbolSize: 5,
      connectNulls: false,
      sampling: 'lttb',
      lineStyle: { width: 1.75 },
      emphasis: { focus: 'series' },
    })),
  };
}

export function barOption(panel: Panel, series: readonly DrawnSeries[], colors: ChartColors): ChartOption {
  const rows = latestRows(series).reverse();
  return {
    ...baseOption(colors),
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    tooltip: tooltip(panel, colors, 'item'),
    xAxis: { type: 'value', axisLabel: axisLabel(panel, colors), splitLine: { lineStyle: { color: colors.grid } } },
    yAxis: {
      type: 'category',
      data: rows.map((row) => row.name),
      axisLabel: { color: colors.text, fontSize: 12, width: 180, overflow: 'truncate' },
      axisLine: { lineStyle: { color: colors.grid } },
    },
    series: [
      {
        type: 'bar',
        name: panel.title,
        data: rows.map((row, index) => ({
          value: row.value,
          itemStyle: { color: colors.series[index % colors.series.length], borderRadius: [0, 3, 3, 0] },
        })),
        barMaxWidth: 22,
        label: {
          show: true,
          position: 'right',
          color: colors.text,
          fontSize: 11,
          formatter: ({ value }: { value: number }) => formatValue(value, panel.unit, panel.decimals),
        },
      },
    ],
  };
}

export function heatmapOption(panel: Panel, series: readonly DrawnSeries[], colors: ChartColors): ChartOption {
  const data = heatmapFromBuckets(series, panel.unit);
  const spanMs = (data.times.at(-1) ?? 0) - (data.times[0] ?? 0);
  return {
    ...baseOption(colors),
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    tooltip: {
      ...tooltip(panel, colors, 'item'),
      valueFormatter: undefined,
      formatter: ({ value }: { value: [number, number, number] }) =>
        `${columnTime(data.times[value[0]] ?? 0, spanMs)} · ${data.buckets[value[1]] ?? ''}: ${formatValue(value[2], 'count')}`,
    },
    xAxis: {
      type: 'category',
      data: data.times.map((at) => columnTime(at, spanMs)),
      axisLabel: { color: colors.muted, fontSize: 11, hideOverlap: true },
      axisLine: { lineStyle: { color: colors.grid } },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: data.buckets,
      axisLabel: { color: colors.text, fontSize: 11 },
      axisLine: { lineStyle: { color: colors.grid } },
    },
    visualMap: {
      min: 0,
      max: Math.max(1, data.maxCount),
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 10,
      text: [formatValue(Math.max(1, data.maxCount), 'count'), '0'],
      textStyle: { color: colors.muted, fontSize: 11 },
      inRange: { color: [colors.heatLow, colors.heatHigh] },
    },
    series: [
      { type: 'heatmap', name: panel.title, data: data.cells, progressive: 0, emphasis: { itemStyle: { borderColor: colors.text } } },
    ],
  };
}

export function gaugeOption(panel: Panel, series: readonly DrawnSeries[], colors: ChartColors): ChartOption {
  const value = series.map((one) => latestPoint(one.points)?.value ?? null).find((found) => found !== null) ?? null;
  const min = panel.min ?? 0;
  const max = panel.max ?? Math.max(1, (value ?? 0) * 1.25);
  const span = max - min || 1;
  const stops = [...panel.thresholds].sort((a, b) => a.value - b.value);
  const axisColors: [number, string][] = stops.map((threshold, index) => {
    const next = stops[index + 1];
    const end = next ? Math.min(1, Math.max(0, (next.value - min) / span)) : 1;
    return [end, colors.thresholds[threshold.color]];
  });
  const color = thresholdColor(value, panel.thresholds);
  return {
    ...baseOption(colors),
    series: [
      {
        type: 'gauge',
        min,
        max,
        radius: '92%',
        center: ['50%', '58%'],
        startAngle: 210,
        endAngle: -30,
        progress: { show: true, width: 10, itemStyle: { color: color ? colors.thresholds[color] : colors.series[0] } },
        axisLine: { lineStyle: { width: 10, color: axisColors.length > 0 ? axisColors : [[1, colors.grid]], opacity: 0.35 } },
        axisTick: { show: false },
        splitNumber: 5,
        splitLine: { length: 6, distance: 2, lineStyle: { color: colors.muted } },
        axisLabel: { color: colors.muted, fontSize: 11, distance: 16, formatter: (tick: number) => formatAxisValue(tick, panel.unit) },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, '0%'],
          fontSize: 30,
          fontWeight: 600,
          color: colors.text,
          formatter: () => formatValue(value, panel.unit, panel.decimals),
        },
        data: [{ value: value ?? min, name: panel.title }],
      },
    ],
  };
}

/** The option of a chart panel, or null for panels drawn in HTML (stat, table, text). */
export function chartOption(
  panel: Panel,
  series: readonly DrawnSeries[],
  colors: ChartColors,
  range: { startMs: number; endMs: number },
): ChartOption | null {
  switch (panel.type) {
    case 'timeseries':
      return timeSeriesOption(panel, series, colors, range);
    case 'bar':
      return barOption(panel, series, colors);
    case 'heatmap':
      return heatmapOption(panel, series, colors);
    case 'gauge':
      return gaugeOption(panel, series, colors);
    default:
      return null;
  }
}
