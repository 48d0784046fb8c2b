/**
 * Pure geometry of a sparkline: maps a series onto a width x height box (y grows downwards) and returns
 * the polyline's points, plus the closed area under it. A flat series is drawn through the middle.
 */

export interface SparklineGeometry {
  line: string;
  area: string;
  min: number;
  max: number;
}

export interface SparklineScale {
  /** Lower bound of the y axis when the data stay above it (e.g. 0 for latencies). */
  floor?: number;
  /** Inner margin in box units so the stroke is never cut at the edges. */
  inset?: number;
}

export function sparklineGeometry(
  values: readonly number[],
  width: number,
  height: number,
  scale: SparklineScale = {},
): SparklineGeometry | null {
  if (values.length === 0) return null;
  const inset = scale.inset ?? 2;
  const dataMin = Math.min(...values);
  const dataMax = Math.max(...values);
  const low = scale.floor !== undefined ? Math.min(scale.floor, dataMin) : dataMin;
  const high = dataMax;
  const span = high - low;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const toY = (value: number) => (span === 0 ? height / 2 : inset + (1 - (value - low) / span) * (height - 2 * inset));
  const points = values.map((value, index) => [values.length > 1 ? index * step : 0, toY(value)] as const);
  // A single sample is drawn as a flat segment across the box.
  if (points.length === 1 && points[0]) points.push([width, points[0][1]]);
  const line = points.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
  const first = points[0];
  const last = points.at(-1);
  const area = first && last ? `${line} ${round(last[0])},${height} ${round(first[0])},${height}` : '';
  return { line, area, min: dataMin, max: dataMax };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
