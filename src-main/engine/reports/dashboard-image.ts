/**
 * A dashboard as one picture, drawn in Node without a browser (SPEC section 8): every panel's queries run
 * through metrics.query's engine, charts get the same ECharts options as the Dashboards page (the shared
 * builders in src-shared/charts) in a fixed light palette and are rendered by ECharts' server-side SVG
 * renderer; stats, tables, text and empty panels are drawn as SVG like the page draws them in HTML. The
 * panels sit on the page's 24-column grid (30 px rows, 8 px gaps) under a header with the title, the
 * range and when it was generated. PNG through resvg; PDF (A4 landscape, split between panel rows)
 * through pdfkit with the figures as vectors.
 */
import { type ChartColors, chartOption } from '../../../src-shared/charts/chart-options';
import { type DrawnSeries, hasNoValues, latestPoint, latestRows, querySeries } from '../../../src-shared/charts/panel-data';
import { mappedValue, thresholdColor } from '../../../src-shared/charts/panel-style';
import { RANGE_PRESETS, type ResolvedRange, stepFor } from '../../../src-shared/charts/time-range';
import { formatValue } from '../../../src-shared/charts/unit-format';
import type { Dashboard, Panel, TimeRange } from '../../../src-shared/domain/dashboard';
import type { MetricQuery, MetricSeries } from '../../../src-shared/domain/metrics-query';
import { ContractError } from '../../../src-shared/errors';
import type { MetricsQueryService } from '../telemetry/metrics-query';
import { FIGURE_FONT_FAMILY, placeSvg, svgToPng, writePdf } from './render';
import { renderLibraries } from './render-libraries';
import { fitText, installEchartsTextMeasure, textWidth } from './text-measure';

/** The console's light theme (styles.css), fixed: an exported picture does not follow the viewer's theme. */
export const LIGHT_CHART_COLORS: ChartColors = {
  fontFamily: FIGURE_FONT_FAMILY,
  text: '#1b1f24',
  muted: '#58606b',
  grid: '#d9dde3',
  surface: '#ffffff',
  series: ['#2f62d6', '#d9480f', '#2b8a3e', '#9c36b5', '#c2255c', '#0b7285', '#b8860b', '#495057'],
  thresholds: { green: '#17803d', yellow: '#a67c00', orange: '#9a5b00', red: '#c4291c', blue: '#2f62d6' },
  heatLow: '#eaf0fc',
  heatHigh: '#173a8f',
};
const PAGE_BACKGROUND = '#f3f4f6';

/** The grid of the Dashboards page, in SVG units (CSS pixels). */
const GRID_WIDTH = 1440;
const ROW_HEIGHT = 30;
const GAP = 8;
const MARGIN = 24;
const HEADER_HEIGHT = 86;
const COLUMN_WIDTH = (GRID_WIDTH - 23 * GAP) / 24;
const TITLE_HEIGHT = 34;
const EXPORT_MAX_POINTS = 250;

export interface PanelResult {
  series: DrawnSeries[];
  /** Set when the panel's queries failed: the engine's code and message, as the page shows them. */
  error?: { code: string; message: string };
}

export interface DashboardSnapshot {
  dashboard: Dashboard;
  range: TimeRange;
  window: ResolvedRange;
  generatedAtMs: number;
  panels: Map<string, PanelResult>;
}

/** The drawn series of every panel for `range` ending at `nowMs`; a failed panel carries its error. */
export function snapshotDashboard(
  metricsQuery: MetricsQueryService,
  dashboard: Dashboard,
  range: TimeRange,
  nowMs: number,
  generatedAtMs = nowMs,
): DashboardSnapshot {
  const seconds = RANGE_PRESETS.find((preset) => preset.id === range)?.seconds ?? 3600;
  const window: ResolvedRange = { startMs: nowMs - seconds * 1000, endMs: nowMs };
  // A chart is at most ~700 px wide on paper: ~250 points per series are as many as it can show.
  const stepS = stepFor(window, EXPORT_MAX_POINTS);
  const start = new Date(window.startMs).toISOString();
  const end = new Date(window.endMs).toISOString();
  const answers = new Map<string, MetricSeries[]>();
  const run = (query: MetricQuery): MetricSeries[] => {
    const request = {
      metric: query.metric,
      matchers: query.matchers,
      fn: query.fn,
      ...(query.q !== undefined ? { q: query.q } : {}),
      windowS: query.windowS,
      ...(query.by !== undefined ? { by: query.by } : {}),
      start,
      end,
      stepS,
    };
    const key = JSON.stringify(request);
    let series = answers.get(key);
    if (!series) {
      series = metricsQuery.query(request).series;
      answers.set(key, series);
    }
    return series;
  };
  const panels = new Map<string, PanelResult>();
  for (const panel of dashboard.panels) {
    if (panel.type === 'text') continue;
    try {
      const series = panel.queries.flatMap((query) =>
        querySeries(query, run(query), query.denominator ? run(query.denominator) : undefined),
      );
      panels.set(panel.id, { series });
    } catch (error) {
      const code = error instanceof ContractError ? error.code : 'internal';
      panels.set(panel.id, { series: [], error: { code, message: error instanceof Error ? error.message : String(error) } });
    }
  }
  return { dashboard, range, window, generatedAtMs, panels };
}

