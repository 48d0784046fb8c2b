/**
 * The chart of an alert's rule on its runbook: the compared value over the window with the threshold as
 * a dashed line across it, in the theme's colours, and numbers short enough for an axis.
 */
import { describe, expect, it } from 'vitest';
import { alertChartOption, formatAlertValue } from '../../../../../src-renderer/src/pages/runbooks/alert/alert-chart-option';
import type { ChartColors } from '../../../../../src-shared/charts/chart-options';

const colors: ChartColors = {
  fontFamily: 'sans-serif',
  text: '#111',
  muted: '#666',
  grid: '#ddd',
  surface: '#fff',
  series: ['#2f62d6'],
  thresholds: { green: '#0a0', yellow: '#aa0', orange: '#a60', red: '#c00', blue: '#00c' },
  heatLow: '#eef',
  heatHigh: '#00a',
};

describe('alert chart', () => {
  const range = { startMs: 0, endMs: 6 * 3600_000 };

  it('draws the value and the threshold across the whole window', () => {
    const option = alertChartOption(
      [
        [1000, 3],
        [2000, null],
        [3000, 14],
      ],
      10,
      colors,
      range,
    );
    const series = option.series as { name: string; data: unknown; lineStyle: { color: string; type?: string } }[];
    expect(series.map((one) => one.name)).toEqual(['value', 'threshold']);
    expect(series[1]?.data).toEqual([
      [0, 10],
      [6 * 3600_000, 10],
    ]);
    expect(series[1]?.lineStyle).toMatchObject({ type: 'dashed', color: '#c00' });
    expect(option.xAxis).toMatchObject({ min: 0, max: 6 * 3600_000 });
  });

  it('draws only the value when the alert has no threshold', () => {
    const option = alertChartOption([[1000, 1]], null, colors, range);
    expect((option.series as unknown[]).length).toBe(1);
  });

  it('shortens numbers for the axis', () => {
    expect(formatAlertValue(null)).toBe('—');
    expect(formatAlertValue(0)).toBe('0');
    expect(formatAlertValue(0.2)).toBe('0.2');
    expect(formatAlertValue(14)).toBe('14');
    expect(formatAlertValue(12_345)).toBe('12.3k');
    expect(formatAlertValue(1_500_000_000)).toBe('1.5G');
  });
});
