/**
 * Renders the app icon (resources/icons/icon.svg) into the PNGs electron-builder packages:
 * 512x512.png (macOS dmg, Linux) and 256x256.png (Windows nsis, Linux). The outputs are committed; run
 * `node --import tsx scripts/render-icons.ts` again after changing the SVG.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const ICONS = fileURLToPath(new URL('../resources/icons/', import.meta.url));
export const ICON_SIZES = [512, 256] as const;

export function renderIcon(svg: string, size: number): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' });
  return resvg.render().asPng();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const svg = readFileSync(join(ICONS, 'icon.svg'), 'utf8');
  for (const size of ICON_SIZES) {
    const file = join(ICONS, `${size}x${size}.png`);
    writeFileSync(file, renderIcon(svg, size));
    process.stdout.write(`wrote ${file}\n`);
  }
}
