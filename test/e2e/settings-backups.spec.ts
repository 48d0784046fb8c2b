/**
 * Settings > Backups against a real engine (`novel-console serve` on a fresh data dir): take a backup
 * from the page and see it listed with its size, checksum and trigger (and its file in the data dir,
 * matching the checksum file); read how to restore from the CLI; change the schedule and see it kept
 * after a reload; run retention and see what it deleted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, startServe } from './serve-process';

test.describe.configure({ mode: 'serial' });

const screenshotDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../test-results/screenshots');
let server: ServeProcess;
let dataDir: string;

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'novel-console-e2e-backups-'));
  server = await startServe({ dataDir });
});

test.afterAll(async () => {
  await server?.cleanup();
});

/** Full-page screenshot from the top, nothing focused or hovered (the top bar is sticky). */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: true });
}

async function openBackups(page: Page): Promise<void> {
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-backups').click();
  await expect(page.getByTestId('settings-tab-backups')).toHaveAttribute('aria-current', 'page');
}

test('takes a backup from the page and lists it with its checksum, and says how to restore', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openBackups(page);
  await expect(page.getByTestId('backups-empty')).toContainText('No backups yet');
  await expect(page.getByTestId('backups-restore-hint')).toContainText('novel-console restore');
  await expect(page.getByTestId('backups-restore-hint')).toContainText(`--data-dir ${dataDir}`);

  await page.getByTestId('backups-create').click();
  await expect(page.getByTestId('backups-create-done')).toContainText('Backed up to novel-console-');
  const row = page.getByTestId('backups-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Manual');
  await expect(row).toContainText('KiB');

  const files = readdirSync(join(dataDir, 'backups'));
  const backup = files.find((name) => name.endsWith('.db')) as string;
  expect(files.sort()).toEqual([backup, `${backup}.sha256`]);
  const sha256 = createHash('sha256')
    .update(readFileSync(join(dataDir, 'backups', backup)))
    .digest('hex');
  expect(readFileSync(join(dataDir, 'backups', `${backup}.sha256`), 'utf8')).toBe(`${sha256}  ${backup}\n`);
  await expect(row.locator('.backups-hash')).toHaveAttribute('title', sha256);
  await expect(row).toContainText(backup);
  await screenshot(page, 'settings-backups-light');
  expect(problems).toEqual([]);
});

test('keeps schedule changes across a reload, refuses a bad value, and runs retention on demand', async ({ page }) => {
  const problems = collectPageProblems(page, [/status of 400/]);
  await openBackups(page);
  await page.getByTestId('backups-keep').fill('3');
  await page.getByTestId('backups-interval').fill('12');
  await page.getByTestId('backups-settings-save').click();
  await expect(page.getByTestId('backups-settings-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('backups-keep')).toHaveValue('3');
  await expect(page.getByTestId('backups-interval')).toHaveValue('12');

  await page.getByTestId('backups-keep').fill('0');
  await page.getByTestId('backups-settings-save').click();
  await expect(page.getByTestId('backups-settings-error')).toContainText('invalid_request');

  await page.getByTestId('retention-run').click();
  await expect(page.getByTestId('retention-deleted')).toContainText('Retention deleted');
  await expect(page.getByTestId('retention-oldest-audit')).not.toHaveText('nothing kept');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'settings-backups-dark');
  expect(problems).toEqual([]);
});
