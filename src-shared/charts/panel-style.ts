/**
 * Colours and words a value takes from its panel: Grafana-style thresholds (a colour from each value up)
 * and value mappings (2 -> "open").
 */
import type { Panel } from '../domain/dashboard';

export type ThresholdColor = Panel['thresholds'][number]['color'];

/** The colour of the highest threshold at or below `value`; none when no threshold applies. */
export function thresholdColor(value: number | null, thresholds: Panel['thresholds']): ThresholdColor | null {
  if (value === null) return null;
  let color: ThresholdColor | null = null;
  let best = Number.NEGATIVE_INFINITY;
  for (const threshold of thresholds) {
    if (value >= threshold.value && threshold.value >= best) {
      best = threshold.value;
      color = threshold.color;
    }
  }
  return color;
}

export function mappedValue(value: number | null, mappings: Panel['mappings']): Panel['mappings'][number] | null {
  if (value === null) return null;
  return mappings.find((mapping) => mapping.value === value) ?? null;
}

/** The panel's place on the 24-column grid, as the CSS variables the stylesheet places it by (1-based lines). */
export function gridPlacement(gridPos: Panel['gridPos']): Record<'--grid-x' | '--grid-y' | '--grid-w' | '--grid-h', number> {
  return { '--grid-x': gridPos.x + 1, '--grid-y': gridPos.y + 1, '--grid-w': gridPos.w, '--grid-h': gridPos.h };
}
