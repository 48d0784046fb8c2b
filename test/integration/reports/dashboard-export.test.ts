/**
 * Dashboard exports on a real host over a week of seeded metrics history (test/fixtures/dashboard-history.ts):
 * every shipped dashboard as PNG (decoded here, independently, and checked for ink), as PDF (rendered
 * by poppler's pdftoppm) and as Grafana JSON (the fields Grafana requires), re-imported and compared.
 * The files are kept in test-results/dashboard-exports for looking at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { bundledDashboards } from '../../../src-main/engine/telemetry/dashboards';
import type { ExportedFile } from '../../../src-shared/domain/exports';
import { identityForRole } from '../../../src-shared/rbac';
import { seedDashboardHistory } from '../../fixtures/dashboard-history';
import { colourCount, decodePng, inkShare } from '../../fixtures/png-pixels';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const DAY_MS = 86_400_000;
const OUT_DIR = resolve(import.meta.dirname, '../../../test-results/dashboard-exports');
const admin = identityForRole('exporter', 'admin');
const viewer = identityForRole('viewer', 'developer');
const storyMaster = identityForRole('story', 'story_master');

let host: Host;
let cleanup: () => void;
let workDir: string;

beforeAll(() => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  workDir = join(data.dir, 'pages');
  mkdirSync(workDir);
  mkdirSync(OUT_DIR, { recursive: true });
  host = createHost({ dataDir: data.dir, face: 'cli', telemetry: { tracing: false, recorder: { enabled: false } } });
  // A week at one snapshot a minute: the 7-day range is answered from raw samples and rollups alike.
  seedDashboardHistory(host.services.metricsHistory, { endMs: Date.now(), durationMs: 7 * DAY_MS, stepMs: 60_000 });
}, 120_000);

afterAll(async () => {
  await host?.close();
  cleanup?.();
});

function bytesOf(file: ExportedFile): Buffer {
  return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
}

async function exported(dashboardId: string, format: 'png' | 'pdf' | 'grafana', range?: '1h' | '7d'): Promise<ExportedFile> {
  const { file } = await host.rpc.invoke('reports.dashboard', { dashboardId, format, ...(range ? { range } : {}) }, viewer);
  expect(file.bytes).toBe(bytesOf(file).length);
  return file;
}

const dashboards = bundledDashboards();

describe('dashboard exports', () => {
  it.each(dashboards.map((dashboard) => dashboard.id))(
    '%s: a 7-day PNG that decodes to a drawn dashboard',
    async (id) => {
      const file = await exported(id, 'png', '7d');
      expect(file).toMatchObject({ mimeType: 'image/png', encoding: 'base64' });
      expect(file.fileName).toMatch(new RegExp(`^${id}-7d-\\d{8}-\\d{4}\\.png$`));
      writeFileSync(join(OUT_DIR, `${id}-7d.png`), bytesOf(file));
      const png = decodePng(bytesOf(file));
      // 1488 CSS px wide at 1.5 device px each; as tall as the grid's rows.
      expect(png.width).toBe(2232);
      expect(png.height).toBeGreaterThan(900);
      expect(inkShare(png)).toBeGreaterThan(0.03);
      expect(colourCount(png)).toBeGreaterThan(40);
    },
    30_000,
  );

  it.each(dashboards.map((dashboard) => dashboard.id))(
    '%s: a PDF whose pages poppler renders with content',
    async (id) => {
      const file = await exported(id, 'pdf', '7d');
      expect(file.mimeType).toBe('application/pdf');
      const pdf = bytesOf(file);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      writeFileSync(join(OUT_DIR, `${id}-7d.pdf`), pdf);
      const pdfPath = join(workDir, `${id}.pdf`);
      writeFileSync(pdfPath, pdf);
      execFileSync('pdftoppm', ['-png', '-r', '50', pdfPath, join(workDir, id)]);
      const pages = readdirSync(workDir).filter((name) => name.startsWith(`${id}-`) && name.endsWith('.png'));
      // Up to 31 grid rows are shrunk onto one page; taller dashboards are split between panel rows.
      const panels = dashboards.find((dashboard) => dashboard.id === id)?.panels ?? [];
      const rows = Math.max(...panels.map((panel) => panel.gridPos.y + panel.gridPos.h));
      if (rows <= 31) expect(pages).toHaveLength(1);
      else expect(pages.length).toBeGreaterThan(1);
      for (const page of pages) {
        const png = decodePng(readFileSync(join(workDir, page)));
        // A4 landscape at 50 dpi.
        expect(png.width).toBeGreaterThan(png.height);
        expect(inkShare(png)).toBeGreaterThan(0.02);
        expect(colourCount(png)).toBeGreaterThan(10);
      }
      execFileSync('cp', [join(workDir, pages.sort()[0] as string), join(OUT_DIR, `${id}-7d.pdf-page1.png`)]);
    },
    30_000,
  );

  it.each(dashboards.map((dashboard) => dashboard.id))('%s: Grafana JSON with what Grafana requires, re-imported equal', async (id) => {
    const original = dashboards.find((dashboard) => dashboard.id === id);
    const file = await exported(id, 'grafana');
    expect(file).toMatchObject({ fileName: `${id}.grafana.json`, mimeType: 'application/json', encoding: 'utf8' });
    writeFileSync(join(OUT_DIR, file.fileName), file.content);
    const grafana = JSON.parse(file.content);
    expect(grafana).toMatchObject({
      uid: id,
      title: original?.title,
      schemaVersion: expect.any(Number),
      time: { from: expect.stringMatching(/^now-/), to: 'now' },
    });
    expect(grafana.templating.list).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }),
    );
    for (const panel of grafana.panels) {
      expect(panel).toMatchObject({
        id: expect.any(Number),
        type: expect.any(String),
        gridPos: { x: expect.any(Number), y: expect.any(Number), w: expect.any(Number), h: expect.any(Number) },
      });
      if (panel.type === 'text') continue;
      for (const target of panel.targets) expect(target).toMatchObject({ refId: expect.any(String), expr: expect.any(String) });
    }

    // A shipped id is not silently replaced.
    await expect(host.rpc.invoke('dashboards.import', { content: file.content }, admin)).rejects.toMatchObject({ code: 'conflict' });
    const { dashboard } = await host.rpc.invoke('dashboards.import', { content: file.content, id: `${id}-copy` }, admin);
    expect(dashboard.id).toBe(`${id}-copy`);
    expect(dashboard.panels.map((panel) => panel.queries)).toEqual(original?.panels.map((panel) => panel.queries));
    expect(dashboard.panels.map(({ id: panelId, type, gridPos, unit }) => ({ panelId, type, gridPos, unit }))).toEqual(
      original?.panels.map(({ id: panelId, type, gridPos, unit }) => ({ panelId, type, gridPos, unit })),
    );
    const { dashboards: listed } = await host.rpc.invoke('dashboards.list', {}, viewer);
    expect(listed.map((one) => one.id)).toContain(`${id}-copy`);
  });

  it('draws an imported dashboard like a shipped one, and removes it on request', async () => {
    const file = await exported('operational', 'grafana');
    await host.rpc.invoke('dashboards.import', { content: file.content, id: 'ops-mine' }, admin);
    const png = decodePng(bytesOf(await exported('ops-mine', 'png', '1h')));
    expect(inkShare(png)).toBeGreaterThan(0.03);
    await expect(host.rpc.invoke('dashboards.delete', { id: 'ops-mine' }, admin)).resolves.toEqual({ deleted: true });
    await expect(exported('ops-mine', 'png')).rejects.toMatchObject({ code: 'not_found' });
    await expect(host.rpc.invoke('dashboards.delete', { id: 'operational' }, admin)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses a file it cannot read with a typed error naming the panel', async () => {
    await expect(host.rpc.invoke('dashboards.import', { content: '{ not json' }, admin)).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/not JSON/),
    });
    const foreign = {
      uid: 'foreign',
      title: 'Foreign',
      panels: [
        {
          id: 1,
          type: 'timeseries',
          title: 'Load',
          gridPos: { x: 0, y: 0, w: 12, h: 8 },
          targets: [{ refId: 'A', expr: 'avg(node_load1)' }],
        },
      ],
    };
    await expect(host.rpc.invoke('dashboards.import', { content: JSON.stringify(foreign) }, admin)).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/panel "Load", query A/),
    });
    // Importing needs metrics.admin, exporting metrics.view.
    await expect(host.rpc.invoke('dashboards.import', { content: JSON.stringify(foreign) }, storyMaster)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      host.rpc.invoke('reports.dashboard', { dashboardId: 'operational', format: 'grafana' }, storyMaster),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('says "no data" on panels of a range with no history', async () => {
    const empty = tempDataDir();
    const bare = createHost({ dataDir: empty.dir, face: 'cli', telemetry: { tracing: false, recorder: { enabled: false } } });
    try {
      const { file } = await bare.rpc.invoke('reports.dashboard', { dashboardId: 'executive', format: 'png', range: '15m' }, viewer);
      const png = decodePng(Buffer.from(file.content, 'base64'));
      writeFileSync(join(OUT_DIR, 'executive-empty.png'), Buffer.from(file.content, 'base64'));
      expect(png.width).toBe(2232);
    } finally {
      await bare.close();
      empty.cleanup();
      rmSync(join(workDir, 'none'), { force: true });
    }
  });
});