// ------------------------------------------------------------------------------------------ drawing

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function truncate(text: string, width: number, fontSize: number, isBold = false): string {
  return fitText(text, width, fontSize, isBold);
}

/** Greedy word wrap by measured width; at most `maxLines`, the last one ellipsised. */
function wrap(text: string, width: number, fontSize: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (textWidth(next, fontSize) <= width) line = next;
      else {
        if (line) lines.push(line);
        line = fitText(word, width, fontSize);
      }
    }
    lines.push(line);
  }
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = fitText(`${kept[maxLines - 1]} …`, width, fontSize);
    return kept;
  }
  return lines;
}

function textLines(
  lines: readonly string[],
  x: number,
  y: number,
  fontSize: number,
  fill: string,
  anchor = 'start',
  lineHeight = 1.4,
): string {
  return lines
    .map(
      (line, index) =>
        `<text x="${x}" y="${(y + index * fontSize * lineHeight).toFixed(1)}" font-size="${fontSize}" fill="${fill}" text-anchor="${anchor}">${escapeXml(line)}</text>`,
    )
    .join('');
}

function panelSize(panel: Panel): { width: number; height: number } {
  return {
    width: panel.gridPos.w * COLUMN_WIDTH + (panel.gridPos.w - 1) * GAP,
    height: panel.gridPos.h * ROW_HEIGHT + (panel.gridPos.h - 1) * GAP,
  };
}

/** ECharts' SSR SVG placed at (x, y): its hover styles dropped (they mean nothing on paper). */
function chartSvg(option: Record<string, unknown>, x: number, y: number, width: number, height: number): string {
  installEchartsTextMeasure();
  const chart = renderLibraries().echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    const svg = chart.renderToSVGString();
    return svg
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/^<svg [^>]*>/, `<svg x="${x}" y="${y}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  } finally {
    chart.dispose();
  }
}

function statBody(panel: Panel, result: PanelResult, width: number, height: number): string {
  const latest = result.series.map((one) => latestPoint(one.points)).find((point) => point !== null) ?? null;
  const value = latest?.value ?? null;
  const mapped = mappedValue(value, panel.mappings);
  const color = mapped?.color ?? thresholdColor(value, panel.thresholds);
  const text = mapped?.text ?? formatValue(value, panel.unit, panel.decimals);
  const fontSize = Math.max(14, Math.min(40, height * 0.6, ((width - 8) / textWidth(text, 100, true)) * 100));
  return `<text x="${width / 2}" y="${height / 2 + fontSize * 0.36}" font-size="${fontSize.toFixed(1)}" font-weight="bold" fill="${
    color ? LIGHT_CHART_COLORS.thresholds[color] : LIGHT_CHART_COLORS.text
  }" text-anchor="middle">${escapeXml(text)}</text>`;
}

