/**
 * Turn and incident reports from the headless console (issue 7): on a finished turn's page the Report
 * buttons download the turn report — HTML that loads nothing from anywhere, a PDF — and on an alert's
 * page the incident report, each the bytes the engine's reports channels make. Screenshots of both pages
 * go to test-results/screenshots/reports-*.png.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Download, expect, type Page, test } from '@playwright/test';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, startServe } from './serve-process';

const screenshotDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../test-results/screenshots');
const TURN_TIMEOUT_MS = 30_000;

let server: ServeProcess;

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServe({ args: ['--metrics-interval', '1000'] });
});

test.afterAll(async () => {
  await server?.cleanup();
});

const loginToken = () => new URL(server.loginUrl).searchParams.get('token') ?? '';

async function rpc<T>(channel: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${server.url.replace(/\/$/, '')}/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${loginToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${channel}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.evaluate((target) => window.location.assign(target), hash);
}

async function download(page: Page, button: string): Promise<{ download: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
  const path = await file.path();
  return { download: file, bytes: readFileSync(path) };
}

test('a finished turn downloads its report as self-contained HTML and as PDF', async ({ page }) => {
  const problems = collectPageProblems(page);
  const { turnId } = await rpc<{ turnId: string }>('turns.run', { campaignId: 'ashfall-crossing', configuration: { seed: 5 } });
  await open(page, `#/turns/${turnId}`);
  await expect(page.getByTestId('turn-status')).toHaveAttribute('data-value', 'completed', { timeout: TURN_TIMEOUT_MS });
  const buttons = page.getByTestId('turn-report');
  await expect(buttons).toBeVisible();
  await expect(page.getByTestId('turn-report-html')).toHaveText('HTML');

  const html = await download(page, 'turn-report-html');
  expect(html.download.suggestedFilename()).toMatch(/^turn-ashfall-crossing-\d+\.html$/);
  const text = html.bytes.toString('utf8');
  expect(text).toContain('<!DOCTYPE html>');
  expect(text).toContain(turnId);
  expect(text).toContain('data-section="phases"');
  expect(text).not.toMatch(/<(link|img|script|iframe)\b|https?:\/\//i);
  // The buttons are usable again once the file is saved.
  await expect(page.getByTestId('turn-report-pdf')).toBeEnabled();

  const pdf = await download(page, 'turn-report-pdf');
  expect(pdf.download.suggestedFilename()).toMatch(/\.pdf$/);
  expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

  const md = await download(page, 'turn-report-md');
  expect(md.download.suggestedFilename()).toMatch(/\.md$/);
  expect(md.bytes.toString('utf8')).toMatch(/^# Turn report: Ashfall Crossing #\d+\n/);

  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('turn-report').scrollIntoViewIfNeeded();
  await page.screenshot({ path: resolve(screenshotDir, 'reports-turn.png'), fullPage: false });
  expect(problems).toEqual([]);
});

test('an alert downloads its incident report', async ({ page }) => {
  const problems = collectPageProblems(page);
  await rpc('rules.save', {
    name: 'ReportsE2e',
    rule: {
      name: 'ReportsE2e',
      kind: 'threshold',
      severity: 'warning',
      query: { metric: 'novel_engine_memory_usage_bytes', fn: 'last', windowS: 60 },
      comparison: '>',
      threshold: 1,
      annotations: { summary: 'memory at {{ $value }} bytes' },
    },
  });
  let fingerprint = '';
  await expect(async () => {
    const { alerts } = await rpc<{ alerts: { fingerprint: string }[] }>('alerts.list', { states: ['firing'], ruleName: 'ReportsE2e' });
    fingerprint = alerts[0]?.fingerprint ?? '';
    expect(fingerprint).not.toBe('');
  }).toPass({ timeout: 30_000 });

  await open(page, `#/alerts/${fingerprint}`);
  await expect(page.getByTestId('alert-title')).toHaveText('ReportsE2e');
  await expect(page.getByTestId('incident-report')).toBeVisible();
  const md = await download(page, 'incident-report-md');
  expect(md.download.suggestedFilename()).toBe(`incident-reportse2e-${fingerprint}-1.md`);
  const text = md.bytes.toString('utf8');
  for (const title of ['Alert', 'Values', 'Timeline', 'Silences', 'Runbook steps taken', 'Related turns', 'Audit entries']) {
    expect(text).toContain(`\n## ${title}\n`);
  }
  await page.mouse.move(0, 0);
  await page.screenshot({ path: resolve(screenshotDir, 'reports-incident.png'), fullPage: false });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: resolve(screenshotDir, 'reports-incident-dark.png'), fullPage: false });
  expect(problems).toEqual([]);
});
