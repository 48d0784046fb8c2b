/**
 * The metrics history as files (SPEC section 8): every recorded raw sample of a time range — and, before
 * the raw retention, each 5-minute rollup's last value — as CSV or as OpenMetrics text with timestamps,
 * written series by series so a long range is never held whole.
 *
 * CSV (RFC 4180: CRLF, fields with a comma, quote or line break quoted, quotes doubled) is tidy: one row
 * per sample, columns `metric` (the exposed sample name: `x_total`, `x_bucket`, `x_sum`), one column per
 * label name used by any exported series (le included; empty where a series lacks it), `timestamp`
 * (ISO 8601 UTC) and `value` (+Inf, -Inf, NaN as OpenMetrics writes them).
 *
 * OpenMetrics 1.0: one block per family (TYPE, HELP, samples), counters under their name without
 * `_total`, one label set after another and, within one, points in time order with timestamps in
 * seconds; a histogram point is its buckets (by le), _sum and _count at one time. `# EOF` ends it.
 * Prometheus backfills it with `promtool tsdb create-blocks-from openmetrics FILE DIR`.
 */
import type { Db } from '../db/database';
import { type MetricType, ROLLUP_BUCKET_MS, type SeriesDbRow, type SeriesRow, toSeriesRow } from '../telemetry/metrics-history';

export interface MetricsExportRange {
  sinceMs: number;
  untilMs: number;
  /** Metric families to export (e.g. novel_engine_turn_duration_seconds); all when absent or empty. */
  metrics?: readonly string[] | undefined;
}

export interface MetricSample {
  ts: number;
  value: number;
}

/** Read-only access to the recorded series and their raw samples (metric_samples and the head). */
export function createMetricSampleReader(db: Db) {
  const allSeries = db.prepare('SELECT id, metric, type, name, labels, le FROM metric_series ORDER BY metric, labels, name, le');
  // Raw samples, and before the oldest raw snapshot (raw retention, default 7 days) the 5-minute rollups'
  // last values, stamped at their bucket's start (the convention of metrics.query).
  const samplesOf = db.prepare(`SELECT ts, value FROM (
      SELECT ts, last AS value FROM metric_rollups
        WHERE series_id = @id AND ts >= @from AND ts <= @to AND ts + ${ROLLUP_BUCKET_MS} <= @rawFrom
      UNION ALL SELECT ts, value FROM metric_samples WHERE series_id = @id AND ts >= @from AND ts <= @to
      UNION ALL SELECT ts, value FROM metric_samples_head WHERE series_id = @id AND ts >= @from AND ts <= @to
    ) ORDER BY ts`);
  const oldestRaw = db.prepare('SELECT min(ts) FROM metric_snapshots').pluck();
  return {
    /** Series of these families (all when `metrics` is empty), ordered by family, labels, name, le. */
    series(metrics?: readonly string[]): SeriesRow[] {
      const wanted = metrics && metrics.length > 0 ? new Set(metrics) : null;
      return (allSeries.all() as SeriesDbRow[]).filter((row) => wanted === null || wanted.has(row.metric)).map(toSeriesRow);
    },
    samples(seriesId: number, fromMs: number, toMs: number): MetricSample[] {
      const rawFrom = (oldestRaw.get() as number | null) ?? Number.MAX_SAFE_INTEGER;
      return samplesOf.all({ id: seriesId, from: fromMs, to: toMs, rawFrom }) as MetricSample[];
    },
    /** The recorded families' names. */
    families(): Set<string> {
      return new Set((allSeries.all() as SeriesDbRow[]).map((row) => row.metric));
    },
  };
}

export type MetricSampleReader = ReturnType<typeof createMetricSampleReader>;

/** A sample value as OpenMetrics (and the CSV) writes it. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function leText(le: number): string {
  return le === Number.POSITIVE_INFINITY ? '+Inf' : String(le);
}

// ---------------------------------------------------------------------------------------------------
// CSV

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

const FIXED_COLUMNS = new Set(['metric', 'timestamp', 'value']);

/** The label columns of these series: every label name used (le for buckets), sorted; a name clashing with a fixed column gets `label_`. */
export function labelColumns(series: readonly SeriesRow[]): { label: string; column: string }[] {
  const names = new Set<string>();
  for (const row of series) {
    for (const name of Object.keys(row.labels)) names.add(name);
    if (row.le !== null) names.add('le');
  }
  return [...names].sort().map((label) => ({ label, column: FIXED_COLUMNS.has(label) ? `label_${label}` : label }));
}

