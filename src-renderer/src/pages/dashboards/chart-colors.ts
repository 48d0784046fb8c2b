/**
 * The chart colours of the current theme, read from the stylesheet's variables so charts follow the
 * light and dark themes like the rest of the console.
 */
import type { ChartColors } from '../../../../src-shared/charts/chart-options';

function cssVariable(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readChartColors(root: HTMLElement = document.documentElement): ChartColors {
  const style = getComputedStyle(root);
  const get = (name: string, fallback: string) => cssVariable(style, name, fallback);
  return {
    fontFamily: get('--font-ui', 'sans-serif'),
    text: get('--text', '#1b1f24'),
    muted: get('--text-muted', '#58606b'),
    grid: get('--border', '#d9dde3'),
    surface: get('--surface', '#ffffff'),
    series: Array.from({ length: 8 }, (_, index) => get(`--series-${index + 1}`, '#2f62d6')),
    thresholds: {
      green: get('--ok', '#17803d'),
      yellow: get('--threshold-yellow', '#b8860b'),
      orange: get('--warning', '#9a5b00'),
      red: get('--error', '#c4291c'),
      blue: get('--accent', '#2f62d6'),
    },
    heatLow: get('--heat-low', '#e4ecfc'),
    heatHigh: get('--heat-high', '#1a3f99'),
  };
}
