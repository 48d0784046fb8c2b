import { describe, expect, it } from 'vitest';
import { bytesInterval, type ChartColors, chartOption } from '../../../../src-shared/charts/chart-options';
import type { DrawnSeries } from '../../../../src-shared/charts/panel-data';
import { formatAxisValue } from '../../../../src-shared/charts/unit-format';
import type { Panel } from '../../../../src-shared/domain/dashboard';

const colors: ChartColors = {
  fontFamily: 'sans-serif',
  text: '#111',
  muted: '#555',
  grid: '#ddd',
  surface: '#fff',
  series: ['#a00', '#0a0', '#00a'],
  thresholds: { green: 'G', yellow: 'Y', orange: 'O', red: 'R', blue: 'B' },
  heatLow: '#eee',
  heatHigh: '#003',
};
const T = 1_700_000_000_000;
const range = { startMs: T, endMs: T + 3_600_000 };
const panel = (overrides: Partial<Panel>): Panel => ({
  id: 'p',
  title: 'P',
  description: '',
  type: 'timeseries',
  gridPos: { x: 0, y: 0, w: 12, h: 8 },
  unit: 'seconds',
  thresholds: [],
  mappings: [],
  queries: [],
  ...overrides,
});
const drawn = (name: string, values: (number | null)[], labels: Record<string, string> = {}): DrawnSeries => ({
  key: name,
  name,
  labels,
  points: values.map((value, index) => [T + index * 60_000, value] as const),
});

describe('chart options', () => {
  it('draws one unanimated line per series on a time axis spanning the range', () => {
    const option = chartOption(panel({}), [drawn('p50', [1, 2]), drawn('p95', [3, null])], colors, range) as Record<string, any>;
    expect(option.animation).toBe(false);
    expect(option.xAxis).toMatchObject({ type: 'time', min: range.startMs, max: range.endMs });
    expect(option.series.map((series: { name: string; type: string }) => [series.type, series.name])).toEqual([
      ['line', 'p50'],
      ['line', 'p95'],
    ]);
    expect(option.legend).toBeDefined();
    expect(option.yAxis.axisLabel.formatter(0.25)).toBe('250 ms');
  });

  it('marks the points of a sparse series, which would otherwise draw no line', () => {
    const dense = Array.from({ length: 100 }, (_, index) => index);
    const option = chartOption(panel({}), [drawn('new', [null, null, 2, null, 3]), drawn('old', dense)], colors, range) as Record<
      string,
      any
    >;
    expect(option.series.map((series: { showSymbol: boolean }) => series.showSymbol)).toEqual([true, false]);
  });

  it('hides the legend of a single series and gives whole-count axes whole ticks', () => {
    const option = chartOption(panel({ unit: 'count', decimals: 0 }), [drawn('turns', [1])], colors, range) as Record<string, any>;
    expect(option.legend).toBeUndefined();
    expect(option.yAxis.minInterval).toBe(1);
  });

  it('bars the latest value of each series, largest at the top', () => {
    const option = chartOption(panel({ type: 'bar', unit: 'count' }), [drawn('a', [5]), drawn('b', [9])], colors, range) as Record<
      string,
      any
    >;
    // ECharts draws category axes bottom-up: the largest comes last.
    expect(option.yAxis.data).toEqual(['a', 'b']);
    expect(option.series[0].data.map((bar: { value: number }) => bar.value)).toEqual([5, 9]);
  });

  it('colours the gauge by its thresholds and scales its arc to min..max', () => {
    const gauge = panel({
      type: 'gauge',
      unit: 'count',
      min: 0,
      max: 10,
      thresholds: [
        { value: 0, color: 'green' },
        { value: 6, color: 'orange' },
        { value: 9, color: 'red' },
      ],
    });
    const option = chartOption(gauge, [drawn('active', [7])], colors, range) as Record<string, any>;
    const [series] = option.series;
    expect(series.progress.itemStyle.color).toBe('O');
    expect(series.axisLine.lineStyle.color).toEqual([
      [0.6, 'G'],
      [0.9, 'O'],
      [1, 'R'],
    ]);
    expect(series.data[0].value).toBe(7);
  });

  it('builds heatmap cells from bucket series', () => {
    const option = chartOption(
      panel({ type: 'heatmap' }),
      [drawn('1', [2], { le: '1' }), drawn('+Inf', [5], { le: '+Inf' })],
      colors,
      range,
    ) as Record<string, any>;
    expect(option.yAxis.data).toEqual(['≤ 1 s', '> 1 s']);
    expect(option.series[0].data).toEqual([
      [0, 0, 2],
      [0, 1, 3],
    ]);
  });

  it('draws stats, tables and text in HTML, not ECharts', () => {
    for (const type of ['stat', 'table', 'text'] as const) expect(chartOption(panel({ type }), [], colors, range)).toBeNull();
  });

  it('spaces a bytes axis in whole binary units', () => {
    const MiB = 1024 * 1024;
    expect(bytesInterval(238 * MiB)).toBe(50 * MiB);
    expect(bytesInterval(57 * MiB)).toBe(20 * MiB);
    expect(bytesInterval(3 * 1024 ** 3)).toBe(1024 ** 3);
    expect(bytesInterval(900)).toBe(200);
    expect(bytesInterval(0)).toBeUndefined();
  });

  it('ends a bytes axis on a whole binary step', () => {
    const MiB = 1024 * 1024;
    const option = chartOption(panel({ unit: 'bytes' }), [drawn('rss', [120 * MiB, 238 * MiB])], colors, range) as Record<string, any>;
    expect(option.yAxis.interval).toBe(50 * MiB);
    expect(option.yAxis.max).toBe(250 * MiB);
  });

  it('keeps dollar axis labels short', () => {
    expect(formatAxisValue(0.3, 'dollars')).toBe('$0.3');
    expect(formatAxisValue(1.5, 'dollars')).toBe('$1.5');
    expect(formatAxisValue(0, 'dollars')).toBe('$0');
    expect(formatAxisValue(2048, 'bytes')).toBe('2 KiB');
  });
});