export function* metricsCsvChunks(reader: MetricSampleReader, range: MetricsExportRange): Generator<string> {
  const series = reader.series(range.metrics);
  const columns = labelColumns(series);
  yield csvRow(['metric', ...columns.map((column) => column.column), 'timestamp', 'value']);
  for (const row of series) {
    const labels = columns.map(({ label }) => (label === 'le' && row.le !== null ? leText(row.le) : (row.labels[label] ?? '')));
    let chunk = '';
    for (const sample of reader.samples(row.id, range.sinceMs, range.untilMs)) {
      chunk += csvRow([row.name, ...labels, new Date(sample.ts).toISOString(), formatValue(sample.value)]);
    }
    if (chunk) yield chunk;
  }
}

// ---------------------------------------------------------------------------------------------------
// OpenMetrics

function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

function escapeHelp(text: string): string {
  return text.replace(/[\\"\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

function labelText(labels: Readonly<Record<string, string>>, le: number | null): string {
  const parts = Object.keys(labels)
    .sort()
    .map((name) => `${name}="${escapeLabelValue(labels[name] as string)}"`);
  if (le !== null) parts.push(`le="${leText(le)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

/** OpenMetrics timestamps are seconds since the epoch. */
function timestampText(ms: number): string {
  return String(ms / 1000);
}

/** A counter's OpenMetrics family name: its samples are `<family>_total`. */
function familyName(metric: string, type: MetricType): string {
  return type === 'counter' && metric.endsWith('_total') ? metric.slice(0, -'_total'.length) : metric;
}

/** Order of a point's lines: buckets by le, quantiles, then _sum, _count (the value itself first for a counter or gauge). */
function lineRank(series: SeriesRow): number {
  if (series.le !== null) return 1;
  if (series.name.endsWith('_sum')) return 3;
  if (series.name.endsWith('_count')) return 4;
  return series.labels.quantile !== undefined ? 2 : 0;
}

/** The label set of one OpenMetrics Metric (a histogram's point without le, a summary's without quantile). */
function metricKey(series: SeriesRow): string {
  const { quantile: _quantile, ...rest } = series.labels;
  return JSON.stringify(series.type === 'summary' ? rest : series.labels);
}

export function* openMetricsChunks(
  reader: MetricSampleReader,
  range: MetricsExportRange,
  help: (metric: string) => string | undefined,
): Generator<string> {
  const series = reader.series(range.metrics);
  const families = new Map<string, SeriesRow[]>();
  for (const row of series) {
    const list = families.get(row.metric);
    if (list) list.push(row);
    else families.set(row.metric, [row]);
  }
  for (const [metric, rows] of families) {
    const type = (rows[0] as SeriesRow).type;
    const family = familyName(metric, type);
    // A family only written when it has samples in the range: a TYPE line without samples is noise.
    let header = `# TYPE ${family} ${type}\n# HELP ${family} ${escapeHelp(help(metric) ?? `${metric} (recorded by novel-console)`)}\n`;
    const metrics = new Map<string, SeriesRow[]>();
    for (const row of rows) {
      const key = metricKey(row);
      const list = metrics.get(key);
      if (list) list.push(row);
      else metrics.set(key, [row]);
    }
    for (const parts of metrics.values()) {
      parts.sort((a, b) => lineRank(a) - lineRank(b) || (a.le ?? 0) - (b.le ?? 0) || Number(a.labels.quantile) - Number(b.labels.quantile));
      // Every line of a point at one time: merge the parts' samples by timestamp.
      const points = new Map<number, (string | undefined)[]>();
      parts.forEach((part, index) => {
        const name = type === 'counter' ? `${family}_total` : part.name;
        const labels = labelText(part.labels, part.le);
        for (const sample of reader.samples(part.id, range.sinceMs, range.untilMs)) {
          let lines = points.get(sample.ts);
          if (!lines) {
            lines = new Array<string | undefined>(parts.length).fill(undefined);
            points.set(sample.ts, lines);
          }
          lines[index] = `${name}${labels} ${formatValue(sample.value)} ${timestampText(sample.ts)}\n`;
        }
      });
      let body = '';
      for (const ts of [...points.keys()].sort((a, b) => a - b)) {
        const lines = points.get(ts) as (string | undefined)[];
        // A histogram point missing a part (a series born mid-range) is incomplete: skipped rather than malformed.
        if (type === 'histogram' && lines.some((line) => line === undefined)) continue;
        for (const line of lines) if (line !== undefined) body += line;
      }
      if (!body) continue;
      yield header + body;
      header = '';
    }
  }
  yield '# EOF\n';
}
