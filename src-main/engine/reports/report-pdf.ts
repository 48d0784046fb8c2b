/**
 * A report as PDF (A4 portrait) through the shared pdfkit writer: facts as label/value rows, tables
 * with a repeated header on each page they cross, the narrative's Markdown as paragraphs and lists,
 * figures as vector SVG, a running footer with the page number. Text is set in the console's DejaVu Sans
 * (report-fonts.ts; the glyphs used are embedded), and the document's creation date is the report's
 * generatedAt, so equal reports are equal bytes.
 */
import MarkdownIt from 'markdown-it';
import { type PdfDocument, placeSvg, writePdf } from './render';
import { renderLibraries } from './render-libraries';
import type { ReportBlock, ReportDocument, TableColumn, TableRow, Tone } from './report-document';
import { formatTime } from './report-document';
import { type FaceSet, type PdfFontName, proseFont } from './report-faces';

const markdown = new MarkdownIt({ html: false, linkify: false }).disable(['link', 'image', 'autolink']);

const FONT: PdfFontName = 'sans';
const BOLD: PdfFontName = 'sans-bold';
const ITALIC: PdfFontName = 'sans-oblique';
const MARGIN = 40;
const FOOTER_SPACE = 24;
const TONE_COLOURS: Record<Tone, string> = { ok: '#2b8a3e', error: '#c92a2a', warning: '#b35c00', muted: '#868e96' };
const TEXT = '#212529';

/** `text` with every character the faces of `set` have no glyph for (CJK, emoji) as "?" (after loadRenderLibraries). */
export function pdfText(text: string, set: FaceSet = 'prose'): string {
  const { fonts } = renderLibraries();
  let out = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    out += char === '\n' || char === '\t' || fonts.covers(codePoint, set) ? char : '?';
  }
  return out;
}

/** A stretch of a paragraph in one face. */
interface Run {
  text: string;
  font: PdfFontName;
}

/** A paragraph's inline tokens as runs: **strong** bold, *emphasis* oblique (both: bold oblique), `code` mono. */
function inlineRuns(children: readonly { type: string; content: string }[], base: PdfFontName): Run[] {
  let bold = base === BOLD;
  let italic = false;
  const runs: Run[] = [];
  const push = (text: string, font: PdfFontName) => {
    if (text === '') return;
    const last = runs.at(-1);
    if (last && last.font === font) last.text += text;
    else runs.push({ text, font });
  };
  for (const child of children) {
    switch (child.type) {
      case 'strong_open':
      case 'strong_close':
        bold = child.type === 'strong_open' || base === BOLD;
        break;
      case 'em_open':
      case 'em_close':
        italic = child.type === 'em_open';
        break;
      case 'code_inline':
        push(pdfText(child.content, 'code'), 'mono');
        break;
      case 'softbreak':
      case 'hardbreak':
        push('\n', proseFont(bold, italic));
        break;
      default:
        push(pdfText(child.content), proseFont(bold, italic));
    }
  }
  return runs;
}

interface Frame {
  doc: PdfDocument;
  left: number;
  width: number;
  bottom: number;
}

function ensureSpace(frame: Frame, height: number): void {
  if (frame.doc.y + height > frame.bottom) frame.doc.addPage();
}

function facts(frame: Frame, item: Extract<ReportBlock, { kind: 'facts' }>): void {
  const { doc, left, width } = frame;
  const labelWidth = 150;
  doc.fontSize(9.5);
  for (const fact of item.facts) {
    const value = pdfText(fact.value);
    const label = pdfText(fact.label);
    // A long label wraps within its column; the row is as tall as the taller of label and value.
    const labelHeight = doc.font(BOLD).heightOfString(label, { width: labelWidth - 8 });
    doc.font(FONT);
    const height = Math.max(doc.heightOfString(value, { width: width - labelWidth }), labelHeight, doc.currentLineHeight(true)) + 2;
    ensureSpace(frame, height);
    const y = doc.y;
    doc
      .font(BOLD)
      .fillColor('#495057')
      .text(label, left, y, { width: labelWidth - 8 });
    doc
      .font(FONT)
      .fillColor(fact.tone ? TONE_COLOURS[fact.tone] : TEXT)
      .text(value, left + labelWidth, y, { width: width - labelWidth });
    doc.y = y + height;
  }
}

/**
 * Column widths that keep words whole: each column gets at least its longest word (header included) and
 * the rest of the width goes to the columns whose full text is longer than that, in proportion.
 */
