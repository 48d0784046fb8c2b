/**
 * From `metrics.query` answers to what a panel draws: the query's denominator divides each point by the
 * summed denominator at the same instant, then `scale` multiplies (PromQL: `sum(a) / sum(b) * scale`);
 * series get their legend names; stats, gauges, bars and tables reduce a series to its latest value.
 */
import type { PanelQuery } from '../domain/dashboard';
import type { MetricSeries } from '../domain/metrics-query';

export type Point = readonly [number, number | null];

export interface DrawnSeries {
  /** Unique within the panel: the query's ref and the series' labels. */
  key: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  points: readonly Point[];
}

/** Sums the series point by point, per instant; an instant where every series is null stays null. */
export function sumByInstant(series: readonly MetricSeries[]): Map<number, number | null> {
  const sums = new Map<number, number | null>();
  for (const { points } of series) {
    for (const [at, value] of points) {
      const previous = sums.get(at) ?? null;
      if (value === null) {
        if (!sums.has(at)) sums.set(at, null);
      } else {
        sums.set(at, (previous ?? 0) + value);
      }
    }
  }
  return sums;
}

/**
 * `value / denominator(at) * scale` for every point. No denominator sample at an instant, or a zero
 * one, leaves no value there (0/0 turns in a quiet hour is not a 0% success rate).
 */
export function applyScaleAndDenominator(
  series: readonly MetricSeries[],
  scale: number,
  denominator?: readonly MetricSeries[],
): MetricSeries[] {
  const divisors = denominator ? sumByInstant(denominator) : null;
  return series.map((one) => ({
    labels: one.labels,
    points: one.points.map(([at, value]): [number, number | null] => {
      if (value === null) return [at, null];
      if (!divisors) return [at, value * scale];
      const divisor = divisors.get(at) ?? null;
      if (divisor === null || divisor === 0) return [at, null];
      return [at, (value / divisor) * scale];
    }),
  }));
}

/** `{{model}} {{token_type}}` with the series' labels; a missing label reads as empty. */
export function legendName(template: string | undefined, labels: Readonly<Record<string, string>>, fallback: string): string {
  if (template)
    return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_match, name: string) => labels[name] ?? '').trim() || fallback;
  const pairs = Object.entries(labels)
    .filter(([name]) => name !== '__name__')
    .map(([name, value]) => `${name}="${value}"`);
  return pairs.length > 0 ? `{${pairs.join(', ')}}` : fallback;
}

/** The drawn series of one query, given its answer and (when it has one) its denominator's answer. */
export function querySeries(query: PanelQuery, series: readonly MetricSeries[], denominator?: readonly MetricSeries[]): DrawnSeries[] {
  return applyScaleAndDenominator(series, query.scale, query.denominator ? (denominator ?? []) : undefined).map((one) => {
    const labelKey = Object.entries(one.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => `${name}=${value}`)
      .join(',');
    return {
      key: `${query.ref}{${labelKey}}`,
      name: legendName(query.legend, one.labels, query.metric),
      labels: one.labels,
      points: one.points,
    };
  });
}

/** The newest non-null value of a series, with its instant. */
export function latestPoint(points: readonly Point[]): { at: number; value: number } | null {
  for (let index = points.length - 1; index >= 0; index--) {
    const point = points[index];
    if (point && point[1] !== null) return { at: point[0], value: point[1] };
  }
  return null;
}

/** True when no series holds a single value: the panel shows its empty state. */
export function hasNoValues(series: readonly DrawnSeries[]): boolean {
  return series.every((one) => latestPoint(one.points) === null);
}

export interface LatestRow {
  key: string;
  name: string;
  value: number | null;
}

/** One row per series with its latest value, largest first (bars and tables). */
export function latestRows(series: readonly DrawnSeries[]): LatestRow[] {
  return series
    .map((one) => ({ key: one.key, name: one.name, value: latestPoint(one.points)?.value ?? null }))
    .sort((a, b) => (b.value ?? Number.NEGATIVE_INFINITY) - (a.value ?? Number.NEGATIVE_INFINITY) || a.name.localeCompare(b.name));
}
