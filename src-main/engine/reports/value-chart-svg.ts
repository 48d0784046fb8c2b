/**
 * An alert's compared value over its incident as a standalone SVG figure for reports: the value as a
 * line (gaps where there was no sample), the threshold dashed, the firing intervals shaded red. Times
 * read in UTC and every coordinate is rounded, so equal data gives equal bytes (ECharts' server-side
 * SVG numbers its element ids per process and labels times in the local zone, which would not).
 */
import { timeTicks } from '../../../src-shared/domain/trace-analysis';
import { FIGURE_FONT_FAMILY } from './render';
import { formatValue } from './report-document';
import { escapeXml } from './waterfall-svg';

export const VALUE_CHART_WIDTH = 760;
export const VALUE_CHART_HEIGHT = 240;
const LEFT = 70;
const RIGHT = 20;
const TOP = 14;
const BOTTOM = 34;

export interface ValueChartInput {
  /** [epoch ms, value | null], ascending. */
  points: readonly (readonly [number, number | null])[];
  threshold: number | null;
  /** Firing intervals, epoch ms (end null = still firing at the end of the range). */
  firing: readonly { fromMs: number; toMs: number | null }[];
  startMs: number;
  endMs: number;
}

const n = (value: number) => String(Math.round(value * 100) / 100);

/** Round steps for the time axis, as whole seconds or minutes. */
const TIME_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400].map((s) => s * 1000);

function timeLabel(ms: number, stepMs: number): string {
  const iso = new Date(ms).toISOString();
  if (stepMs >= 86_400_000) return iso.slice(5, 10);
  return stepMs < 60_000 ? iso.slice(11, 19) : iso.slice(11, 16);
}

export function valueChartSvg(input: ValueChartInput): string {
  const width = VALUE_CHART_WIDTH;
  const height = VALUE_CHART_HEIGHT;
  const plotWidth = width - LEFT - RIGHT;
  const plotHeight = height - TOP - BOTTOM;
  const spanMs = Math.max(input.endMs - input.startMs, 1);
  const values = input.points.map(([, value]) => value).filter((value): value is number => value !== null && Number.isFinite(value));
  if (input.threshold !== null) values.push(input.threshold);
  let low = values.length > 0 ? Math.min(...values, 0) : 0;
  let high = values.length > 0 ? Math.max(...values) : 1;
  if (high === low) high = low + 1;
  const valueStep = timeTicks(high - low, 4)[1] ?? high - low;
  low = Math.floor(low / valueStep) * valueStep;
  high = Math.ceil(high / valueStep) * valueStep;
  const x = (ms: number) => LEFT + ((ms - input.startMs) / spanMs) * plotWidth;
  const y = (value: number) => TOP + (1 - (value - low) / (high - low)) * plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FIGURE_FONT_FAMILY}" font-size="10">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  for (const interval of input.firing) {
    const from = Math.max(x(interval.fromMs), LEFT);
    const to = Math.min(x(interval.toMs ?? input.endMs), LEFT + plotWidth);
    if (to > from) parts.push(`<rect x="${n(from)}" y="${TOP}" width="${n(to - from)}" height="${plotHeight}" fill="#ffe3e3"/>`);
  }
  for (let value = low; value <= high + valueStep * 1e-9; value += valueStep) {
    const at = y(value);
    parts.push(
      `<line x1="${LEFT}" y1="${n(at)}" x2="${LEFT + plotWidth}" y2="${n(at)}" stroke="#e9ecef" stroke-width="1"/>`,
      `<text x="${LEFT - 6}" y="${n(at + 3.5)}" fill="#495057" text-anchor="end">${escapeXml(formatValue(Number(value.toPrecision(12))))}</text>`,
    );
  }
  const timeStep = TIME_STEPS_MS.find((step) => spanMs / step <= 7) ?? 86_400_000;
  for (let tick = Math.ceil(input.startMs / timeStep) * timeStep; tick <= input.endMs; tick += timeStep) {
    const at = x(tick);
    parts.push(
      `<line x1="${n(at)}" y1="${TOP + plotHeight}" x2="${n(at)}" y2="${TOP + plotHeight + 4}" stroke="#adb5bd" stroke-width="1"/>`,
      `<text x="${n(at)}" y="${TOP + plotHeight + 16}" fill="#495057" text-anchor="middle">${timeLabel(tick, timeStep)}</text>`,
    );
  }
  parts.push(
    `<text x="${LEFT + plotWidth}" y="${height - 4}" fill="#868e96" text-anchor="end">UTC</text>`,
    `<line x1="${LEFT}" y1="${TOP + plotHeight}" x2="${LEFT + plotWidth}" y2="${TOP + plotHeight}" stroke="#adb5bd" stroke-width="1"/>`,
  );
  if (input.threshold !== null) {
    const at = y(input.threshold);
    parts.push(
      `<line x1="${LEFT}" y1="${n(at)}" x2="${LEFT + plotWidth}" y2="${n(at)}" stroke="#c92a2a" stroke-width="1.2" stroke-dasharray="5 4"/>`,
      `<text x="${LEFT + plotWidth - 4}" y="${n(at - 4)}" fill="#c92a2a" text-anchor="end">threshold ${escapeXml(formatValue(input.threshold))}</text>`,
    );
  }
  // The value: one path per run of samples, a dot for a lone sample.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) parts.push(`<path d="M${run.join('L')}" fill="none" stroke="#1c7ed6" stroke-width="1.8" stroke-linejoin="round"/>`);
    else if (run.length === 1) {
      const [px, py] = (run[0] as string).split(' ');
      parts.push(`<circle cx="${px}" cy="${py}" r="2.5" fill="#1c7ed6"/>`);
    }
    run = [];
  };
  for (const [ms, value] of input.points) {
    if (value === null || !Number.isFinite(value) || ms < input.startMs || ms > input.endMs) flush();
    else run.push(`${n(x(ms))} ${n(y(value))}`);
  }
  flush();
  if (input.points.every(([, value]) => value === null)) {
    parts.push(
      `<text x="${LEFT + plotWidth / 2}" y="${TOP + plotHeight / 2}" fill="#868e96" text-anchor="middle">No samples in this range</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
