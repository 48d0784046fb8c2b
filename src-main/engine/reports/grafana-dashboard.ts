/**
 * Dashboards as Grafana dashboard JSON (the classic model Grafana imports: uid, title, panels on the same
 * 24-column grid with Prometheus targets, time, templating, schemaVersion) and back. The targets query a
 * `${DS_PROMETHEUS}` data source variable, so the file imports into any Grafana with a Prometheus that
 * scrapes the console's /metrics; the PromQL is equivalent to each panel query (promql-query.ts).
 *
 * Import reads what this module writes — and the same shapes from Grafana (a dashboard saved there, with
 * its numeric panel ids and `sum(…) by (…)`) — into our Dashboard schema; a panel whose query has no
 * equivalent is a GrafanaImportError naming the panel. Our own dashboard JSON is accepted as is.
 */
import { z } from 'zod';
import {
  Dashboard,
  type Panel,
  type PanelQuery,
  type PanelType,
  THRESHOLD_COLORS,
  TIME_RANGES,
  type TimeRange,
  type Unit,
} from '../../../src-shared/domain/dashboard';
import { PromqlParseError, panelQueryPromql, parsePanelPromql } from './promql-query';

export const GRAFANA_SCHEMA_VERSION = 39;
/** Our panel id, kept on each Grafana panel so a round trip keeps it (Grafana keeps unknown panel keys). */
const PANEL_ID_KEY = 'novelConsolePanelId';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's data source variable, resolved by Grafana on import.
const DATASOURCE = { type: 'prometheus', uid: '${DS_PROMETHEUS}' } as const;

export class GrafanaImportError extends Error {
  constructor(
    message: string,
    readonly panel?: string,
  ) {
    super(message);
    this.name = 'GrafanaImportError';
  }
}

const GRAFANA_PANEL_TYPE: Record<PanelType, string> = {
  timeseries: 'timeseries',
  stat: 'stat',
  gauge: 'gauge',
  bar: 'barchart',
  heatmap: 'heatmap',
  table: 'table',
  text: 'text',
};
const PANEL_TYPE_OF: Record<string, PanelType> = {
  timeseries: 'timeseries',
  graph: 'timeseries',
  stat: 'stat',
  singlestat: 'stat',
  gauge: 'gauge',
  barchart: 'bar',
  bargauge: 'bar',
  heatmap: 'heatmap',
  table: 'table',
  text: 'text',
};

/** Grafana's unit ids (its "standard options" unit picker). */
const GRAFANA_UNIT: Record<Unit, string> = {
  none: 'none',
  count: 'short',
  percent: 'percent',
  ratio: 'percentunit',
  seconds: 's',
  milliseconds: 'ms',
  bytes: 'bytes',
  dollars: 'currencyUSD',
  per_hour: 'suffix:/h',
  per_second: 'suffix:/s',
};
const UNIT_OF: Record<string, Unit> = {
  ...Object.fromEntries(Object.entries(GRAFANA_UNIT).map(([unit, grafana]) => [grafana, unit as Unit])),
  decbytes: 'bytes',
  dtdurations: 'seconds',
  reqps: 'per_second',
  ops: 'per_second',
  cps: 'per_second',
};

/** The last … preset as Grafana's `now-…`. */
const RANGE_FROM: Record<TimeRange, string> = { '15m': 'now-15m', '1h': 'now-1h', '6h': 'now-6h', '24h': 'now-24h', '7d': 'now-7d' };

type Json = Record<string, unknown>;

