/**
 * OpenMetrics exposition with trace_id exemplars on the turn and phase histograms (SPEC section 2).
 *
 * prom-client keeps exemplars only on OpenMetrics-typed registries, and such a registry renames its
 * counters in place when it renders (it strips `_total` from the metric objects), which would corrupt
 * the Prometheus text that scrapers and the metrics recorder read from the same metric objects. So the
 * registry stays Prometheus-typed, the engine remembers the latest exemplar per histogram bucket here,
 * and the OpenMetrics text is derived from the Prometheus exposition: counter families are named
 * without `_total` in their HELP/TYPE lines, bucket lines get their exemplar, and `# EOF` ends it.
 */

export interface Exemplar {
  traceId: string;
  value: number;
  /** Seconds since the epoch, as OpenMetrics writes exemplar timestamps. */
  timestampS: number;
}

export interface ExemplarStore {
  /** Remembers `traceId` as the exemplar of the bucket `value` falls into. */
  record(metric: string, buckets: readonly number[], labels: Readonly<Record<string, string>>, value: number, traceId: string): void;
  /**
   * The same for one fixed label set, with the bucket keys worked out once: what a hot path keeps next to
   * its pre-bound histogram child.
   */
  series(metric: string, buckets: readonly number[], labels: Readonly<Record<string, string>>): ExemplarSeries;
  /** The exemplar of one bucket line, or undefined. `labels` include `le`. */
  lookup(metric: string, labels: Readonly<Record<string, string>>): Exemplar | undefined;
  /** Forgets everything (the registry was reset). */
  clear(): void;
}

export interface ExemplarSeries {
  record(value: number, traceId: string): void;
}

/** Bucket bound as prom-client prints it in `le`: integers without a decimal point, +Inf for the last. */
function leLabel(bound: number): string {
  return bound === Number.POSITIVE_INFINITY ? '+Inf' : String(bound);
}

function keyOf(metric: string, labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  let key = metric;
  for (const name of names) key += `\u0000${name}\u0001${labels[name]}`;
  return key;
}

export function createExemplarStore(): ExemplarStore {
  const exemplars = new Map<string, Exemplar>();
  const series = (metric: string, buckets: readonly number[], labels: Readonly<Record<string, string>>): ExemplarSeries => {
    const bounds = [...buckets, Number.POSITIVE_INFINITY];
    const keys = bounds.map((bound) => keyOf(`${metric}_bucket`, { ...labels, le: leLabel(bound) }));
    return {
      record(value, traceId) {
        let index = 0;
        while (value > (bounds[index] as number)) index++;
        exemplars.set(keys[index] as string, { traceId, value, timestampS: Date.now() / 1000 });
      },
    };
  };
  return {
    record: (metric, buckets, labels, value, traceId) => series(metric, buckets, labels).record(value, traceId),
    series,
    lookup: (metric, labels) => exemplars.get(keyOf(metric, labels)),
    clear: () => exemplars.clear(),
  };
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!text) return labels;
  for (const match of text.matchAll(LABEL_PAIR)) {
    labels[match[1] as string] = (match[2] as string).replace(/\\(.)/g, (_all, char: string) => (char === 'n' ? '\n' : char));
  }
  return labels;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/**
 * Converts a Prometheus text exposition (0.0.4) of prom-client into OpenMetrics 1.0.0, attaching the
 * stored exemplars to the bucket lines of `exemplarMetrics`.
 */
export function toOpenMetrics(prometheusText: string, exemplars: ExemplarStore, exemplarMetrics: ReadonlySet<string>): string {
  const counters = new Set<string>();
  for (const match of prometheusText.matchAll(/^# TYPE (\S+) counter$/gm)) counters.add(match[1] as string);
  const familyName = (name: string) => (counters.has(name) && name.endsWith('_total') ? name.slice(0, -'_total'.length) : name);

  const out: string[] = [];
  for (const line of prometheusText.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
      const rest = line.slice(7);
      const space = rest.indexOf(' ');
      const name = space === -1 ? rest : rest.slice(0, space);
      out.push(`${line.slice(0, 7)}${familyName(name)}${space === -1 ? '' : rest.slice(space)}`);
      continue;
    }
    const match = SAMPLE_LINE.exec(line);
    const name = match?.[1];
    if (match && name?.endsWith('_bucket') && exemplarMetrics.has(name.slice(0, -'_bucket'.length))) {
      const exemplar = exemplars.lookup(name, parseLabels(match[2]));
      if (exemplar) {
        out.push(`${line} # {trace_id="${exemplar.traceId}"} ${formatValue(exemplar.value)} ${exemplar.timestampS.toFixed(3)}`);
        continue;
      }
    }
    out.push(line);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/**
 * Whether a scraper's Accept header prefers OpenMetrics to the Prometheus text format, by q-value
 * (Prometheus lists openmetrics-text first; a browser or curl sends no preference and gets text).
 */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  if (!accept) return false;
  let openMetrics = -1;
  let text = -1;
  for (const entry of accept.split(',')) {
    const [type = '', ...params] = entry.trim().toLowerCase().split(';');
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) continue;
    if (type.trim() === 'application/openmetrics-text') openMetrics = Math.max(openMetrics, q);
    else if (type.trim() === 'text/plain') text = Math.max(text, q);
  }
  return openMetrics > 0 && openMetrics >= text;
}
