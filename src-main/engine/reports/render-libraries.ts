/**
 * The libraries exports render with, loaded on the first export instead of at start: ECharts alone takes
 * ~0.5 s to load and pdfkit ~0.2 s, which every face (and `novel-console --version`) paid before a
 * single export was asked for. An export entry point awaits `loadRenderLibraries()` once; the drawing
 * code below it then reads them synchronously through `renderLibraries()`.
 */
import type { Resvg } from '@resvg/resvg-js';
import type PDFDocument from 'pdfkit';
import type SVGtoPDF from 'svg-to-pdfkit';
import type { ReportFonts } from './report-fonts';

export interface RenderLibraries {
  echarts: typeof import('echarts');
  Resvg: typeof Resvg;
  PDFDocument: typeof PDFDocument;
  SVGtoPDF: typeof SVGtoPDF;
  fonts: ReportFonts;
}

let loaded: RenderLibraries | undefined;
let loading: Promise<RenderLibraries> | undefined;

/** Loads the renderers once (concurrent callers share the load). */
export function loadRenderLibraries(): Promise<RenderLibraries> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= Promise.all([
    import('echarts'),
    import('@resvg/resvg-js'),
    import('pdfkit'),
    import('svg-to-pdfkit'),
    import('./report-fonts'),
  ]).then(
    ([echarts, resvg, pdfkit, svgToPdf, fonts]) => {
      loaded = {
        echarts,
        Resvg: resvg.Resvg,
        PDFDocument: pdfkit.default,
        SVGtoPDF: svgToPdf.default,
        fonts: fonts.loadReportFonts(),
      };
      return loaded;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The loaded renderers; a programming error (not a user's) when no export entry point loaded them first. */
export function renderLibraries(): RenderLibraries {
  if (!loaded) throw new Error('render libraries are not loaded: await loadRenderLibraries() in the export entry point');
  return loaded;
}