function columnWidths(doc: PdfDocument, columns: readonly TableColumn[], rows: readonly TableRow[], total: number, pad: number): number[] {
  const sample = rows.slice(0, 200);
  const minimum: number[] = [];
  const desired: number[] = [];
  columns.forEach((column, index) => {
    doc.font(BOLD);
    let longestWord = Math.max(...column.label.split(/\s+/).map((word) => doc.widthOfString(pdfText(word))));
    let full = doc.widthOfString(pdfText(column.label));
    doc.font(FONT);
    for (const row of sample) {
      const cell = pdfText(row.cells[index] ?? '');
      for (const word of cell.split(/\s+/)) longestWord = Math.max(longestWord, doc.widthOfString(word));
      full = Math.max(full, doc.widthOfString(cell));
    }
    minimum.push(Math.min(longestWord, total * 0.4) + 2 * pad + 1);
    desired.push(Math.max(Math.min(full, total * 0.6) + 2 * pad + 1, minimum[index] as number));
  });
  const sumMin = minimum.reduce((a, b) => a + b, 0);
  const sumDesired = desired.reduce((a, b) => a + b, 0);
  if (sumMin >= total) return minimum.map((width) => (width / sumMin) * total);
  if (sumDesired <= total) return desired.map((width) => (width / sumDesired) * total);
  const share = (total - sumMin) / (sumDesired - sumMin);
  return minimum.map((width, index) => width + ((desired[index] as number) - width) * share);
}

function table(frame: Frame, item: Extract<ReportBlock, { kind: 'table' }>): void {
  const { doc, left, width } = frame;
  if (item.rows.length === 0) {
    ensureSpace(frame, 14);
    doc.font(ITALIC).fontSize(9.5).fillColor(TONE_COLOURS.muted).text(pdfText(item.empty), left, doc.y, { width });
    return;
  }
  const pad = 3;
  doc.fontSize(8.5);
  const widths = columnWidths(doc, item.columns, item.rows, width, pad);
  const rowHeight = (cells: readonly string[], font: string) => {
    doc.font(font);
    let height = 0;
    cells.forEach((cell, index) => {
      height = Math.max(height, doc.heightOfString(pdfText(cell) || ' ', { width: (widths[index] ?? 10) - 2 * pad }));
    });
    return height + 2 * pad;
  };
  const drawRow = (cells: readonly string[], font: string, colour: string, fill: string | null, height: number) => {
    const y = doc.y;
    if (fill) doc.rect(left, y, width, height).fill(fill);
    let x = left;
    cells.forEach((cell, index) => {
      const cellWidth = widths[index] ?? 10;
      const align = item.columns[index]?.align === 'right' ? 'right' : 'left';
      doc
        .font(font)
        .fillColor(colour)
        .text(pdfText(cell), x + pad, y + pad, { width: cellWidth - 2 * pad, align });
      x += cellWidth;
    });
    doc
      .moveTo(left, y + height)
      .lineTo(left + width, y + height)
      .lineWidth(0.5)
      .strokeColor('#dee2e6')
      .stroke();
    doc.y = y + height;
  };
  const header = item.columns.map((column) => column.label);
  const headerHeight = rowHeight(header, BOLD);
  const drawHeader = () => drawRow(header, BOLD, '#343a40', '#f1f3f5', headerHeight);
  const firstHeight = rowHeight(item.rows[0]?.cells ?? [], FONT);
  ensureSpace(frame, headerHeight + firstHeight);
  drawHeader();
  for (const row of item.rows) {
    const height = rowHeight(row.cells, FONT);
    if (doc.y + height > frame.bottom) {
      doc.addPage();
      drawHeader();
    }
    drawRow(row.cells, FONT, row.tone ? TONE_COLOURS[row.tone] : TEXT, row.tone === 'error' ? '#fff5f5' : null, height);
  }
}

/** The narrative's Markdown as text blocks: headings bold, list items bulleted, quotes and code indented. */
function markdownText(frame: Frame, text: string): void {
  const { doc, left, width } = frame;
  const tokens = markdown.parse(text, {});
  let heading = false;
  let bullets: ('bullet' | number)[] = [];
  let quoteDepth = 0;
  const write = (runs: readonly Run[], indent: number) => {
    if (runs.length === 0) return;
    const options = { width: width - indent };
    doc.font(runs[0]?.font ?? FONT).fontSize(heading ? 11 : 9.5);
    const height = doc.heightOfString(runs.map((run) => run.text).join(''), options) + 4;
    ensureSpace(frame, Math.min(height, 40));
    doc.fillColor(TEXT);
    runs.forEach((run, index) => {
      const continued = index < runs.length - 1;
      doc.font(run.font);
      if (index === 0) doc.text(run.text, left + indent, doc.y, { ...options, continued });
      else doc.text(run.text, { ...options, continued });
    });
    doc.moveDown(0.3);
  };
  let itemPrefix = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'heading_open':
        heading = true;
        break;
      case 'heading_close':
        heading = false;
        break;
      case 'bullet_list_open':
        bullets.push('bullet');
        break;
      case 'ordered_list_open':
        bullets.push(0);
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        bullets = bullets.slice(0, -1);
        break;
      case 'list_item_open': {
        const top = bullets.length - 1;
        const kind = bullets[top];
        if (typeof kind === 'number') {
          bullets[top] = kind + 1;
          itemPrefix = `${kind + 1}. `;
        } else itemPrefix = '• ';
        break;
      }
      case 'blockquote_open':
        quoteDepth += 1;
        break;
      case 'blockquote_close':
        quoteDepth -= 1;
        break;
      case 'inline': {
        const base = heading ? BOLD : FONT;
        const runs = inlineRuns(token.children ?? [], base);
        write(itemPrefix ? [{ text: itemPrefix, font: base }, ...runs] : runs, 12 * (bullets.length + quoteDepth));
        itemPrefix = '';
        break;
      }
      case 'code_block':
      case 'fence':
        write([{ text: pdfText(token.content.replace(/\n$/, ''), 'code'), font: 'mono' }], 12 * (bullets.length + quoteDepth + 1));
        break;
      default:
        break;
    }
  }
}

