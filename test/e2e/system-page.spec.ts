/**
 * The System page of the headless console, driven like a user would: open the login URL that
 * `novel-console serve` printed, read health and live values, switch themes, and see what happens
 * without a token and after the server dies.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, startServe } from './serve-process';

const screenshotDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../test-results/screenshots');
const TICK_PERIOD_MS = 5_000;

// One server per worker (workers: 1, so tests run in file order); the last test kills it. A failed
// test restarts the worker, which starts a fresh server for the tests after it.

let server: ServeProcess;

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServe();
});

test.afterAll(async () => {
  await server?.cleanup();
});

const bodyBackground = (page: Page) => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
const documentTheme = (page: Page) => page.locator('html').getAttribute('data-theme');

/** The System page (the console itself opens on the Dashboards). */
async function openConsole(page: Page): Promise<void> {
  await page.goto(`${server.loginUrl}#/system`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

/** Waits until the sparklines have a trend (two ticks), so screenshots show real lines. */
async function waitForTwoTicks(page: Page): Promise<void> {
  await expect
    .poll(async () => Number(await page.getByTestId('sparkline-heap').getAttribute('data-points')), { timeout: 3 * TICK_PERIOD_MS })
    .toBeGreaterThanOrEqual(2);
}

test('opening the login URL shows health ok, the schema version and the Node version, and drops the token from the address bar', async ({
  page,
}) => {
  const problems = collectPageProblems(page);
  await openConsole(page);

  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link')).toContainText(['Dashboards', 'System', 'Turns']);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('System');

  await expect(page.getByTestId('health-status')).toHaveText('ok');
  await expect(page.getByTestId('health-db-reachable')).toHaveText('reachable');
  await expect(page.getByTestId('health-schema-version')).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByTestId('health-schema-latest')).toContainText('current');
  // The server runs on the same Node binary as this test.
  await expect(page.getByTestId('health-node-version')).toHaveText(process.versions.node);
  await expect(page.getByTestId('health-electron-version')).toHaveText('—');
  await expect(page.getByTestId('health-sqlite-version')).toHaveText(/^3\.\d+\.\d+$/);

  await expect(page.getByTestId('info-face')).toHaveText('headless');
  await expect(page.getByTestId('info-pid')).toHaveText(String(server.pid));
  await expect(page.getByTestId('info-channels')).toContainText('system.health');
  await expect(page.getByTestId('info-topics')).toContainText('system.tick');

  await page.getByTestId('health-refresh').click();
  await expect(page.getByTestId('health-status')).toHaveText('ok');

  // A link to a page this version does not have says so and leads back.
  await page.goto(`${server.url}/#/no-such-page`);
  await expect(page.getByTestId('page-not-found')).toContainText('No page “no-such-page”');
  await page.getByRole('link', { name: 'Go to Dashboards' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboards');
  expect(problems).toEqual([]);
});

test('shows live system.tick values and updates them when the next tick arrives', async ({ page }) => {
  await openConsole(page);
  const tickAt = page.getByTestId('tick-at');
  await expect(tickAt).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
  await expect(page.getByTestId('tick-rss')).toHaveText(/^\d+(\.\d)? MiB$/);
  await expect(page.getByTestId('tick-heap-used')).toHaveText(/^\d+(\.\d)? MiB$/);
  await expect(page.getByTestId('tick-heap-total')).toHaveText(/^\d+(\.\d)? MiB$/);
  await expect(page.getByTestId('tick-external')).toHaveText(/^\d+(\.\d)? MiB$/);
  for (const id of ['tick-lag-mean', 'tick-lag-p99', 'tick-lag-max']) {
    await expect(page.getByTestId(id)).toHaveText(/^\d+\.\d{2} ms$/);
  }

  const firstTick = await tickAt.textContent();
  await expect(tickAt).not.toHaveText(firstTick ?? '', { timeout: 12_000 });
  await expect(page.getByTestId('sparkline-heap')).not.toHaveAttribute('data-points', '1');
});

test('follows the system colour scheme, switches theme from the keyboard and remembers the choice', async ({ page, browser }) => {
  await openConsole(page);
  await waitForTwoTicks(page);

  // The context emulates a light system setting and nothing is stored yet.
  expect(await documentTheme(page)).toBe('light');
  const lightBackground = await bodyBackground(page);
  await page.screenshot({ path: resolve(screenshotDir, 'system-light.png'), fullPage: true });

  // Keyboard: the skip link comes first, then the rail's links, then the theme toggle, each with a visible focus ring.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Skip to content' })).toBeFocused();
  for (const id of ['nav-dashboards', 'nav-system', 'nav-turns']) {
    await page.keyboard.press('Tab');
    await expect(page.getByTestId(id)).toBeFocused();
  }
  // Any further rail links, then the theme toggle.
  const toggle = page.getByTestId('theme-toggle');
  for (let more = 0; more < 12 && !(await toggle.evaluate((element) => element === document.activeElement)); more++) {
    await page.keyboard.press('Tab');
  }
  await expect(toggle).toBeFocused();
  await expect(toggle).not.toHaveCSS('outline-style', 'none');
  await page.screenshot({ path: resolve(screenshotDir, 'keyboard-focus-light.png') });
  await page.keyboard.press('Enter');

  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const darkBackground = await bodyBackground(page);
  expect(darkBackground).not.toBe(lightBackground);
  await page.mouse.move(0, 0);
  await toggle.blur();
  await page.screenshot({ path: resolve(screenshotDir, 'system-dark.png'), fullPage: true });

  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  expect(await documentTheme(page)).toBe('dark');
  expect(await bodyBackground(page)).toBe(darkBackground);

  await page.setViewportSize({ width: 900, height: 800 });
  await waitForTwoTicks(page);
  await page.screenshot({ path: resolve(screenshotDir, 'system-dark-900px.png'), fullPage: true });

  // A fresh profile on a dark system starts dark.
  const darkContext = await browser.newContext({ colorScheme: 'dark' });
  try {
    const darkPage = await darkContext.newPage();
    await darkPage.goto(`${server.loginUrl}#/system`);
    await expect(darkPage.locator('html')).toHaveAttribute('data-theme', 'dark');
    await darkPage.setViewportSize({ width: 900, height: 800 });
    await darkPage.getByTestId('theme-toggle').click();
    await expect(darkPage.locator('html')).toHaveAttribute('data-theme', 'light');
    await waitForTwoTicks(darkPage);
    await darkPage.screenshot({ path: resolve(screenshotDir, 'system-light-900px.png'), fullPage: true });
  } finally {
    await darkContext.close();
  }
});

test('asks the user to open the login URL when the page is opened without a token', async ({ page }) => {
  // The refused requests are expected; anything else in the console is not.
  const problems = collectPageProblems(page, [/status of 401/]);
  await page.goto(`${server.url}/`);

  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'unauthenticated');
  await expect(status).toHaveText('Unauthenticated');
  const message = page.getByTestId('unauthenticated-message');
  await expect(message).toContainText('Open the login URL');
  await expect(message).toContainText('novel-console serve');
  await expect(page.getByTestId('health-card')).toHaveCount(0);
  await page.screenshot({ path: resolve(screenshotDir, 'unauthenticated-light.png'), fullPage: true });
  expect(problems).toEqual([]);
});

test('shows a readable error panel with a reload button when a card fails to render', async ({ page }) => {
  // A tick that breaks the contract (no memory, no lag) stands in for a rendering bug.
  await page.route('**/events?**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/event-stream',
      body: `event: system.tick\ndata: ${JSON.stringify({ at: new Date().toISOString(), uptimeSeconds: 1 })}\n\n`,
    }),
  );
  await page.goto(`${server.loginUrl}#/system`);

  const panel = page.getByTestId('error-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading')).toHaveText('Something went wrong in the Live runtime card');
  await expect(panel).toContainText('rssBytes');
  // The other cards keep working.
  await expect(page.getByTestId('health-status')).toHaveText('ok');
  await page.screenshot({ path: resolve(screenshotDir, 'error-panel-light.png'), fullPage: true });

  await page.unroute('**/events?**');
  await panel.getByRole('button', { name: 'Reload console' }).click();
  await expect(page.getByTestId('tick-rss')).toHaveText(/MiB$/);
  await expect(page.getByTestId('error-panel')).toHaveCount(0);
});

test('shows disconnected, with the last values kept, after the server process is killed', async ({ page }) => {
  await openConsole(page);
  await expect(page.getByTestId('tick-rss')).toHaveText(/MiB$/);

  await server.kill();

  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-state', 'disconnected');
  await expect(status).toHaveText('Disconnected');
  await expect(page.getByTestId('disconnected-banner')).toContainText('Lost contact with the engine');
  await expect(page.getByTestId('tick-rss')).toHaveText(/MiB$/);
  await expect(page.getByTestId('tick-stale')).toBeVisible();

  await page.getByTestId('health-refresh').click();
  await expect(page.getByTestId('health-error')).toContainText('unavailable');
  await expect(page.getByTestId('health-status')).toHaveText('unknown');
  await page.screenshot({ path: resolve(screenshotDir, 'disconnected-light.png'), fullPage: true });
});