function refreshText(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600}h` : seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

function grafanaThresholds(panel: Panel): Json {
  const steps = [...panel.thresholds]
    .sort((a, b) => a.value - b.value)
    .map((threshold) => ({ color: threshold.color, value: threshold.value }));
  // Grafana's first step starts at -Infinity (value null); below our lowest threshold a value has no colour.
  return { mode: 'absolute', steps: [{ color: 'text', value: null }, ...steps] };
}

function grafanaMappings(panel: Panel): Json[] {
  if (panel.mappings.length === 0) return [];
  return [
    {
      type: 'value',
      options: Object.fromEntries(
        panel.mappings.map((mapping, index) => [
          String(mapping.value),
          { text: mapping.text, index, ...(mapping.color ? { color: mapping.color } : {}) },
        ]),
      ),
    },
  ];
}

const LAST_VALUE = { calcs: ['lastNotNull'], fields: '', values: false };

function grafanaOptions(panel: Panel): Json {
  switch (panel.type) {
    case 'timeseries':
      return { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'none' } };
    case 'stat':
      return {
        reduceOptions: LAST_VALUE,
        colorMode: 'value',
        graphMode: 'none',
        justifyMode: 'auto',
        textMode: 'value',
        orientation: 'auto',
      };
    case 'gauge':
      return { reduceOptions: LAST_VALUE, showThresholdMarkers: true, showThresholdLabels: false, orientation: 'auto' };
    case 'bar':
      return { orientation: 'horizontal', showValue: 'always', legend: { showLegend: false, displayMode: 'list', placement: 'bottom' } };
    case 'heatmap':
      return { calculate: false, yAxis: { unit: GRAFANA_UNIT[panel.unit] }, cellGap: 1, color: { mode: 'scheme', scheme: 'Blues' } };
    case 'table':
      return { showHeader: true, cellHeight: 'sm' };
    case 'text':
      return { mode: 'markdown', content: panel.text ?? '' };
  }
}

function grafanaTarget(panel: Panel, query: PanelQuery): Json {
  const instant = panel.type === 'bar' || panel.type === 'table';
  return {
    refId: query.ref,
    datasource: DATASOURCE,
    expr: panelQueryPromql(query),
    legendFormat: query.legend ?? '',
    range: !instant,
    instant,
    ...(panel.type === 'heatmap' ? { format: 'heatmap' } : instant ? { format: 'table' } : {}),
  };
}

function grafanaPanel(panel: Panel, index: number): Json {
  const base: Json = {
    id: index + 1,
    [PANEL_ID_KEY]: panel.id,
    type: GRAFANA_PANEL_TYPE[panel.type],
    title: panel.title,
    description: panel.description,
    gridPos: { ...panel.gridPos },
  };
  if (panel.type === 'text') return { ...base, options: grafanaOptions(panel) };
  const defaults: Json = {
    unit: GRAFANA_UNIT[panel.unit],
    thresholds: grafanaThresholds(panel),
    mappings: grafanaMappings(panel),
    color: { mode: panel.thresholds.length > 0 && panel.type !== 'timeseries' ? 'thresholds' : 'palette-classic' },
  };
  if (panel.decimals !== undefined) defaults.decimals = panel.decimals;
  if (panel.min !== undefined) defaults.min = panel.min;
  if (panel.max !== undefined) defaults.max = panel.max;
  // Grafana shows this where a panel has no data: our empty state's explanation.
  if (panel.text) defaults.noValue = panel.text;
  return {
    ...base,
    datasource: DATASOURCE,
    targets: panel.queries.map((query) => grafanaTarget(panel, query)),
    fieldConfig: { defaults, overrides: [] },
    options: grafanaOptions(panel),
    ...(panel.type === 'table' ? { transformations: [{ id: 'reduce', options: { reducers: ['lastNotNull'] } }] } : {}),
  };
}

/** The classic Grafana dashboard model of a dashboard. */
export function dashboardToGrafana(dashboard: Dashboard): Json {
  return {
    uid: dashboard.id,
    title: dashboard.title,
    description: dashboard.description,
    tags: ['novel-console'],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    schemaVersion: GRAFANA_SCHEMA_VERSION,
    version: 1,
    time: { from: RANGE_FROM[dashboard.defaultRange], to: 'now' },
    refresh: refreshText(dashboard.refreshS),
    templating: {
      list: [
        {
          name: 'DS_PROMETHEUS',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
          regex: '',
          options: [],
        },
      ],
    },
    annotations: { list: [] },
    links: [],
    panels: dashboard.panels.map(grafanaPanel),
  };
}

// ------------------------------------------------------------------------------------------ import

const GrafanaTarget = z.looseObject({
  refId: z.string().optional(),
  expr: z.string().optional(),
  legendFormat: z.string().optional(),
  hide: z.boolean().optional(),
});
const GrafanaStep = z.looseObject({ color: z.string(), value: z.number().nullable().optional() });
const GrafanaPanel = z.looseObject({
  id: z.union([z.number(), z.string()]).optional(),
  [PANEL_ID_KEY]: z.string().optional(),
  type: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  gridPos: z.looseObject({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
  targets: z.array(GrafanaTarget).optional(),
  options: z.looseObject({ content: z.string().optional() }).optional(),
  fieldConfig: z
    .looseObject({
      defaults: z
        .looseObject({
          unit: z.string().optional(),
          decimals: z.number().nullable().optional(),
          min: z.number().nullable().optional(),
          max: z.number().nullable().optional(),
          noValue: z.string().optional(),
          thresholds: z.looseObject({ steps: z.array(GrafanaStep).optional() }).optional(),
          mappings: z.array(z.looseObject({ type: z.string(), options: z.unknown() })).optional(),
        })
        .optional(),
    })
    .optional(),
  panels: z.array(z.unknown()).optional(),
});
type GrafanaPanel = z.infer<typeof GrafanaPanel>;
const GrafanaDashboard = z.looseObject({
  uid: z.string().optional(),
  title: z.string(),
  description: z.string().optional(),
  time: z.looseObject({ from: z.string().optional() }).optional(),
  refresh: z.union([z.string(), z.boolean()]).optional(),
  panels: z.array(z.unknown()),
});

function thresholdColorOf(color: string): (typeof THRESHOLD_COLORS)[number] | null {
  const name = color.toLowerCase();
  if (name === 'text' || name === 'transparent') return null;
  const known = THRESHOLD_COLORS.find((candidate) => name.includes(candidate));
  if (known) return known;
  if (name.includes('purple')) return 'blue';
  return 'blue';
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'panel'
  );
}

function seconds(text: string | boolean | undefined): number {
  if (typeof text !== 'string') return 30;
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match) return 30;
  const size = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Math.min(3600, Math.max(5, Number(match[1]) * size));
}

function rangeOf(from: string | undefined): TimeRange {
  const match = /^now-(\d+[mhdw])$/.exec(from ?? '');
  const wanted = match?.[1] === '1d' ? '24h' : match?.[1];
  return TIME_RANGES.find((range) => range === wanted) ?? '1h';
}

function panelFromGrafana(raw: GrafanaPanel, usedIds: Set<string>): Panel {
  const title = raw.title?.trim() || `Panel ${raw.id ?? usedIds.size + 1}`;
  const name = `panel "${title}"`;
  const type = PANEL_TYPE_OF[raw.type];
  if (!type) throw new GrafanaImportError(`${name}: Grafana panel type ${raw.type} has no equivalent here`, title);
  let id = raw[PANEL_ID_KEY] && /^[a-z0-9-]+$/.test(raw[PANEL_ID_KEY]) ? raw[PANEL_ID_KEY] : slug(title);
  for (let suffix = 2; usedIds.has(id); suffix += 1) id = `${slug(title)}-${suffix}`;
  usedIds.add(id);
  const defaults = raw.fieldConfig?.defaults ?? {};
  const queries: PanelQuery[] = [];
  if (type !== 'text') {
    for (const [index, target] of (raw.targets ?? []).entries()) {
      if (target.hide || !target.expr) continue;
      let parsed: ReturnType<typeof parsePanelPromql>;
      try {
        parsed = parsePanelPromql(target.expr);
      } catch (error) {
        const reason = error instanceof PromqlParseError ? error.message : String(error);
        throw new GrafanaImportError(`${name}, query ${target.refId ?? index + 1}: ${reason}`, title);
      }
      const ref = target.refId && /^[A-Za-z][A-Za-z0-9_]*$/.test(target.refId) ? target.refId : String.fromCharCode(65 + index);
      const legend = target.legendFormat && target.legendFormat !== '__auto' ? target.legendFormat : undefined;
      queries.push({ ...parsed, ref, ...(legend ? { legend } : {}) });
    }
    if (queries.length === 0) throw new GrafanaImportError(`${name}: no Prometheus query (expr) to import`, title);
  }
  const thresholds = (defaults.thresholds?.steps ?? []).flatMap((step) => {
    const color = thresholdColorOf(step.color);
    if (!color) return [];
    // Grafana's base step (null) starts at -Infinity: the lowest finite number stands in for it.
    return [{ value: step.value ?? -Number.MAX_VALUE, color }];
  });
  const mappings = (defaults.mappings ?? []).flatMap((mapping) => {
    if (mapping.type !== 'value' || typeof mapping.options !== 'object' || mapping.options === null) return [];
    return Object.entries(mapping.options as Record<string, { text?: string; color?: string; index?: number }>)
      .filter(([value, result]) => Number.isFinite(Number(value)) && result.text)
      .sort(([, a], [, b]) => (a.index ?? 0) - (b.index ?? 0))
      .map(([value, result]) => {
        const color = result.color ? thresholdColorOf(result.color) : null;
        return { value: Number(value), text: result.text as string, ...(color ? { color } : {}) };
      });
  });
  const text = type === 'text' ? raw.options?.content : defaults.noValue;
  const candidate = {
    id,
    title: title.slice(0, 120),
    description: raw.description ?? '',
    type,
    gridPos: { x: raw.gridPos.x, y: raw.gridPos.y, w: raw.gridPos.w, h: Math.max(2, raw.gridPos.h) },
    unit: UNIT_OF[defaults.unit ?? 'none'] ?? 'none',
    ...(typeof defaults.decimals === 'number' ? { decimals: defaults.decimals } : {}),
    ...(typeof defaults.min === 'number' ? { min: defaults.min } : {}),
    ...(typeof defaults.max === 'number' ? { max: defaults.max } : {}),
    thresholds,
    mappings,
    queries,
    ...(text ? { text } : {}),
  };
  return candidate as Panel;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? error.message}`;
}

