/**
 * The rasteriser and the PDF writer every export shares, with no browser and no display: SVG (from
 * ECharts' server-side renderer or drawn by a report) becomes PNG through resvg, and PDF documents are
 * written by pdfkit, SVG figures placed in them by svg-to-pdfkit as vectors.
 */
import { loadRenderLibraries, renderLibraries } from './render-libraries';
import { proseFont } from './report-faces';

/** The sans-serif family every rendered figure asks for: the console's own DejaVu Sans (report-fonts.ts). */
export const FIGURE_FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** PNG bytes of an SVG document at `scale` device pixels per SVG unit (2 reads well on high-DPI screens). */
export function svgToPng(svg: string, scale = 2): Buffer {
  const { Resvg, fonts } = renderLibraries();
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    // The shipped faces first; the system's fonts only for characters DejaVu lacks.
    font: {
      fontFiles: Object.values(fonts.paths),
      loadSystemFonts: true,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return Buffer.from(image.render().asPng());
}

export type PdfDocument = PDFKit.PDFDocument;

export interface PdfOptions {
  title: string;
  /** Page layout; default A4 portrait. */
  layout?: 'portrait' | 'landscape';
  margin?: number;
}

/**
 * Writes a PDF: `draw` lays out the pages on the pdfkit document; the promise resolves with the bytes.
 * The document's info dictionary carries the title and the console as its creator; the creation date is
 * fixed by the caller's content, not the clock, so equal content gives equal bytes.
 */
export async function writePdf(options: PdfOptions, draw: (doc: PdfDocument) => void, createdAt = new Date(0)): Promise<Buffer> {
  const { PDFDocument, fonts } = await loadRenderLibraries();
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margin: options.margin ?? 40,
    info: { Title: options.title, Creator: 'Novel Engine Console', Producer: 'Novel Engine Console', CreationDate: createdAt },
    bufferPages: true,
  });
  for (const [name, bytes] of Object.entries(fonts.bytes)) doc.registerFont(name, bytes);
  doc.font('sans');
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    draw(doc);
  } catch (error) {
    doc.end();
    throw error;
  }
  doc.end();
  return done;
}

/** Places an SVG figure on the current page at (x, y), scaled into width x height, as vector graphics. */
export function placeSvg(doc: PdfDocument, svg: string, x: number, y: number, width: number, height: number): void {
  renderLibraries().SVGtoPDF(doc, svg, x, y, {
    width,
    height,
    preserveAspectRatio: 'xMinYMin meet',
    // The shipped DejaVu faces stand in for the SVG's font stack (writePdf registered them).
    fontCallback: (_family, bold, italic) => proseFont(bold, italic),
  });
}