function tableBody(panel: Panel, result: PanelResult, width: number, height: number): string {
  const rows = latestRows(result.series);
  const rowHeight = 22;
  const fontSize = 12;
  const fitting = Math.max(1, Math.floor((height - rowHeight) / rowHeight));
  const shown = rows.length > fitting ? rows.slice(0, fitting - 1) : rows;
  const parts = [
    `<text x="4" y="15" font-size="${fontSize}" font-weight="bold" fill="${LIGHT_CHART_COLORS.muted}">Series</text>`,
    `<text x="${width - 4}" y="15" font-size="${fontSize}" font-weight="bold" fill="${LIGHT_CHART_COLORS.muted}" text-anchor="end">Value</text>`,
    `<line x1="0" y1="${rowHeight - 0.5}" x2="${width}" y2="${rowHeight - 0.5}" stroke="${LIGHT_CHART_COLORS.grid}"/>`,
  ];
  shown.forEach((row, index) => {
    const y = rowHeight * (index + 1);
    const mapped = mappedValue(row.value, panel.mappings);
    const color = mapped?.color ?? thresholdColor(row.value, panel.thresholds);
    const value = mapped?.text ?? formatValue(row.value, panel.unit, panel.decimals);
    parts.push(
      `<text x="4" y="${y + 15}" font-size="${fontSize}" fill="${LIGHT_CHART_COLORS.text}">${escapeXml(truncate(row.name, width - 110, fontSize))}</text>`,
      `<text x="${width - 4}" y="${y + 15}" font-size="${fontSize}" fill="${color ? LIGHT_CHART_COLORS.thresholds[color] : LIGHT_CHART_COLORS.text}" text-anchor="end">${escapeXml(value)}</text>`,
      `<line x1="0" y1="${y + rowHeight - 0.5}" x2="${width}" y2="${y + rowHeight - 0.5}" stroke="${LIGHT_CHART_COLORS.grid}" stroke-opacity="0.6"/>`,
    );
  });
  if (shown.length < rows.length) {
    parts.push(
      `<text x="4" y="${rowHeight * (shown.length + 1) + 15}" font-size="${fontSize}" fill="${LIGHT_CHART_COLORS.muted}">and ${rows.length - shown.length} more</text>`,
    );
  }
  return parts.join('');
}

function emptyBody(panel: Panel, title: string, width: number, height: number): string {
  const detail = panel.text ? wrap(panel.text, width - 24, 12, Math.max(1, Math.floor((height - 40) / 17))) : [];
  const top = height / 2 - (detail.length * 17) / 2;
  return (
    textLines([title], width / 2, top, 14, LIGHT_CHART_COLORS.muted, 'middle') +
    textLines(detail, width / 2, top + 22, 12, LIGHT_CHART_COLORS.muted, 'middle')
  );
}

function errorBody(error: { code: string; message: string }, width: number, height: number): string {
  const lines = wrap(`${error.code}: ${error.message}`, width - 16, 12, Math.max(1, Math.floor((height - 8) / 17)));
  return textLines(lines, 8, 18, 12, LIGHT_CHART_COLORS.thresholds.red);
}

const LEGEND_ROW_HEIGHT = 20;

/**
 * Paper cannot scroll: a scrolling legend (the page's, for many series) becomes a plain one wrapped over
 * as many rows as its entries need, and the plot leaves room for them.
 */
function forPaper(option: Record<string, unknown>, series: readonly DrawnSeries[], width: number): Record<string, unknown> {
  const legend = option.legend as Record<string, unknown> | undefined;
  if (legend?.type !== 'scroll') return option;
  const itemGap = 10;
  let rows = 1;
  let used = 0;
  for (const one of series) {
    const item = 25 + 5 + textWidth(one.name, 12) + itemGap;
    if (used > 0 && used + item > width) {
      rows += 1;
      used = 0;
    }
    used += item;
  }
  const grid = option.grid as Record<string, unknown>;
  return {
    ...option,
    legend: { ...legend, type: 'plain', itemGap, width, bottom: 0 },
    grid: { ...grid, bottom: 10 + rows * LEGEND_ROW_HEIGHT },
  };
}

