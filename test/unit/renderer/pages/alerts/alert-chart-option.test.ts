import { describe, expect, it } from 'vitest';
import { parseAlertsRoute } from '../../../../../src-renderer/src/pages/alerts/alerts-route';
import {
  alertChartOption,
  axisBounds,
  intervalsFromTransitions,
  niceCeil,
} from '../../../../../src-renderer/src/pages/alerts/chart/alert-chart-option';
import type { ChartColors } from '../../../../../src-shared/charts/chart-options';

const colors: ChartColors = {
  fontFamily: 'sans-serif',
  text: '#000',
  muted: '#666',
  grid: '#ddd',
  surface: '#fff',
  series: ['#00f'],
  thresholds: { green: '#0a0', yellow: '#aa0', orange: '#f80', red: '#f00', blue: '#00f' },
  heatLow: '#eef',
  heatHigh: '#00a',
};

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 12, minute)).toISOString();
const ms = (minute: number) => Date.UTC(2025, 0, 1, 12, minute);

describe('the alert chart', () => {
  it('shades pending and firing from the transitions, the last one open', () => {
    const transitions = [
      { to: 'pending' as const, at: at(1) },
      { to: 'firing' as const, at: at(3) },
      { to: 'resolved' as const, at: at(8) },
      { to: 'pending' as const, at: at(20) },
    ];
    expect(intervalsFromTransitions(transitions)).toEqual({
      pending: [
        { from: ms(1), to: ms(3) },
        { from: ms(20), to: null },
      ],
      firing: [{ from: ms(3), to: ms(8) }],
    });
  });

  it('keeps the threshold on screen when every value stays below it', () => {
    expect(axisBounds({ min: 0, max: 0.05 }, 0.2)).toEqual({ min: 0, max: 0.25 });
    expect(axisBounds({ min: 0, max: 3 }, 0.2)).toEqual({ min: 0 });
    expect(axisBounds({ min: -5, max: 5 }, -10)).toEqual({ min: -12 });
    expect(niceCeil(0.23)).toBe(0.25);
    expect(niceCeil(1150)).toBe(1200);
  });

  it('draws the threshold line, the bands clipped to the range and a marker', () => {
    const option = alertChartOption(
      {
        series: [
          {
            name: 'ratio',
            points: [
              [ms(0), 0.1],
              [ms(10), 0.4],
            ],
          },
        ],
        threshold: 0.2,
        comparison: '>',
        pending: [{ from: ms(-30), to: ms(2) }],
        firing: [{ from: ms(2), to: null }],
        range: { startMs: ms(0), endMs: ms(10) },
        markers: [{ at: ms(2), label: 'would fire' }],
      },
      colors,
    ) as { series: { markLine?: { data: unknown[] }; markArea?: { data: unknown[][] } }[] };
    const marks = option.series.at(-1);
    expect(marks?.markLine?.data).toHaveLength(2);
    expect(marks?.markArea?.data).toEqual([
      [expect.objectContaining({ xAxis: ms(0) }), { xAxis: ms(2) }],
      [expect.objectContaining({ xAxis: ms(2) }), { xAxis: ms(10) }],
    ]);
  });
});

describe('Alerts page addresses', () => {
  it('tells the views apart', () => {
    expect(parseAlertsRoute([])).toEqual({ view: 'alerts' });
    expect(parseAlertsRoute(['0123456789abcdef'])).toEqual({ view: 'alert', fingerprint: '0123456789abcdef' });
    expect(parseAlertsRoute(['rules', 'new'])).toEqual({ view: 'rule', name: null });
    expect(parseAlertsRoute(['rules', 'TurnLatencyHigh'])).toEqual({ view: 'rule', name: 'TurnLatencyHigh' });
    expect(parseAlertsRoute(['channels', 'oncall'])).toEqual({ view: 'channel', id: 'oncall' });
    expect(parseAlertsRoute(['silences'])).toEqual({ view: 'silences' });
    expect(parseAlertsRoute(['nope'])).toEqual({ view: 'unknown', path: 'nope' });
  });
});
