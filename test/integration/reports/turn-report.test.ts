/**
 * The turn report on a real host (issue 7): real turns on the simulated provider — one that completes,
 * one whose narrative call fails and is compensated — exported through reports.turn as HTML, Markdown
 * and PDF. The HTML loads nothing from anywhere and carries every section with the turn's values; the
 * PDF is read back by poppler (pages rendered, not blank); equal data and generatedAt give equal bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { createProvider } from '../../../src-main/engine/orchestrator/providers';
import type { ExportedFile } from '../../../src-shared/domain/exports';
import { identityForRole } from '../../../src-shared/rbac';
import { renderPdf } from '../../fixtures/pdf-pages';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const sre = identityForRole('report-sre', 'developer');
const GENERATED_AT = '2026-11-23T06:00:00.000Z';

let host: Host;
let data: ReturnType<typeof tempDataDir>;
let okTurn: string;
let failedTurn: string;

const text = (file: ExportedFile) => (file.encoding === 'base64' ? Buffer.from(file.content, 'base64').toString('latin1') : file.content);

async function report(turnId: string, format: 'html' | 'md' | 'pdf') {
  return (await host.rpc.invoke('reports.turn', { turnId, format, generatedAt: GENERATED_AT }, sre)).file;
}

beforeAll(async () => {
  data = tempDataDir();
  host = createHost({
    dataDir: data.dir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: { recorder: { enabled: false } },
    alerts: { enabled: false },
  });
  const ok = host.services.runner.start({
    campaignId: 'ashfall-crossing',
    origin: 'ui',
    startedBy: 'report-test',
    configuration: { seed: 7 },
  });
  expect(await ok.done).toBe('completed');
  okTurn = ok.turnId;
  // Every narrative call fails: the phase fails and, failing fast, the turn is compensated.
  const failing = host.services.runner.start({
    campaignId: 'ashfall-crossing',
    origin: 'test',
    startedBy: 'report-test',
    configuration: { seed: 8, failFastOnPhaseFailure: true },
    provider: createProvider({ kind: 'simulated', latency: { kind: 'none' }, faults: { narrative_integration: { errorRate: 1 } } }),
  });
  expect(await failing.done).toBe('compensated');
  failedTurn = failing.turnId;
});

afterAll(async () => {
  await host?.close();
  data?.cleanup();
});

describe('reports.turn', () => {
  it('exports a self-contained HTML report with every section and the turn’s values', async () => {
    const file = await report(okTurn, 'html');
    expect(file.mimeType).toBe('text/html; charset=utf-8');
    expect(file.fileName).toMatch(/^turn-ashfall-crossing-\d+\.html$/);
    expect(file.bytes).toBe(Buffer.byteLength(file.content));
    const html = file.content;
    // Nothing is fetched: no link, script, image or URL of any kind.
    expect(html).not.toMatch(/<link|<script|<img|<iframe|src=|href="http|url\(/i);
    expect(html).not.toMatch(/https?:\/\//);
    for (const section of ['summary', 'phases', 'trace', 'narrative', 'events', 'compensations', 'trust', 'reviews']) {
      expect(html).toContain(`data-section="${section}"`);
    }
    const { turn, phases, narrative } = await host.rpc.invoke('turns.get', { turnId: okTurn }, sre);
    expect(html).toContain(turn.id);
    expect(html).toContain('completed');
    for (const phase of phases) expect(html).toContain(phase.phase);
    // The waterfall is an inline SVG with a bar per span, the turn's root span named.
    expect(html).toMatch(/<figure><svg [^>]*role="img"/);
    expect(html).toContain('novel_engine.turn_execution');
    expect(narrative?.text.length).toBeGreaterThan(0);
    expect(html).toContain('Nothing was compensated.');
    expect(html).toContain('Generated 2026-11-23 06:00:00 UTC');
  });

  it('shows a compensated turn’s failed phase, its compensations and its trace errors', async () => {
    const html = (await report(failedTurn, 'html')).content;
    const detail = await host.rpc.invoke('turns.get', { turnId: failedTurn }, sre);
    expect(detail.turn.status).toBe('compensated');
    expect(detail.compensations.length).toBeGreaterThan(0);
    expect(html).toContain('compensated');
    for (const record of detail.compensations) expect(html).toContain(record.type);
    expect(html).toMatch(/<tr class="tone-error"><td>narrative_integration<\/td><td>failed<\/td>/);
    expect(html).not.toContain('Nothing was compensated.');
    // Spans in error are drawn red in the waterfall.
    expect(html).toContain('fill="#e03131"');
    const md = (await report(failedTurn, 'md')).content;
    expect(md).toContain('## Compensations');
    expect(md).toMatch(/\| narrative\\_integration \| failed \|/);
  });

  it('exports Markdown with every section, the waterfall embedded as an SVG data URI', async () => {
    const file = await report(okTurn, 'md');
    expect(file.mimeType).toBe('text/markdown; charset=utf-8');
    for (const title of ['Summary', 'Phases', 'Trace', 'Narrative', 'Events', 'Compensations', 'Trust changes', 'Review items']) {
      expect(file.content).toContain(`\n## ${title}\n`);
    }
    expect(file.content).toMatch(/!\[Waterfall of the trace[^\]]*\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/);
    expect(file.content).toContain('| Phase | Status | Duration |');
  });

  it('exports a PDF poppler reads: pages rendered and not blank', async () => {
    const file = await report(failedTurn, 'pdf');
    expect(file.mimeType).toBe('application/pdf');
    expect(file.encoding).toBe('base64');
    const bytes = Buffer.from(file.content, 'base64');
    expect(bytes.length).toBe(file.bytes);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const rendered = renderPdf(bytes, 'turn');
    expect(rendered.pages).toBeGreaterThanOrEqual(1);
    expect(rendered.info).toMatch(/Title:\s+Turn report: /);
    expect(rendered.ink).toHaveLength(rendered.pages);
    for (const ink of rendered.ink) expect(ink).toBeGreaterThan(0.005);
    process.stdout.write(`turn report PDF: ${rendered.pages} pages in ${rendered.dir}\n`);
  });

  it('gives identical bytes for the same turn and generatedAt, in every format', async () => {
    for (const format of ['html', 'md', 'pdf'] as const) {
      const first = await report(failedTurn, format);
      const second = await report(failedTurn, format);
      expect(text(second)).toBe(text(first));
    }
    const later = await host.rpc.invoke('reports.turn', { turnId: okTurn, format: 'html', generatedAt: '2026-11-24T00:00:00.000Z' }, sre);
    expect(later.file.content).toContain('Generated 2026-11-24 00:00:00 UTC');
  });

  it('refuses an unknown turn with not_found and a bad format with invalid_request', async () => {
    await expect(host.rpc.invoke('reports.turn', { turnId: 'no-such-turn', format: 'html' }, sre)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(host.rpc.invoke('reports.turn', { turnId: okTurn, format: 'docx' } as never, sre)).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});
