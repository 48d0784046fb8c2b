/**
 * The typeface exports draw text with: DejaVu Sans, shipped with the console (npm `dejavu-fonts-ttf`)
 * rather than looked for on the machine. A PDF embeds the glyphs it uses, so a campaign's names and
 * narrative keep their Greek, Cyrillic, accented Latin, arrows and math signs (PDF's standard Helvetica
 * knows only WinAnsi's 218 characters); a PNG is drawn with the same face on every OS, the one whose
 * widths text-measure.ts lays figures out with (DejaVu Sans Mono sets code blocks). Characters DejaVu
 * lacks (CJK, emoji) print as "?" in a PDF; resvg falls back to the system's fonts for them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Font, create as openFont } from 'fontkit';
import { FACE_SETS, type FaceSet, PDF_FONTS, type PdfFontName } from './report-faces';

export interface ReportFonts {
  /** Where each face's file is on disk (resvg loads fonts by path; outside the desktop app's archive). */
  paths: Record<PdfFontName, string>;
  /** Each face's bytes (pdfkit embeds from them). */
  bytes: Record<PdfFontName, Buffer>;
  /** Whether every face of the set (default: the prose faces) has a glyph for the code point. */
  covers(codePoint: number, set?: FaceSet): boolean;
  /** The code point's advance width in the regular or bold face, per 1000 em (null: no glyph). */
  advance(codePoint: number, bold: boolean): number | null;
}

/** Reads the faces (~2.7 MB) and their character maps; called once, by the first export. */
export function loadReportFonts(): ReportFonts {
  const require = createRequire(import.meta.url);
  const names = Object.keys(PDF_FONTS) as PdfFontName[];
  const paths = Object.fromEntries(names.map((name) => [name, require.resolve(`dejavu-fonts-ttf/ttf/${PDF_FONTS[name]}`)])) as Record<
    PdfFontName,
    string
  >;
  const bytes = Object.fromEntries(names.map((name) => [name, readFileSync(paths[name])])) as Record<PdfFontName, Buffer>;
  // In the packaged desktop app the files sit beside the archive (electron-builder asarUnpack): Node's fs
  // reads through app.asar, resvg's native code needs the real path.
  for (const name of names) paths[name] = paths[name].replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  const faces = Object.fromEntries(names.map((name) => [name, openFont(bytes[name])])) as Record<PdfFontName, Font>;
  const coverage = { prose: new Map<number, boolean>(), code: new Map<number, boolean>() };
  const advances = { regular: new Map<number, number | null>(), bold: new Map<number, number | null>() };
  return {
    paths,
    bytes,
    covers(codePoint, set = 'prose') {
      let known = coverage[set].get(codePoint);
      if (known === undefined) {
        known = FACE_SETS[set].every((name) => faces[name].hasGlyphForCodePoint(codePoint));
        coverage[set].set(codePoint, known);
      }
      return known;
    },
    advance(codePoint, bold) {
      const cache = bold ? advances.bold : advances.regular;
      let width = cache.get(codePoint);
      if (width === undefined) {
        const face = bold ? faces['sans-bold'] : faces.sans;
        width = face.hasGlyphForCodePoint(codePoint) ? (face.glyphForCodePoint(codePoint).advanceWidth * 1000) / face.unitsPerEm : null;
        cache.set(codePoint, width);
      }
      return width;
    },
  };
}
