/**
 * `novel-console export dashboard` and `import dashboard`, driven as a user's shell would (the built
 * CLI): PNG bytes on a piped stdout with progress on stderr, a PDF written with --out, Grafana JSON that
 * imports back under a new id, and the typed one-line errors.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../src-main/engine/host';
import { assertBuilt, CLI } from '../../fixtures/cli-process';
import { seedDashboardHistory } from '../../fixtures/dashboard-history';
import { decodePng, inkShare } from '../../fixtures/png-pixels';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let dataDir: string;
let cleanup: () => void;

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args, '--data-dir', dataDir], { timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

beforeAll(async () => {
  assertBuilt();
  const data = tempDataDir();
  dataDir = data.dir;
  cleanup = data.cleanup;
  const host = createHost({ dataDir, face: 'cli', telemetry: { tracing: false, recorder: { enabled: false } } });
  seedDashboardHistory(host.services.metricsHistory, { endMs: Date.now(), durationMs: 3 * 3_600_000 });
  await host.close();
}, 60_000);

afterAll(() => cleanup?.());

describe('novel-console export dashboard', () => {
  it('writes a PNG to a piped stdout, with progress on stderr', () => {
    const result = cli(['export', 'dashboard', 'operational', '--format', 'png', '--range', '1h']);
    expect(result.stderr).toMatch(/querying and drawing dashboard operational over 1h as png/);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/exported operational-1h-\d{8}-\d{4}\.png \(\d+ bytes, \d+ ms\) to stdout/);
    const png = decodePng(result.stdout);
    expect(png.width).toBe(2232);
    expect(inkShare(png)).toBeGreaterThan(0.03);
  }, 60_000);

  it('writes a PDF to --out, and Grafana JSON that imports back under a new id', () => {
    const pdfPath = join(dataDir, 'executive.pdf');
    const pdf = cli(['export', 'dashboard', 'executive', '--format', 'pdf', '--out', pdfPath]);
    expect(pdf.code).toBe(0);
    expect(pdf.stderr).toContain(`to ${pdfPath}`);
    expect(readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const jsonPath = join(dataDir, 'security.grafana.json');
    expect(cli(['export', 'dashboard', 'security', '--format', 'grafana', '--out', jsonPath]).code).toBe(0);
    expect(JSON.parse(readFileSync(jsonPath, 'utf8'))).toMatchObject({ uid: 'security', schemaVersion: 39 });

    const refused = cli(['import', 'dashboard', jsonPath]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/dashboard "security" ships with the console/);
    const imported = cli(['import', 'dashboard', jsonPath, '--id', 'security-team']);
    expect(imported.code).toBe(0);
    expect(imported.stdout.toString()).toContain('imported dashboard security-team ("Security", 7 panels)');
    const again = cli(['export', 'dashboard', 'security-team', '--format', 'grafana']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.toString())).toMatchObject({ uid: 'security-team', title: 'Security' });
  }, 120_000);

  it('says which dashboards exist when the id is unknown, and leaves no file behind', () => {
    const out = join(dataDir, 'nothing.png');
    const result = cli(['export', 'dashboard', 'nope', '--format', 'png', '--out', out]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no dashboard "nope"; the console has executive, operational/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
