/**
 * Data exports on a real host (SPEC section 8, issue 7): real turns give real kept traces, exported as
 * OTLP JSON (one trace, a time range) and imported into a second, fresh console, where traces.get
 * answers the same; a corrupted or truncated file is refused with nothing written; duplicates are
 * skipped. The metrics history (the real registry snapshotted) as OpenMetrics is backfilled by
 * Prometheus' own parser (`promtool tsdb create-blocks-from openmetrics`) and dumped back: exactly the
 * samples the CSV export holds, parsed back per RFC 4180. The audit export is the log's lines and verifies.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import type { ExportedFile } from '../../../src-shared/domain/exports';
import type { TraceDetail } from '../../../src-shared/domain/trace';
import { ContractError } from '../../../src-shared/errors';
import { identityForRole } from '../../../src-shared/rbac';
import { parseCsv } from '../../fixtures/csv';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const CAMPAIGN = 'ashfall-crossing';
const admin = identityForRole('export-admin', 'admin');
const developer = identityForRole('export-developer', 'developer');
const hasPromtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;

let source: Host;
let target: Host;
let work: { dir: string; cleanup(): void };
const cleanups: (() => void)[] = [];
const turnTraceIds: string[] = [];
let rangeStart: string;
/** Right after the turns: API calls traced later (and kept by the 10% sampling) fall outside the range. */
let rangeEnd: string;

function openHost(): Host {
  const data = tempDataDir('novel-console-data-export-');
  cleanups.push(data.cleanup);
  return createHost({ dataDir: data.dir, face: 'headless', telemetry: { recorder: { enabled: false } } });
}

async function runTurn(host: Host, configuration: Record<string, unknown>): Promise<string> {
  const { turnId, done } = host.services.runner.start({ campaignId: CAMPAIGN, configuration, origin: 'ui', startedBy: 'exporter' });
  await done;
  await host.services.tracing?.flush();
  const found = host.services.traces.search({ turnId, limit: 5, offset: 0 });
  expect(found.total).toBe(1);
  return (found.traces[0] as { traceId: string }).traceId;
}

function traceCount(host: Host): number {
  return host.services.traces.count();
}

beforeAll(async () => {
  work = tempDataDir('novel-console-data-export-files-');
  source = openHost();
  target = openHost();
  rangeStart = new Date(Date.now() - 1000).toISOString();
  turnTraceIds.push(await runTurn(source, { aiIntegrationEnabled: true }));
  turnTraceIds.push(await runTurn(source, { aiIntegrationEnabled: false }));
  turnTraceIds.push(await runTurn(source, { aiIntegrationEnabled: true }));
  rangeEnd = new Date(Date.now() + 1).toISOString();
  // The real registry, snapshotted as the recorder does, a minute apart, plus a label needing escapes.
  const history = source.services.metricsHistory;
  const base = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
  for (let step = 0; step < 4; step++) {
    await history.snapshotRegistry(source.services.metrics.registry, base + step * 60_000);
  }
  history.appendSnapshot(base + 4 * 60_000, [
    { name: 'export_test_odd_total', type: 'counter', labels: { note: 'a "quoted", comma\nand newline' }, value: 3 },
  ]);
}, 60_000);

afterAll(async () => {
  await source?.close();
  await target?.close();
  for (const cleanup of cleanups) cleanup();
  work?.cleanup();
});

