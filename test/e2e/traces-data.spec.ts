/**
 * OTLP JSON on the Traces page of the headless console (issue 7): "Export OTLP" on a trace and on the
 * search downloads the file `novel-console export traces` writes; "Import OTLP" reads such a file back
 * into the kept traces (a copy under a new trace id is imported, the same file again is skipped).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import type { TraceDetail } from '../../src-shared/domain/trace';
import { syntheticTrace } from '../fixtures/synthetic-trace';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, seededDataDir, startServe } from './serve-process';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const screenshotDir = resolve(repoRoot, 'test-results/screenshots');
const artifacts = resolve(repoRoot, 'test-results/e2e-artifacts/traces-data');

let server: ServeProcess;
let trace: TraceDetail;

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  const dataDir = await seededDataDir('traces-data', (host) => {
    trace = syntheticTrace({ spanCount: 60, seed: 9, startMs: Date.now() - 600_000, keptReason: 'sampled' });
    host.services.traces.insert([trace]);
  });
  server = await startServe({ dataDir });
});

test.afterAll(async () => {
  await server?.cleanup();
});

async function signIn(page: Page): Promise<void> {
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

interface OtlpFile {
  resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string }[] }[] }[];
}

const spansOf = (file: OtlpFile) => file.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));

test('exports a trace and the searched range as OTLP JSON, and imports a file back', async ({ page }) => {
  // The refused import answers 400, which Chromium logs.
  const problems = collectPageProblems(page, [/status of 400/]);
  await signIn(page);

  // One trace, from its view.
  await page.goto(`${server.url}/#/traces/${trace.traceId}`);
  await expect(page.getByTestId('trace-view')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('trace-export-otlp')).toBeVisible();
  await page.getByTestId('trace-header').screenshot({ path: resolve(screenshotDir, 'traces-data-trace-export.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trace-export-otlp').click()]);
  expect(download.suggestedFilename()).toBe(`trace-${trace.traceId}.otlp.json`);
  const one = resolve(artifacts, download.suggestedFilename());
  await download.saveAs(one);
  const exported = JSON.parse(readFileSync(one, 'utf8')) as OtlpFile;
  expect(spansOf(exported)).toHaveLength(trace.spans.length);
  expect(new Set(spansOf(exported).map((span) => span.traceId))).toEqual(new Set([trace.traceId]));

  // The search's range.
  await page.getByTestId('nav-traces').click();
  await page.goto(`${server.url}/#/traces`);
  // The seeded trace, among whatever the server kept of its own API calls.
  await expect(page.locator(`[data-testid="trace-result"][data-trace-id="${trace.traceId}"]`)).toBeVisible();
  const [rangeDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trace-range-export-otlp').click()]);
  expect(rangeDownload.suggestedFilename()).toMatch(/^traces-\d{8}T\d{4}Z-\d{8}T\d{4}Z\.otlp\.json$/);
  const range = resolve(artifacts, 'range.otlp.json');
  await rangeDownload.saveAs(range);
  const rangeSpans = spansOf(JSON.parse(readFileSync(range, 'utf8')) as OtlpFile);
  expect(rangeSpans.filter((span) => span.traceId === trace.traceId)).toHaveLength(trace.spans.length);

  // Import: a copy under another trace id is new; the exported file itself is already kept.
  const copyId = 'c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0';
  const copy = resolve(artifacts, 'copy.otlp.json');
  writeFileSync(copy, readFileSync(one, 'utf8').replaceAll(trace.traceId, copyId));
  await page.getByTestId('trace-import-file').setInputFiles(copy);
  await expect(page.getByTestId('trace-import-result')).toHaveText(`Imported 1 trace (${trace.spans.length} spans)`);
  await expect(page.locator(`[data-testid="trace-result"][data-trace-id="${copyId}"]`)).toBeVisible();
  await page.screenshot({ path: resolve(screenshotDir, 'traces-data-search-import.png') });
  await page.getByTestId('trace-import-file').setInputFiles(one);
  await expect(page.getByTestId('trace-import-result')).toHaveText(`Imported 0 traces (0 spans), skipped 1 already kept`);

  // A file that is not OTLP: the typed error, nothing imported.
  const bad = resolve(artifacts, 'bad.json');
  writeFileSync(bad, '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"nope"}]}]}]}');
  await page.getByTestId('trace-import-file').setInputFiles(bad);
  await expect(page.getByTestId('trace-import-error')).toContainText('invalid_request');
  await expect(page.getByTestId('trace-import-error')).toContainText('traceId');
  await page.screenshot({ path: resolve(screenshotDir, 'traces-data-import-error.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: resolve(screenshotDir, 'traces-data-import-error-dark.png') });
  expect(problems).toEqual([]);
});
