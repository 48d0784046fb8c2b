/**
 * A report as Markdown (CommonMark with GitHub tables): facts as a list, tables as pipe tables, the
 * narrative quoted, figures as SVG data-URI images so the file stays self-contained. Text from the data
 * is escaped so a `<script>` or a `|` in an agent's name stays literal in any Markdown viewer.
 */
import type { ReportBlock, ReportDocument } from './report-document';
import { formatTime } from './report-document';

/** Inline text: Markdown punctuation and HTML-significant characters escaped, on one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text that starts a line: also what would open a list, a heading or a rule there. */
function escapeLine(text: string): string {
  return escapeMarkdown(text)
    .replace(/^(\s*)([-=+#])/, '$1\\$2')
    .replace(/^(\s*\d+)\./, '$1\\.');
}

/**
 * The narrative keeps its Markdown (emphasis, lists) but not raw HTML: angle brackets and ampersands
 * become entities, and every line is quoted.
 */
function quoteMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .split(/\r?\n/)
    .map((line) => (line.length > 0 ? `> ${line}` : '>'))
    .join('\n');
}

function block(item: ReportBlock): string {
  switch (item.kind) {
    case 'facts':
      return item.facts.map((fact) => `- **${escapeMarkdown(fact.label)}:** ${escapeMarkdown(fact.value)}`).join('\n');
    case 'table': {
      if (item.rows.length === 0) return `_${escapeMarkdown(item.empty)}_`;
      const head = `| ${item.columns.map((column) => escapeMarkdown(column.label)).join(' | ')} |`;
      const rule = `|${item.columns.map((column) => (column.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
      const rows = item.rows.map((row) => `| ${row.cells.map((cell) => (cell === '' ? ' ' : escapeMarkdown(cell))).join(' | ')} |`);
      return [head, rule, ...rows].join('\n');
    }
    case 'markdown':
      return quoteMarkdown(item.text);
    case 'text':
      return escapeLine(item.text);
    case 'figure':
      return `![${escapeMarkdown(item.caption)}](data:image/svg+xml;base64,${Buffer.from(item.svg, 'utf8').toString('base64')})\n\n_${escapeMarkdown(item.caption)}_`;
  }
}

export function renderReportMarkdown(document: ReportDocument): string {
  const parts = [
    `# ${escapeMarkdown(document.title)}`,
    escapeLine(document.subtitle),
    `_Generated ${escapeMarkdown(formatTime(document.generatedAt))} by Novel Engine Console_`,
  ];
  for (const section of document.sections) {
    parts.push(`## ${escapeMarkdown(section.title)}`);
    for (const item of section.blocks) parts.push(block(item));
  }
  return `${parts.join('\n\n')}\n`;
}