describe('traces as OTLP JSON', () => {
  let oneTrace: ExportedFile;
  let range: ExportedFile;

  beforeAll(async () => {
    oneTrace = (await source.rpc.invoke('exports.traces', { traceId: turnTraceIds[0] as string }, developer)).file;
    range = (await source.rpc.invoke('exports.traces', { since: rangeStart, until: rangeEnd }, developer)).file;
  });

  it('exports one trace as an ExportTraceServiceRequest with every span', async () => {
    const stored = (await source.rpc.invoke('traces.get', { traceId: turnTraceIds[0] as string }, admin)) as TraceDetail;
    expect(oneTrace).toMatchObject({ fileName: `trace-${turnTraceIds[0]}.otlp.json`, mimeType: 'application/json', encoding: 'utf8' });
    expect(oneTrace.bytes).toBe(Buffer.byteLength(oneTrace.content));
    const request = JSON.parse(oneTrace.content) as { resourceSpans: { scopeSpans: { spans: { traceId: string; name: string }[] }[] }[] };
    const spans = request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    expect(spans).toHaveLength(stored.spans.length);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([turnTraceIds[0]]));
    expect(spans.map((span) => span.name)).toContain('novel_engine.turn_execution');
    // AI spans carry their prompts in the file (the store keeps them in the turn transcript instead).
    expect(oneTrace.content).toContain('gen_ai.prompt');
  });

  it('exports a time range, oldest first, one resourceSpans per trace', () => {
    const request = JSON.parse(range.content) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
    const ids = request.resourceSpans.map((r) => r.scopeSpans[0]?.spans[0]?.traceId);
    expect(ids).toEqual(turnTraceIds);
  });

  it('re-imports into a second, fresh console where traces.get answers the same', async () => {
    const result = await target.rpc.invoke('traces.import', { fileName: range.fileName, content: range.content }, developer);
    expect(result).toMatchObject({ imported: 3, skipped: 0 });
    expect(result.traceIds).toEqual(turnTraceIds);
    for (const traceId of turnTraceIds) {
      const original = await source.rpc.invoke('traces.get', { traceId }, admin);
      const imported = await target.rpc.invoke('traces.get', { traceId }, admin);
      // Spans are equal to the microsecond; the summary's duration was computed by the span exporter from
      // nanosecond times, which the stored spans (and so the file) keep to the microsecond: ±1 µs.
      expect({ ...imported, durationMs: 0 }).toEqual({ ...original, durationMs: 0 });
      expect(Math.round(Math.abs(imported.durationMs - original.durationMs) * 1000)).toBeLessThanOrEqual(1);
    }
    // Found by the same search as the original.
    const searched = await target.rpc.invoke('traces.search', { campaignId: CAMPAIGN, limit: 10, offset: 0 }, admin);
    expect(searched.total).toBe(3);
    // And exported again: the same bytes.
    const again = (await target.rpc.invoke('exports.traces', { since: rangeStart, until: rangeEnd }, developer)).file;
    expect(again.content).toBe(range.content);
  });

  it('skips and counts traces already kept instead of writing them twice', async () => {
    const before = traceCount(target);
    const result = await target.rpc.invoke('traces.import', { content: oneTrace.content }, developer);
    expect(result).toEqual({ imported: 0, skipped: 1, spans: 0, traceIds: [] });
    expect(traceCount(target)).toBe(before);
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2)), /not valid JSON/],
    [
      'with a corrupted span id in its last trace',
      (text: string) => text.replace(/"spanId":"[0-9a-f]{16}"(?![\s\S]*"spanId")/, '"spanId":"zz"'),
      /spanId/,
    ],
    [
      'with a span ending before it starts',
      (text: string) => text.replace(/"endTimeUnixNano":"\d+"(?![\s\S]*"endTimeUnixNano")/, '"endTimeUnixNano":"1"'),
      /ends before it starts/,
    ],
  ])('refuses a file %s with nothing written', async (_label, corrupt, message) => {
    const fresh = openHost();
    try {
      const call = fresh.rpc.invoke('traces.import', { content: corrupt(range.content) }, developer);
      await expect(call).rejects.toBeInstanceOf(ContractError);
      await expect(call).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
      expect(traceCount(fresh)).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('audits the import and refuses it to a story master (no orchestration.turn.debug)', async () => {
    const master = identityForRole('export-master', 'story_master');
    await expect(target.rpc.invoke('traces.import', { content: oneTrace.content }, master)).rejects.toMatchObject({ code: 'forbidden' });
    const { entries } = await target.rpc.invoke('audit.list', { action: 'traces.import', limit: 10 }, admin);
    expect(entries.map((entry) => entry.outcome)).toEqual(expect.arrayContaining(['ok', 'denied']));
    expect(entries.find((entry) => entry.outcome === 'ok' && entry.target === `file:${range.fileName}`)).toBeDefined();
  });

  it('refuses a campaign-scoped developer traces of other campaigns, importing nothing', async () => {
    const scoped = { ...developer, campaignAccess: { 'another-campaign': ['orchestration.turn.debug' as const] } };
    const fresh = openHost();
    try {
      await expect(fresh.rpc.invoke('traces.import', { content: range.content }, scoped)).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/outside this token's scope; nothing was imported/),
      });
      expect(traceCount(fresh)).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('answers not_found for a trace that is not kept', async () => {
    await expect(source.rpc.invoke('exports.traces', { traceId: 'f'.repeat(32) }, developer)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('metrics as CSV and OpenMetrics', () => {
  const since = new Date(Date.now() - 3600_000).toISOString();

  it('writes CSV with a header of metric, label columns, timestamp, value, quoting per RFC 4180', async () => {
    const { file } = await source.rpc.invoke('exports.metrics', { format: 'csv', since }, developer);
    expect(file.mimeType).toMatch(/^text\/csv/);
    const rows = parseCsv(file.content);
    const header = rows[0] as string[];
    expect(header[0]).toBe('metric');
    expect(header.slice(-2)).toEqual(['timestamp', 'value']);
    expect(header).toContain('le');
    expect(rows.slice(1).every((row) => row.length === header.length)).toBe(true);
    // The history writes a new counter's 0 at the snapshot before its first value (metrics-history.ts).
    const odd = rows.filter((row) => row[0] === 'export_test_odd_total').at(-1);
    expect(odd?.[header.indexOf('note')]).toBe('a "quoted", comma\nand newline');
    expect(odd?.at(-1)).toBe('3');
  });

  it('keeps only the named metrics and refuses an unknown one', async () => {
    const { file } = await source.rpc.invoke(
      'exports.metrics',
      { format: 'csv', since, metrics: ['novel_engine_turn_duration_seconds'] },
      developer,
    );
    const names = new Set(
      parseCsv(file.content)
        .slice(1)
        .map((row) => row[0]),
    );
    expect(names).toEqual(
      new Set([
        'novel_engine_turn_duration_seconds_bucket',
        'novel_engine_turn_duration_seconds_sum',
        'novel_engine_turn_duration_seconds_count',
      ]),
    );
    await expect(
      source.rpc.invoke('exports.metrics', { format: 'csv', since, metrics: ['no_such_metric'] }, developer),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it.skipIf(!hasPromtool)(
    'writes OpenMetrics that Prometheus backfills to exactly the CSV samples (promtool, Debian package prometheus)',
    async () => {
      const openMetrics = (await source.rpc.invoke('exports.metrics', { format: 'openmetrics', since }, developer)).file;
      const csv = (await source.rpc.invoke('exports.metrics', { format: 'csv', since }, developer)).file;
      expect(openMetrics.content.endsWith('# EOF\n')).toBe(true);
      expect(openMetrics.content).toMatch(/^# TYPE novel_engine_turns counter$/m);
      expect(openMetrics.content).toMatch(/^# TYPE novel_engine_turn_duration_seconds histogram$/m);
      const file = join(work.dir, 'metrics.om');
      writeFileSync(file, openMetrics.content);
      const blocks = join(work.dir, 'blocks');
      const created = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, blocks], { encoding: 'utf8' });
      expect(`${created.stdout}${created.stderr}`, 'promtool create-blocks-from openmetrics').not.toMatch(/error/i);
      expect(created.status).toBe(0);
      mkdirSync(join(blocks, 'wal'), { recursive: true });
      const dumped = spawnSync('promtool', ['tsdb', 'dump', blocks], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      expect(dumped.status).toBe(0);
      // {__name__="x", a="b"} value timestampMs  <->  CSV row
      const fromPrometheus = new Set(
        dumped.stdout
          .trim()
          .split('\n')
          .map((line) => {
            const match = /^\{(.*)\} (\S+) (\d+)$/.exec(line) as RegExpExecArray;
            const labels = [...(match[1] as string).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)]
              .map(([, name, value]) => [name as string, JSON.parse(`"${value}"`) as string] as const)
              .sort(([a], [b]) => (a < b ? -1 : 1));
            return `${JSON.stringify(labels)} ${Number(match[2])} ${match[3]}`;
          }),
      );
      const rows = parseCsv(csv.content);
      const header = rows[0] as string[];
      const fromCsv = new Set(
        rows.slice(1).map((row) => {
          const labels = header
            .slice(1, -2)
            .map((name, index) => [name, row[index + 1] as string] as const)
            .filter(([, value]) => value !== '');
          const all = [['__name__', row[0] as string] as const, ...labels].sort(([a], [b]) => (a < b ? -1 : 1));
          return `${JSON.stringify(all)} ${Number(row.at(-1))} ${Date.parse(row.at(-2) as string)}`;
        }),
      );
      expect(fromCsv.size).toBeGreaterThan(50);
      expect([...fromPrometheus].sort()).toEqual([...fromCsv].sort());
    },
  );
});

describe('the audit log as JSON lines', () => {
  it('is the bytes of the log export, every line chained to the previous hash', async () => {
    // Two audited actions: an import of an old foreign trace and a refused one.
    const span = {
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      name: 'GET /cart',
      startTimeUnixNano: '1544712660000000000',
      endTimeUnixNano: '1544712661000000000',
    };
    const content = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
    await source.rpc.invoke('traces.import', { fileName: 'cart.json', content }, admin);
    await expect(source.rpc.invoke('traces.import', { content }, identityForRole('p', 'player'))).rejects.toMatchObject({
      code: 'forbidden',
    });
    const { file } = await source.rpc.invoke('exports.audit', {}, admin);
    const expected = [...source.services.audit.exportLines()].map((line) => `${line}\n`).join('');
    expect(file.content).toBe(expected);
    const lines = file.content
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; prevHash: string; hash: string });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (let index = 1; index < lines.length; index++) expect(lines[index]?.prevHash).toBe(lines[index - 1]?.hash);
    expect((await source.rpc.invoke('audit.verify', {}, admin)).ok).toBe(true);
  });

  it('is refused to a developer (security administration only)', async () => {
    await expect(source.rpc.invoke('exports.audit', {}, developer)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
