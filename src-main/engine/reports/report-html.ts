/**
 * A report as one self-contained HTML document: inline CSS (print-friendly: A4 margins, no page break
 * inside a table row or figure), figures as inline SVG, no script, and a Content-Security-Policy that
 * forbids loading anything — the file opens the same offline, in a mail client or in a browser years
 * later. Every value is escaped; the narrative's Markdown is rendered without raw HTML, links or images
 * (markdown-it with those rules off), so hostile text in a narrative or an agent's name stays text.
 */
import MarkdownIt from 'markdown-it';
import type { ReportBlock, ReportDocument, Tone } from './report-document';
import { formatTime } from './report-document';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable(['link', 'image', 'autolink']);

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const toneClass = (tone: Tone | undefined) => (tone ? ` class="tone-${tone}"` : '');

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 980px; padding: 32px 28px 48px; font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #212529; background: #fff; }
header { border-bottom: 2px solid #343a40; margin-bottom: 18px; padding-bottom: 10px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #dee2e6; }
.subtitle { margin: 0; color: #495057; }
.generated { margin: 4px 0 0; color: #868e96; font-size: 12px; }
nav ol { margin: 0; padding-left: 20px; columns: 2; font-size: 13px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 0; }
dl.facts dt { color: #495057; font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e9ecef; overflow-wrap: break-word; }
th { background: #f1f3f5; border-bottom: 1px solid #ced4da; white-space: nowrap; }
td.right, th.right { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
.tone-ok { color: #2b8a3e; }
.tone-error { color: #c92a2a; }
.tone-warning { color: #b35c00; }
.tone-muted { color: #868e96; }
tr.tone-error td { background: #fff5f5; }
tr.tone-muted td { color: #868e96; }
p.empty { color: #868e96; font-style: italic; margin: 4px 0; }
.narrative { border-left: 3px solid #adb5bd; padding: 2px 14px; background: #f8f9fa; }
figure { margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; border: 1px solid #e9ecef; }
figcaption { color: #495057; font-size: 12px; margin-top: 4px; }
footer { margin-top: 36px; color: #868e96; font-size: 11px; border-top: 1px solid #dee2e6; padding-top: 6px; }
@page { size: A4; margin: 16mm 14mm; }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } nav { display: none; } h2 { break-after: avoid; page-break-after: avoid; } a { color: inherit; text-decoration: none; } }
`;

function block(item: ReportBlock): string {
  switch (item.kind) {
    case 'facts':
      return `<dl class="facts">${item.facts
        .map((fact) => `<dt>${escapeHtml(fact.label)}</dt><dd${toneClass(fact.tone)}>${escapeHtml(fact.value)}</dd>`)
        .join('')}</dl>`;
    case 'table': {
      if (item.rows.length === 0) return `<p class="empty">${escapeHtml(item.empty)}</p>`;
      const align = (index: number) => (item.columns[index]?.align === 'right' ? ' class="right"' : '');
      const head = item.columns.map((column, index) => `<th scope="col"${align(index)}>${escapeHtml(column.label)}</th>`).join('');
      const body = item.rows
        .map(
          (row) =>
            `<tr${toneClass(row.tone)}>${row.cells.map((cell, index) => `<td${align(index)}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
        )
        .join('\n');
      return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
    }
    case 'markdown':
      return `<div class="narrative">${markdown.render(item.text)}</div>`;
    case 'text':
      return `<p${toneClass(item.tone)}>${escapeHtml(item.text)}</p>`;
    case 'figure':
      // Inline SVG needs no namespace declaration in HTML: dropping it leaves no URL in the document.
      return `<figure>${item.svg.replace(' xmlns="http://www.w3.org/2000/svg"', ` role="img" aria-label="${escapeHtml(item.caption)}"`)}<figcaption>${escapeHtml(item.caption)}</figcaption></figure>`;
  }
}

export function renderReportHtml(document: ReportDocument): string {
  const generated = `Generated ${formatTime(document.generatedAt)} by Novel Engine Console`;
  const toc = document.sections.map((section) => `<li><a href="#${section.id}">${escapeHtml(section.title)}</a></li>`).join('');
  const sections = document.sections
    .map(
      (section) =>
        `<section id="${section.id}" data-section="${section.id}">\n<h2>${escapeHtml(section.title)}</h2>\n${section.blocks.map(block).join('\n')}\n</section>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Novel Engine Console">
<meta name="report-kind" content="${document.kind}">
<title>${escapeHtml(document.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(document.title)}</h1>
<p class="subtitle">${escapeHtml(document.subtitle)}</p>
<p class="generated">${escapeHtml(generated)}</p>
</header>
<nav aria-label="Sections"><ol>${toc}</ol></nav>
${sections}
<footer>${escapeHtml(`${document.title} · ${generated}`)}</footer>
</body>
</html>
`;
}
