/**
 * Text widths for figures drawn without a browser: ECharts' server-side renderer has no canvas to
 * measure labels with (its guess made legends overlap and axis labels spill), and our own panels
 * truncate and wrap text. The widths are the advance widths of the shipped DejaVu Sans (report-fonts.ts),
 * the face resvg and the PDF writer draw with, for every character it has.
 */
import { renderLibraries } from './render-libraries';

/** A character DejaVu lacks (CJK, emoji) is drawn by a system font: taken as wide as an em. */
const MISSING = 1000;

/** Width in px of `text` at `fontSize` px. */
export function textWidth(text: string, fontSize: number, isBold = false): number {
  const { fonts } = renderLibraries();
  let total = 0;
  for (const char of text) total += fonts.advance(char.codePointAt(0) as number, isBold) ?? MISSING;
  return (total * fontSize) / 1000;
}

/** `text` cut with an ellipsis to fit `width` px. */
export function fitText(text: string, width: number, fontSize: number, isBold = false): string {
  if (textWidth(text, fontSize, isBold) <= width) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`, fontSize, isBold) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** A CSS font shorthand (`bold 12px …`, `12px …`) as size and weight. */
function parseFont(font: string | undefined): { size: number; isBold: boolean } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
  return { size, isBold: /\b(bold|[6-9]00)\b/.test(font ?? '') };
}

let installed = false;

/** Makes ECharts measure text with these widths (process-wide; only server-side rendering uses it). */
export function installEchartsTextMeasure(): void {
  if (installed) return;
  installed = true;
  renderLibraries().echarts.setPlatformAPI({
    measureText(text: string, font?: string) {
      const { size, isBold } = parseFont(font);
      return { width: textWidth(text, size, isBold) };
    },
  });
}
