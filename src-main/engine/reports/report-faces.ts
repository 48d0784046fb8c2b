/**
 * The faces exports set text in, by the names the PDF writer registers them under, with no font loaded:
 * code that only names a face (render.ts, report-pdf.ts) imports this, so starting the engine does not load
 * fontkit (report-fonts.ts reads the files on the first export).
 */
/** The faces, by the names the PDF writer registers them under: four of the text face, one for code. */
export const PDF_FONTS = {
  sans: 'DejaVuSans.ttf',
  'sans-bold': 'DejaVuSans-Bold.ttf',
  'sans-oblique': 'DejaVuSans-Oblique.ttf',
  'sans-bold-oblique': 'DejaVuSans-BoldOblique.ttf',
  mono: 'DejaVuSansMono.ttf',
} as const;
export type PdfFontName = keyof typeof PDF_FONTS;
/** The faces prose may be set in (any of them, within one paragraph), and the one code is set in. */
export const FACE_SETS = { prose: ['sans', 'sans-bold', 'sans-oblique', 'sans-bold-oblique'], code: ['mono'] } as const;
export type FaceSet = keyof typeof FACE_SETS;

/** The text face for a weight and slant. */
export function proseFont(bold: boolean, italic: boolean): PdfFontName {
  return bold ? (italic ? 'sans-bold-oblique' : 'sans-bold') : italic ? 'sans-oblique' : 'sans';
}
