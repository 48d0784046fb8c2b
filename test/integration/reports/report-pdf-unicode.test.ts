/**
 * A report about a campaign written in another script keeps its letters in the PDF: the text is set in
 * the console's own DejaVu Sans (embedded), so poppler reads back the Cyrillic, Greek and accented names,
 * arrows and signs as they were, in bold, oblique and code faces where the narrative's Markdown asks for
 * them; only characters DejaVu has no glyph for (CJK, emoji) become "?".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../../src-main/engine/reports/report-document';
import { renderReportPdf } from '../../../src-main/engine/reports/report-pdf';
import { renderPdf } from '../../fixtures/pdf-pages';

const NAME = 'Ярослава Ὀδυσσεύς Łódź';
const document: ReportDocument = {
  kind: 'turn',
  title: `Turn 7 — ${NAME}`,
  subtitle: 'Пепельная переправа · ἡ διάβασις',
  generatedAt: '2026-11-23T05:00:00.000Z',
  fileStem: 'turn-unicode-7',
  sections: [
    {
      id: 'summary',
      title: 'Summary',
      blocks: [
        { kind: 'facts', facts: [{ label: 'Status', value: 'pending → firing, cost ≥ 5 €' }] },
        {
          kind: 'table',
          columns: [{ label: 'Agent' }, { label: 'Trust', align: 'right' }],
          rows: [{ cells: [NAME, '0.42 ✓'] }],
          empty: 'none',
        },
        {
          kind: 'markdown',
          text: '**Ярослава** crossed the *ford* at `переправа`.\n\n- Ὀδυσσεύς waited\n- 漢字 🙂\n\n```\nмост → река\n```',
        },
      ],
    },
  ],
};

describe('report PDF text outside WinAnsi', () => {
  it('reads back the names, arrows and signs as written, and marks what the font lacks', async () => {
    const pdf = await renderReportPdf(document);
    const rendered = renderPdf(pdf, 'unicode');
    const text = rendered.text.replace(/\s+/g, ' ');
    const written = [
      NAME,
      'Пепельная переправа',
      'pending → firing, cost ≥ 5 €',
      '0.42 ✓',
      'Ярослава crossed the ford at переправа.',
      'мост → река',
      '?? ?',
    ];
    for (const expected of written) expect(text).toContain(expected);
    expect(text).not.toContain('Turn 7 — ???');
    expect(rendered.ink[0]).toBeGreaterThan(0.005);
    // The faces are embedded (only the glyphs used), and equal reports are still equal bytes.
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/);
    // Emphasis keeps its face: bold, oblique and the mono face for code are all embedded.
    for (const face of ['DejaVuSans-Bold', 'DejaVuSans-Oblique', 'DejaVuSansMono']) expect(pdf.toString('latin1')).toContain(`+${face}`);
    expect(pdf.length).toBeLessThan(200_000);
    expect((await renderReportPdf(document)).equals(pdf)).toBe(true);
    expect(readFileSync(join(rendered.dir, 'page-1.png')).length).toBeGreaterThan(0);
  });
});
