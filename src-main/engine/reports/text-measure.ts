/**
 * Text widths for figures drawn without a browser: ECharts' server-side renderer has no canvas to
 * measure labels with (its guess made legends overlap and axis labels spill), and our own panels
 * truncate and wrap text. The widths are DejaVu Sans' advance widths (per 1000 em, regular and bold,
 * read from the font's hmtx table) — the face resvg draws with; the PDF's Helvetica is a little narrower,
 * so text measured here always fits there too.
 */
import { renderLibraries } from './render-libraries';

const CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~·…–—µ≤°×';
// biome-ignore format: one table row per weight.
const REGULAR = [318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838,318,1000,500,1000,636,838,500,838];
// biome-ignore format: one table row per weight.
const BOLD = [348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838,380,1000,500,1000,736,838,500,838];
/** Anything else (accents, CJK) is taken as wide as an em's two thirds: more often too wide than too narrow. */
const OTHER = 680;

const regular = new Map([...CHARS].map((char, index) => [char, REGULAR[index] as number]));
const bold = new Map([...CHARS].map((char, index) => [char, BOLD[index] as number]));

/** Width in px of `text` at `fontSize` px. */
export function textWidth(text: string, fontSize: number, isBold = false): number {
  const table = isBold ? bold : regular;
  let total = 0;
  for (const char of text) total += table.get(char) ?? OTHER;
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
