/**
 * A trace's waterfall as a standalone SVG figure for reports: one row per span in tree order (children
 * under their parent, indented), the span's bar on the trace's time axis, its duration beside the bar;
 * spans in error are red. The same layout rules as the Traces page (span tree and round ticks from
 * src-shared/domain/trace-analysis), drawn without a browser so HTML, PDF and PNG share one figure.
 */
import type { TraceSpan } from '../../../src-shared/domain/trace';
import { buildSpanTree, type SpanCategory, spanCategory, timeTicks } from '../../../src-shared/domain/trace-analysis';
import { FIGURE_FONT_FAMILY } from './render';
import { formatDuration } from './report-document';

export const WATERFALL_WIDTH = 760;
const LABEL_WIDTH = 250;
const RIGHT_GUTTER = 70;
const ROW_HEIGHT = 18;
const AXIS_HEIGHT = 26;
const INDENT = 8;
const MAX_INDENT_LEVELS = 8;
/** More rows than this make a figure no one reads on paper: the rest are counted below it. */
export const WATERFALL_MAX_ROWS = 80;

const CATEGORY_COLOURS: Record<SpanCategory, string> = {
  turn: '#3b5bdb',
  phase: '#1c7ed6',
  ai: '#7048e8',
  compensation: '#e8590c',
  api: '#495057',
  other: '#868e96',
};
const ERROR_COLOUR = '#e03131';

export interface WaterfallFigure {
  svg: string;
  width: number;
  height: number;
  /** Spans drawn and spans left out (over WATERFALL_MAX_ROWS). */
  shown: number;
  omitted: number;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Fixed decimals so equal traces give equal bytes and the SVG stays small. */
const n = (value: number) => String(Math.round(value * 100) / 100);

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function waterfallSvg(spans: readonly TraceSpan[]): WaterfallFigure {
  const tree = buildSpanTree(spans);
  const shown = Math.min(tree.size, WATERFALL_MAX_ROWS);
  const omitted = tree.size - shown;
  const barsLeft = LABEL_WIDTH;
  const barsWidth = WATERFALL_WIDTH - LABEL_WIDTH - RIGHT_GUTTER;
  const axisMs = Math.max(tree.endMs - tree.startMs, 0);
  const scale = axisMs > 0 ? barsWidth / axisMs : 0;
  const height = AXIS_HEIGHT + Math.max(shown, 1) * ROW_HEIGHT + (omitted > 0 ? ROW_HEIGHT : 0) + 6;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WATERFALL_WIDTH}" height="${height}" viewBox="0 0 ${WATERFALL_WIDTH} ${height}" font-family="${FIGURE_FONT_FAMILY}" font-size="10">`,
    `<rect x="0" y="0" width="${WATERFALL_WIDTH}" height="${height}" fill="#ffffff"/>`,
  );

  // Axis: round ticks over the trace's duration, a grid line under each.
  const step = timeTicks(axisMs)[1] ?? axisMs;
  const ticks = axisMs > 0 ? timeTicks(axisMs) : [0];
  parts.push(`<text x="4" y="16" fill="#495057" font-weight="bold">Span</text>`);
  for (const tick of ticks) {
    const x = barsLeft + tick * scale;
    const anchor = tick === 0 ? 'start' : tick * scale > barsWidth - 20 ? 'end' : 'middle';
    parts.push(
      `<line x1="${n(x)}" y1="${AXIS_HEIGHT - 6}" x2="${n(x)}" y2="${height - 4}" stroke="#e9ecef" stroke-width="1"/>`,
      `<text x="${n(x)}" y="16" fill="#495057" text-anchor="${anchor}">${escapeXml(tickLabel(tick, step))}</text>`,
    );
  }
  parts.push(`<line x1="0" y1="${AXIS_HEIGHT - 2}" x2="${WATERFALL_WIDTH}" y2="${AXIS_HEIGHT - 2}" stroke="#ced4da" stroke-width="1"/>`);

  if (tree.size === 0) {
    parts.push(`<text x="4" y="${AXIS_HEIGHT + 13}" fill="#868e96">No spans</text>`);
  }
  for (let row = 0; row < shown; row++) {
    const index = tree.order[row] as number;
    const span = spans[index] as TraceSpan;
    const y = AXIS_HEIGHT + row * ROW_HEIGHT;
    const error = span.status === 'error';
    const colour = error ? ERROR_COLOUR : CATEGORY_COLOURS[spanCategory(span.name)];
    const depth = Math.min(tree.depth[index] as number, MAX_INDENT_LEVELS);
    if (row % 2 === 1) parts.push(`<rect x="0" y="${y}" width="${WATERFALL_WIDTH}" height="${ROW_HEIGHT}" fill="#f8f9fa"/>`);
    const labelX = 4 + depth * INDENT;
    const maxChars = Math.max(8, Math.floor((LABEL_WIDTH - labelX - 8) / 5.6));
    parts.push(
      `<text x="${labelX}" y="${y + 12.5}" fill="${error ? ERROR_COLOUR : '#212529'}">${escapeXml(clip(span.name, maxChars))}</text>`,
    );
    const x = barsLeft + (span.startMs - tree.startMs) * scale;
    const width = Math.max(span.durationMs * scale, 1.5);
    parts.push(`<rect x="${n(x)}" y="${y + 4}" width="${n(width)}" height="${ROW_HEIGHT - 8}" rx="1.5" fill="${colour}"/>`);
    const label = `${formatDuration(span.durationMs)}${error ? ' error' : ''}`;
    const end = x + width;
    const right = end + 4 + label.length * 5.6 <= WATERFALL_WIDTH;
    parts.push(
      `<text x="${n(right ? end + 4 : x - 4)}" y="${y + 12.5}" fill="${error ? ERROR_COLOUR : '#495057'}" text-anchor="${right ? 'start' : 'end'}">${escapeXml(label)}</text>`,
    );
  }
  if (omitted > 0) {
    const y = AXIS_HEIGHT + shown * ROW_HEIGHT;
    parts.push(`<text x="4" y="${y + 12.5}" fill="#868e96">… ${omitted} more ${omitted === 1 ? 'span' : 'spans'} not drawn</text>`);
  }
  parts.push('</svg>');
  return { svg: parts.join(''), width: WATERFALL_WIDTH, height, shown, omitted };
}

function tickLabel(offsetMs: number, stepMs: number): string {
  if (offsetMs === 0) return '0';
  if (stepMs >= 1000) return `${Number((offsetMs / 1000).toFixed(stepMs >= 10_000 ? 0 : 1))} s`;
  return `${Number(offsetMs.toFixed(stepMs >= 1 ? 0 : 2))} ms`;
}
