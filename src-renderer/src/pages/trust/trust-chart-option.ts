/**
 * The ECharts option of one agent's trust history, built as plain data (testable without a DOM): the score
 * after each change as a stepped line (one slot per change, so the changes of one turn — a lost conflict
 * and the quarantine it caused — stay apart), each point coloured by the direction of its change, the
 * quarantine threshold as a dashed line, and a tooltip that says the reason, the change, the turn and when.
 */

import type { ChartColors, ChartOption } from '../../../../src-shared/charts/chart-options';
import type { TrustHistoryEntry } from '../../../../src-shared/domain/trust';
import { TRUST_REASON_LABELS } from '../../../../src-shared/domain/trust-vocabulary';
import { formatClock, formatDateTime } from '../../ui/format-units';

export interface HistoryPoint {
  score: number;
  /** The change that led here; null for the starting point. */
  entry: TrustHistoryEntry | null;
}

/** The starting score (before the first change shown), then the score after each change. */
export function historyPoints(entries: readonly TrustHistoryEntry[], currentScore: number): HistoryPoint[] {
  const first = entries[0];
  return [{ score: first ? first.oldScore : currentScore, entry: null }, ...entries.map((entry) => ({ score: entry.newScore, entry }))];
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

export function formatDelta(delta: number): string {
  if (delta === 0) return '±0';
  return delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`;
}

export function pointColor(entry: TrustHistoryEntry | null, colors: ChartColors): string {
  if (entry === null) return colors.muted;
  if (entry.reason === 'compensation' || entry.reason === 'release' || entry.reason === 'reconcile') return colors.thresholds.blue;
  if (entry.delta < 0 || (entry.quarantined && !entry.wasQuarantined)) return colors.thresholds.red;
  if (entry.delta > 0) return colors.thresholds.green;
  return colors.muted;
}

/** The tooltip's lines for one point, as text (escaped into HTML by the tooltip). */
export function pointLines(point: HistoryPoint): string[] {
  const { entry } = point;
  if (entry === null) return [`Score ${point.score}`, 'at the start of the range'];
  const lines = [
    `${TRUST_REASON_LABELS[entry.reason]} ${formatDelta(entry.delta)}`,
    `${entry.oldScore} → ${entry.newScore}${entry.quarantined ? ' · quarantined' : entry.wasQuarantined ? ' · released' : ''}`,
    entry.turnNumber !== null ? `turn ${entry.turnNumber}` : entry.actor ? `by ${entry.actor}` : 'no turn',
    formatDateTime(entry.at),
  ];
  if (entry.detail) lines.splice(1, 0, entry.detail);
  return lines;
}

export function historyChartOption(points: readonly HistoryPoint[], threshold: number, colors: ChartColors): ChartOption {
  // Turns are what a story master counts in; changes outside a turn (a release) by the clock.
  const labels = points.map((point, index) => {
    if (point.entry === null) return index === 0 ? 'start' : '';
    return point.entry.turnNumber !== null ? `turn ${point.entry.turnNumber}` : formatClock(point.entry.at);
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: colors.text, fontFamily: colors.fontFamily },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLine: { lineStyle: { color: colors.grid } },
      axisTick: { show: false },
      axisLabel: { color: colors.muted, fontSize: 11, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 100,
      interval: 25,
      axisLabel: { color: colors.muted, fontSize: 11 },
      splitLine: { lineStyle: { color: colors.grid } },
    },
    tooltip: {
      trigger: 'axis',
      confine: true,
      backgroundColor: colors.surface,
      borderColor: colors.grid,
      textStyle: { color: colors.text, fontSize: 12 },
      formatter: (params: { dataIndex: number; seriesIndex: number }[]) => {
        const first = params.find((param) => param.seriesIndex === 0);
        const point = first === undefined ? undefined : points[first.dataIndex];
        if (!point) return '';
        const [title, ...rest] = pointLines(point).map(escapeHtml);
        return `<strong>${title}</strong><br/>${rest.join('<br/>')}`;
      },
    },
    series: [
      {
        name: 'Trust',
        type: 'line',
        step: 'end',
        showSymbol: true,
        symbol: 'circle',
        symbolSize: points.length > 60 ? 5 : 8,
        lineStyle: { color: colors.series[0], width: 2 },
        data: points.map((point) => ({ value: point.score, itemStyle: { color: pointColor(point.entry, colors) } })),
      },
      {
        name: `Quarantine below ${threshold}`,
        type: 'line',
        silent: true,
        symbol: 'none',
        lineStyle: { color: colors.thresholds.red, type: 'dashed', width: 1 },
        data: points.map(() => threshold),
      },
    ],
  };
}