/** One panel as an SVG group at its grid place, `rowOffset` rows up (a later PDF page). */
function panelSvg(snapshot: DashboardSnapshot, panel: Panel, top: number, rowOffset: number): string {
  const { width, height } = panelSize(panel);
  const x = MARGIN + panel.gridPos.x * (COLUMN_WIDTH + GAP);
  const y = top + (panel.gridPos.y - rowOffset) * (ROW_HEIGHT + GAP);
  const bodyX = 10;
  const bodyY = TITLE_HEIGHT;
  const bodyWidth = width - 20;
  const bodyHeight = height - TITLE_HEIGHT - 8;
  const result = snapshot.panels.get(panel.id);
  let body: string;
  if (panel.type === 'text') {
    body = textLines(wrap(panel.text ?? '', bodyWidth, 13, Math.max(1, Math.floor(bodyHeight / 18))), 0, 14, 13, LIGHT_CHART_COLORS.text);
  } else if (!result) {
    body = emptyBody(panel, 'No data in this range', bodyWidth, bodyHeight);
  } else if (result.error && panel.text && result.error.code === 'not_found') {
    body = emptyBody(panel, 'No data yet', bodyWidth, bodyHeight);
  } else if (result.error) {
    body = errorBody(result.error, bodyWidth, bodyHeight);
  } else if (hasNoValues(result.series)) {
    body = emptyBody(panel, 'No data in this range', bodyWidth, bodyHeight);
  } else if (panel.type === 'stat') {
    body = statBody(panel, result, bodyWidth, bodyHeight);
  } else if (panel.type === 'table') {
    body = tableBody(panel, result, bodyWidth, bodyHeight);
  } else {
    const option = chartOption(panel, result.series, LIGHT_CHART_COLORS, snapshot.window);
    body = option ? chartSvg(forPaper(option, result.series, bodyWidth), 0, 0, Math.round(bodyWidth), Math.round(bodyHeight)) : '';
  }
  return [
    `<g transform="translate(${x.toFixed(2)} ${y})">`,
    `<rect x="0.5" y="0.5" width="${(width - 1).toFixed(2)}" height="${height - 1}" rx="6" fill="${LIGHT_CHART_COLORS.surface}" stroke="${LIGHT_CHART_COLORS.grid}"/>`,
    `<text x="12" y="22" font-size="13" font-weight="bold" fill="${LIGHT_CHART_COLORS.text}">${escapeXml(truncate(panel.title, width - 24, 13, true))}</text>`,
    `<g transform="translate(${bodyX} ${bodyY})">${body}</g>`,
    '</g>',
  ].join('');
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `2026-11-23 14:05 UTC+01:00` in the engine's local time zone, like the page's clock. */
export function stampText(ms: number, withZone = true): string {
  const date = new Date(ms);
  const text = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (!withZone) return text;
  const offset = -date.getTimezoneOffset();
  return `${text} UTC${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

function headerSvg(snapshot: DashboardSnapshot, width: number, page?: { index: number; count: number }): string {
  const label = RANGE_PRESETS.find((preset) => preset.id === snapshot.range)?.label ?? snapshot.range;
  const rangeLine = `${label} · ${stampText(snapshot.window.startMs, false)} – ${stampText(snapshot.window.endMs)}`;
  const generated = `Generated ${stampText(snapshot.generatedAtMs)} by Novel Engine Console${page && page.count > 1 ? ` · page ${page.index + 1} of ${page.count}` : ''}`;
  return [
    `<text x="${MARGIN}" y="${MARGIN + 20}" font-size="22" font-weight="bold" fill="${LIGHT_CHART_COLORS.text}">${escapeXml(snapshot.dashboard.title)}</text>`,
    `<text x="${width - MARGIN}" y="${MARGIN + 20}" font-size="13" fill="${LIGHT_CHART_COLORS.text}" text-anchor="end">${escapeXml(rangeLine)}</text>`,
    `<text x="${MARGIN}" y="${MARGIN + 44}" font-size="12" fill="${LIGHT_CHART_COLORS.muted}">${escapeXml(truncate(snapshot.dashboard.description, width * 0.6, 12))}</text>`,
    `<text x="${width - MARGIN}" y="${MARGIN + 44}" font-size="12" fill="${LIGHT_CHART_COLORS.muted}" text-anchor="end">${escapeXml(generated)}</text>`,
  ].join('');
}

/** Rows [from, to) of the grid as one SVG document with the header on top. */
function composeSvg(
  snapshot: DashboardSnapshot,
  bodies: Map<string, string>,
  from: number,
  to: number,
  page?: { index: number; count: number },
): string {
  const width = GRID_WIDTH + 2 * MARGIN;
  const rows = Math.max(1, to - from);
  const height = HEADER_HEIGHT + rows * ROW_HEIGHT + (rows - 1) * GAP + MARGIN;
  const panels = snapshot.dashboard.panels.filter((panel) => panel.gridPos.y >= from && panel.gridPos.y < to);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FIGURE_FONT_FAMILY}">`,
    `<rect width="${width}" height="${height}" fill="${PAGE_BACKGROUND}"/>`,
    headerSvg(snapshot, width, page),
    ...panels.map((panel) => bodies.get(panel.id) ?? ''),
    '</svg>',
  ].join('');
}

