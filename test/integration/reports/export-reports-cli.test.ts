/**
 * `novel-console export turn|incident` as a user's shell runs it (the built CLI in its own process):
 * the file written with --out, and the report on stdout (a PDF too, stdout being a pipe), are byte for
 * byte what the reports channels answer the UI for the same data and generatedAt; errors are one line.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../src-main/engine/host';
import type { ExportedFile } from '../../../src-shared/domain/exports';
import { identityForRole } from '../../../src-shared/rbac';
import { assertBuilt, CLI, runCli } from '../../fixtures/cli-process';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const GENERATED_AT = '2026-11-23T07:00:00.000Z';
const developer = identityForRole('cli-report-test', 'developer');

let data: ReturnType<typeof tempDataDir>;
let turnId: string;
let incidentId: string;
const expected: Record<string, ExportedFile> = {};

const bytesOf = (file: ExportedFile) => Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');

beforeAll(async () => {
  assertBuilt();
  data = tempDataDir();
  const host = createHost({
    dataDir: data.dir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: { recorder: { enabled: false } },
    alerts: { enabled: false },
  });
  try {
    const turn = host.services.runner.start({
      campaignId: 'ashfall-crossing',
      origin: 'ui',
      startedBy: 'cli-test',
      configuration: { seed: 11 },
    });
    await turn.done;
    turnId = turn.turnId;
    const now = Date.now();
    host.services.metricsHistory.appendSnapshot(now, [{ name: 'cli_report_gauge', type: 'gauge', value: 3 }]);
    const admin = identityForRole('cli-admin', 'admin');
    await host.rpc.invoke(
      'rules.save',
      {
        name: 'CliReport',
        rule: {
          name: 'CliReport',
          kind: 'threshold',
          severity: 'warning',
          query: { metric: 'cli_report_gauge', fn: 'last', windowS: 60 },
          comparison: '>',
          threshold: 1,
        },
      },
      admin,
    );
    host.services.alerts.evaluate(now);
    const alert = (await host.rpc.invoke('alerts.list', { states: ['firing'], ruleName: 'CliReport' }, admin)).alerts[0];
    if (!alert) throw new Error('the alert did not fire');
    incidentId = `${alert.fingerprint}:${alert.episode}`;
    for (const format of ['html', 'md', 'pdf'] as const) {
      expected[`turn.${format}`] = (await host.rpc.invoke('reports.turn', { turnId, format, generatedAt: GENERATED_AT }, developer)).file;
      expected[`incident.${format}`] = (
        await host.rpc.invoke('reports.incident', { incidentId, format, generatedAt: GENERATED_AT }, developer)
      ).file;
    }
  } finally {
    await host.close();
  }
});

afterAll(() => data?.cleanup());

describe('novel-console export turn|incident', { timeout: 60_000 }, () => {
  it('writes the turn report with --out: the same bytes as reports.turn, a progress line on stderr', () => {
    for (const format of ['html', 'pdf'] as const) {
      const out = join(data.dir, `turn.${format}`);
      const result = runCli([
        'export',
        'turn',
        turnId,
        '--format',
        format,
        '--out',
        out,
        '--generated-at',
        GENERATED_AT,
        '--data-dir',
        data.dir,
      ]);
      expect(result.stderr).toContain(`rendering the ${format} report of turn ${turnId}`);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(new RegExp(`exported turn report turn-ashfall-crossing-1\\.${format} \\(\\d+ bytes\\) to ${out}`));
      expect(readFileSync(out).equals(bytesOf(expected[`turn.${format}`] as ExportedFile))).toBe(true);
    }
  });

  it('writes Markdown and PDF to stdout when stdout is a pipe, byte for byte', () => {
    const md = runCli(['export', 'turn', turnId, '--format', 'md', '--generated-at', GENERATED_AT, '--data-dir', data.dir]);
    expect(md.code).toBe(0);
    expect(md.stdout).toBe(expected['turn.md']?.content);
    const pdf = spawnSync(
      process.execPath,
      [CLI, 'export', 'incident', incidentId, '--format', 'pdf', '--generated-at', GENERATED_AT, '--data-dir', data.dir],
      { timeout: 20_000 },
    );
    expect(pdf.status).toBe(0);
    expect(pdf.stdout.equals(bytesOf(expected['incident.pdf'] as ExportedFile))).toBe(true);
  });

  it('writes the incident report of an alert’s current episode from its bare fingerprint', () => {
    const fingerprint = incidentId.split(':')[0] as string;
    const out = join(data.dir, 'incident.html');
    const result = runCli([
      'export',
      'incident',
      fingerprint,
      '--format',
      'html',
      '--out',
      out,
      '--generated-at',
      GENERATED_AT,
      '--data-dir',
      data.dir,
    ]);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(expected['incident.html']?.content);
  });

  it('says in one line what is wrong: an unknown turn, a bad format, a malformed incident id', () => {
    const unknown = runCli(['export', 'turn', 'no-such-turn', '--format', 'md', '--data-dir', data.dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('novel-console: not_found: turn "no-such-turn" does not exist');
    const format = runCli(['export', 'turn', turnId, '--format', 'docx', '--data-dir', data.dir]);
    expect(format.code).not.toBe(0);
    expect(format.stderr).toContain("argument 'docx' is invalid");
    const malformed = runCli(['export', 'incident', 'nope', '--format', 'md', '--data-dir', data.dir]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('invalid_request');
  });
});