/**
 * A dashboard from a Grafana dashboard JSON (ours or Grafana's classic model, also wrapped as
 * `{ dashboard: … }` like Grafana's API answers) or from our own dashboard JSON.
 */
export function grafanaToDashboard(json: unknown): Dashboard {
  const unwrapped =
    typeof json === 'object' && json !== null && 'dashboard' in json && !('panels' in json) ? (json as Json).dashboard : json;
  // Our own definition: validated as is.
  if (typeof unwrapped === 'object' && unwrapped !== null && 'id' in unwrapped && typeof (unwrapped as Json).id === 'string') {
    const own = Dashboard.safeParse(unwrapped);
    if (own.success) return own.data;
    if (!('uid' in unwrapped)) throw new GrafanaImportError(`not a valid dashboard definition: ${issueText(own.error)}`);
  }
  const parsed = GrafanaDashboard.safeParse(unwrapped);
  if (!parsed.success) {
    throw new GrafanaImportError(`not a Grafana dashboard or a console dashboard: ${issueText(parsed.error)}`);
  }
  const grafana = parsed.data;
  const usedIds = new Set<string>();
  const flat: unknown[] = [];
  // Rows (collapsed ones hold their panels) are flattened: our grid has no rows.
  for (const raw of grafana.panels) {
    const row = GrafanaPanel.safeParse(raw);
    if (row.success && row.data.type === 'row') flat.push(...(row.data.panels ?? []));
    else flat.push(raw);
  }
  const panels = flat.map((raw, index) => {
    const panel = GrafanaPanel.safeParse(raw);
    if (!panel.success) throw new GrafanaImportError(`panel ${index + 1} is not a Grafana panel: ${issueText(panel.error)}`);
    return panelFromGrafana(panel.data, usedIds);
  });
  const candidate = {
    id: slug(grafana.uid ?? grafana.title),
    title: grafana.title.slice(0, 120),
    description: grafana.description ?? '',
    defaultRange: rangeOf(grafana.time?.from),
    refreshS: seconds(grafana.refresh),
    panels,
  };
  const result = Dashboard.safeParse(candidate);
  if (!result.success) {
    const issue = result.error.issues[0];
    const panelIndex = issue?.path[0] === 'panels' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    const panelTitle = panelIndex !== null ? panels[panelIndex]?.title : undefined;
    throw new GrafanaImportError(
      `${panelTitle ? `panel "${panelTitle}": ` : ''}the dashboard does not fit the console's schema at ${issue?.path.join('.')}: ${issue?.message}`,
      panelTitle,
    );
  }
  return result.data;
}