function gridRows(dashboard: Dashboard): number {
  return Math.max(...dashboard.panels.map((panel) => panel.gridPos.y + panel.gridPos.h));
}

/** Every panel drawn once (charts are the expensive part), placed for the rows starting at `from`. */
function drawPanels(snapshot: DashboardSnapshot, pages: readonly { from: number }[]): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const panel of snapshot.dashboard.panels) {
    const page = [...pages].reverse().find((candidate) => panel.gridPos.y >= candidate.from) ?? { from: 0 };
    bodies.set(panel.id, panelSvg(snapshot, panel, HEADER_HEIGHT, page.from));
  }
  return bodies;
}

/** The whole dashboard as one SVG document. */
export function dashboardSvg(snapshot: DashboardSnapshot): string {
  return composeSvg(snapshot, drawPanels(snapshot, [{ from: 0 }]), 0, gridRows(snapshot.dashboard));
}

/** The whole dashboard as PNG, 1.5 device pixels per CSS pixel unless told (sharp, and quick to rasterise). */
export function dashboardPng(snapshot: DashboardSnapshot, scale = 1.5): Buffer {
  return svgToPng(dashboardSvg(snapshot), scale);
}

const A4_LANDSCAPE = { width: 841.89, height: 595.28 };
const PDF_MARGIN = 24;
/** Shrinking a dashboard by up to this factor (of the page-width scale) to keep it on one page. */
const ONE_PAGE_MIN_SCALE = 0.8;

/**
 * Page breaks between panel rows: a page takes as many whole rows as fit at the page's width; a row
 * boundary inside a panel is never a break, and a panel taller than a page gets a page scaled to fit.
 */
export function pageBreaks(dashboard: Dashboard, rowsPerPage: number): { from: number; to: number }[] {
  const total = gridRows(dashboard);
  const cuts = new Set<number>([total]);
  for (let row = 1; row < total; row += 1) {
    if (dashboard.panels.every((panel) => panel.gridPos.y >= row || panel.gridPos.y + panel.gridPos.h <= row)) cuts.add(row);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pages: { from: number; to: number }[] = [];
  let from = 0;
  while (from < total) {
    const after = sorted.filter((cut) => cut > from);
    const fitting = after.filter((cut) => cut - from <= rowsPerPage);
    const to = fitting.at(-1) ?? (after[0] as number);
    pages.push({ from, to });
    from = to;
  }
  return pages;
}

/** The dashboard as an A4 landscape PDF, scaled to the page's width, split between panel rows when much taller than a page. */
export function dashboardPdf(snapshot: DashboardSnapshot): Promise<Buffer> {
  const width = GRID_WIDTH + 2 * MARGIN;
  const usableWidth = A4_LANDSCAPE.width - 2 * PDF_MARGIN;
  const usableHeight = A4_LANDSCAPE.height - 2 * PDF_MARGIN;
  const scale = usableWidth / width;
  const rowsPerPage = Math.floor((usableHeight / scale - HEADER_HEIGHT - MARGIN + GAP) / (ROW_HEIGHT + GAP));
  const rows = gridRows(snapshot.dashboard);
  const fullHeight = HEADER_HEIGHT + rows * ROW_HEIGHT + (rows - 1) * GAP + MARGIN;
  // A dashboard a little taller than a page is shrunk onto one rather than split (text stays readable).
  const onOnePage = usableHeight / fullHeight >= ONE_PAGE_MIN_SCALE * scale;
  const pages = onOnePage ? [{ from: 0, to: rows }] : pageBreaks(snapshot.dashboard, rowsPerPage);
  const bodies = drawPanels(snapshot, pages);
  const svgs = pages.map((page, index) => composeSvg(snapshot, bodies, page.from, page.to, { index, count: pages.length }));
  return writePdf(
    {
      title: `${snapshot.dashboard.title} — ${RANGE_PRESETS.find((preset) => preset.id === snapshot.range)?.label ?? snapshot.range}`,
      layout: 'landscape',
      margin: PDF_MARGIN,
    },
    (doc) => {
      svgs.forEach((svg, index) => {
        if (index > 0) doc.addPage();
        const height = Number(/height="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? usableHeight);
        const fit = Math.min(scale, usableHeight / height);
        placeSvg(doc, svg, PDF_MARGIN, PDF_MARGIN, width * fit, height * fit);
      });
    },
    new Date(snapshot.generatedAtMs),
  );
}