function figure(frame: Frame, item: Extract<ReportBlock, { kind: 'figure' }>): void {
  const { doc, left } = frame;
  const pageHeight = frame.bottom - MARGIN - 20;
  let width = frame.width;
  let height = (item.height / item.width) * width;
  if (height > pageHeight) {
    width *= pageHeight / height;
    height = pageHeight;
  }
  ensureSpace(frame, height + 18);
  const y = doc.y;
  placeSvg(doc, item.svg, left, y, width, height);
  doc.y = y + height + 4;
  doc.font(ITALIC).fontSize(8.5).fillColor('#495057').text(pdfText(item.caption), left, doc.y, { width: frame.width });
}

function drawBlock(frame: Frame, item: ReportBlock): void {
  const { doc, left, width } = frame;
  switch (item.kind) {
    case 'facts':
      facts(frame, item);
      return;
    case 'table':
      table(frame, item);
      return;
    case 'markdown':
      markdownText(frame, item.text);
      return;
    case 'text':
      ensureSpace(frame, 14);
      doc
        .font(FONT)
        .fontSize(9.5)
        .fillColor(item.tone ? TONE_COLOURS[item.tone] : TEXT)
        .text(pdfText(item.text), left, doc.y, { width });
      return;
    case 'figure':
      figure(frame, item);
      return;
  }
}

export function renderReportPdf(document: ReportDocument): Promise<Buffer> {
  const createdAt = new Date(Date.parse(document.generatedAt));
  return writePdf(
    { title: document.title, margin: MARGIN },
    (doc) => {
      const frame: Frame = {
        doc,
        left: MARGIN,
        width: doc.page.width - 2 * MARGIN,
        bottom: doc.page.height - MARGIN - FOOTER_SPACE,
      };
      doc.font(BOLD).fontSize(18).fillColor(TEXT).text(pdfText(document.title), MARGIN, MARGIN, { width: frame.width });
      doc.moveDown(0.2);
      doc.font(FONT).fontSize(10.5).fillColor('#495057').text(pdfText(document.subtitle), { width: frame.width });
      doc
        .fontSize(8.5)
        .fillColor(TONE_COLOURS.muted)
        .text(`Generated ${formatTime(document.generatedAt)} by Novel Engine Console`, { width: frame.width });
      const ruleY = doc.y + 4;
      doc
        .moveTo(MARGIN, ruleY)
        .lineTo(MARGIN + frame.width, ruleY)
        .lineWidth(1.2)
        .strokeColor('#343a40')
        .stroke();
      doc.y = ruleY + 8;
      for (const section of document.sections) {
        ensureSpace(frame, 60);
        doc.moveDown(0.6);
        doc.font(BOLD).fontSize(13).fillColor(TEXT).text(pdfText(section.title), MARGIN, doc.y, { width: frame.width });
        doc.moveDown(0.3);
        for (const item of section.blocks) {
          drawBlock(frame, item);
          doc.moveDown(0.4);
        }
      }
      // Footer on every page: written with the bottom margin lifted, or pdfkit would start a new page.
      const range = doc.bufferedPageRange();
      for (let index = range.start; index < range.start + range.count; index++) {
        doc.switchToPage(index);
        const bottomMargin = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc
          .font(FONT)
          .fontSize(8)
          .fillColor(TONE_COLOURS.muted)
          .text(pdfText(`${document.title} · page ${index + 1} of ${range.count}`), MARGIN, doc.page.height - MARGIN, {
            width: frame.width,
            align: 'center',
            lineBreak: false,
          });
        doc.page.margins.bottom = bottomMargin;
      }
    },
    createdAt,
  );
}
