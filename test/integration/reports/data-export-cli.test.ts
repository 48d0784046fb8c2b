/**
 * `novel-console export traces|metrics|audit` and `import traces FILE` as a shell runs them (the built
 * CLI): the files are the bytes the exports.* channels answer, the audit export is `audit export`'s,
 * an import into another data dir skips what is already kept and refuses a broken file whole.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { identityForRole } from '../../../src-shared/rbac';
import { assertBuilt, runCli } from '../../fixtures/cli-process';
import { parseCsv } from '../../fixtures/csv';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const admin = identityForRole('cli-export-test', 'admin');
const cleanups: (() => void)[] = [];
let sourceDir: string;
let files: string;
let since: string;
const traceIds: string[] = [];

function dir(prefix: string): string {
  const data = tempDataDir(prefix);
  cleanups.push(data.cleanup);
  return data.dir;
}

function openHost(dataDir: string): Host {
  return createHost({ dataDir, face: 'cli', telemetry: { recorder: { enabled: false } } });
}

beforeAll(async () => {
  assertBuilt();
  sourceDir = dir('novel-console-cli-export-');
  files = dir('novel-console-cli-export-files-');
  since = new Date(Date.now() - 1000).toISOString();
  const host = openHost(sourceDir);
  try {
    for (const aiIntegrationEnabled of [true, false]) {
      const { turnId, done } = host.services.runner.start({
        campaignId: 'ashfall-crossing',
        configuration: { aiIntegrationEnabled },
        origin: 'ui',
        startedBy: 'cli-test',
      });
      await done;
      await host.services.tracing?.flush();
      traceIds.push((host.services.traces.search({ turnId, limit: 1, offset: 0 }).traces[0] as { traceId: string }).traceId);
    }
    const at = Date.now() - 120_000;
    await host.services.metricsHistory.snapshotRegistry(host.services.metrics.registry, at);
    await host.services.metricsHistory.snapshotRegistry(host.services.metrics.registry, at + 15_000);
    // Something in the audit log.
    await host.rpc.invoke('tokens.mint', { role: 'player', ttl: '5m', label: 'cli export test' }, admin);
  } finally {
    await host.close();
  }
}, 60_000);

afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

/** The trace id of each resourceSpans of an OTLP file (the console writes one per trace). */
function resourceSpansOf(text: string): string[] {
  const request = JSON.parse(text) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
  return request.resourceSpans.map((resource) => resource.scopeSpans[0]?.spans[0]?.traceId ?? '');
}

async function channelFile<C extends 'exports.traces' | 'exports.metrics' | 'exports.audit'>(
  channel: C,
  request: Parameters<Host['rpc']['invoke']>[1],
): Promise<string> {
  const host = openHost(sourceDir);
  try {
    const answer = (await host.rpc.invoke(channel, request as never, admin)) as { file: { content: string } };
    return answer.file.content;
  } finally {
    await host.close();
  }
}

describe('novel-console export traces', () => {
  it('writes a range to --out with the bytes of exports.traces, and one trace to stdout', { timeout: 60_000 }, async () => {
    const out = join(files, 'range.otlp.json');
    const result = runCli(['export', 'traces', '--since', since, '--out', out, '--data-dir', sourceDir]);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(await channelFile('exports.traces', { since }));
    // The two turns, and whichever API call of the seeding the tail sampler kept.
    const kept = resourceSpansOf(text);
    expect(kept).toEqual(expect.arrayContaining(traceIds));
    expect(result.stderr).toMatch(new RegExp(`exported ${kept.length} traces \\(\\d+ spans\\) to .*range\\.otlp\\.json`));

    const one = runCli(['export', 'traces', '--trace', traceIds[1] as string, '--data-dir', sourceDir]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe(await channelFile('exports.traces', { traceId: traceIds[1] }));
  });

  it('refuses a call naming neither a trace nor a range', () => {
    const result = runCli(['export', 'traces', '--data-dir', sourceDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/name either --trace ID .* or --since TIME/);
  });
});

describe('novel-console import traces', () => {
  it('imports into another data dir, skips what is kept on a second run, refuses a broken file', { timeout: 90_000 }, async () => {
    const file = join(files, 'import.otlp.json');
    expect(runCli(['export', 'traces', '--since', since, '--out', file, '--data-dir', sourceDir]).code).toBe(0);
    const targetDir = dir('novel-console-cli-import-');
    const first = runCli(['import', 'traces', file, '--data-dir', targetDir]);
    expect(first.code, first.stderr).toBe(0);
    const count = resourceSpansOf(readFileSync(file, 'utf8')).length;
    expect(first.stdout).toMatch(new RegExp(`^imported ${count} traces \\(\\d+ spans\\), skipped 0 already kept$`, 'm'));
    const second = runCli(['import', 'traces', file, '--data-dir', targetDir]);
    expect(second.stdout).toContain(`imported 0 traces (0 spans), skipped ${count} already kept`);

    const broken = join(files, 'broken.otlp.json');
    writeFileSync(broken, readFileSync(file, 'utf8').slice(0, 500));
    const refused = runCli(['import', 'traces', broken, '--data-dir', dir('novel-console-cli-import-')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/invalid_request: not an OTLP JSON trace export .*not valid JSON/);

    const host = openHost(targetDir);
    try {
      for (const traceId of traceIds) expect(host.services.traces.get(traceId)?.traceId).toBe(traceId);
      const { entries } = await host.rpc.invoke('audit.list', { action: 'traces.import', limit: 5 }, admin);
      expect(entries.map((entry) => [entry.actor.startsWith('cli:'), entry.target])).toEqual([
        [true, 'file:import.otlp.json'],
        [true, 'file:import.otlp.json'],
      ]);
    } finally {
      await host.close();
    }
  });
});

describe('novel-console export metrics', () => {
  it('writes OpenMetrics and CSV of the history, the channel bytes', { timeout: 60_000 }, async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const out = join(files, 'metrics.om');
    const result = runCli([
      'export',
      'metrics',
      '--format',
      'openmetrics',
      '--since',
      from,
      '--until',
      since,
      '--out',
      out,
      '--data-dir',
      sourceDir,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('# EOF\n')).toBe(true);
    expect(text).toBe(await channelFile('exports.metrics', { format: 'openmetrics', since: from, until: since }));

    const csv = runCli(['export', 'metrics', '--format', 'csv', '--metric', 'novel_engine_turns_total', '--data-dir', sourceDir]);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = parseCsv(csv.stdout);
    expect(rows[0]?.[0]).toBe('metric');
    expect(rows.length).toBeGreaterThan(1);
    expect(new Set(rows.slice(1).map((row) => row[0]))).toEqual(new Set(['novel_engine_turns_total']));
  });

  it('refuses an unknown format', () => {
    const result = runCli(['export', 'metrics', '--format', 'xml', '--data-dir', sourceDir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/xml.*is invalid|Allowed choices/i);
  });
});

describe('novel-console export audit', () => {
  it('writes the same bytes as `audit export`, owner-only', { timeout: 60_000 }, () => {
    const a = join(files, 'a.jsonl');
    const b = join(files, 'b.jsonl');
    expect(runCli(['export', 'audit', '--out', a, '--data-dir', sourceDir]).code).toBe(0);
    expect(runCli(['audit', 'export', '--out', b, '--data-dir', sourceDir]).code).toBe(0);
    const text = readFileSync(a, 'utf8');
    expect(text.length).toBeGreaterThan(0);
    expect(text).toBe(readFileSync(b, 'utf8'));
    expect(statSync(a).mode & 0o777).toBe(0o600);
  });
});
