/**
 * The Dashboards page of the headless console against a real engine: `novel-console serve` on a data
 * dir whose metrics history was seeded through the engine's own history API (24 h at the recorder's
 * 15 s, see test/fixtures/dashboard-history.ts), so every dashboard has data to draw. Each of the five
 * dashboards is opened, its panels checked for values and screenshotted in both themes. Then a fresh
 * data dir (the empty states) and a server that went away (the error state in each panel).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { seedDashboardHistory } from '../fixtures/dashboard-history';
import { decodePng, inkShare } from '../fixtures/png-pixels';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, seededDataDir, startServe } from './serve-process';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const screenshotDir = resolve(repoRoot, 'test-results/screenshots');
const SEEDED_HOURS = 24;

let server: ServeProcess;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  mkdirSync(screenshotDir, { recursive: true });
  // The history is seeded with the built engine (the same code `serve` runs).
  const dataDir = await seededDataDir('dashboards', (host) =>
    seedDashboardHistory(host.services.metricsHistory, { endMs: Date.now(), durationMs: SEEDED_HOURS * 3_600_000 }),
  );
  server = await startServe({ dataDir });
});

test.afterAll(async () => {
  await server?.cleanup();
});

const grid = (page: Page) => page.getByTestId('dashboard-grid');
const panel = (page: Page, id: string) => page.getByTestId(`panel-${id}`);

/** Waits until the newest refresh of the dashboard on screen is painted (every chart drawn). */
async function waitForPainted(page: Page, dashboardId: string): Promise<void> {
  await expect(grid(page)).toHaveAttribute('data-dashboard', dashboardId);
  await expect
    .poll(
      async () => {
        const generation = await grid(page).getAttribute('data-generation');
        const painted = await grid(page).getAttribute('data-painted-generation');
        const loading = await page.locator('.dash-panel[data-state="loading"]').count();
        return loading === 0 && generation !== null && generation !== '0' && generation === painted;
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

async function openDashboard(page: Page, dashboardId: string): Promise<void> {
  await page.getByTestId(`dashboard-tab-${dashboardId}`).click();
  await expect(page.getByTestId(`dashboard-tab-${dashboardId}`)).toHaveAttribute('aria-current', 'page');
  await waitForPainted(page, dashboardId);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: true });
}

/** Light, then dark (charts are redrawn in the dark theme's colours before the second shot). */
async function screenshotBothThemes(page: Page, name: string, dashboardId: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.waitForTimeout(300);
  await waitForPainted(page, dashboardId);
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
}

async function expectReady(locator: Locator, minSeries = 1): Promise<void> {
  await expect(locator).toHaveAttribute('data-state', 'ready');
  expect(Number(await locator.getAttribute('data-series'))).toBeGreaterThanOrEqual(minSeries);
}

/** A chart panel's canvas really has pixels drawn on it (not a blank box). */
async function expectCanvasDrawn(locator: Locator): Promise<void> {
  const inked = await locator
    .locator('canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) painted += 1;
      return painted / (canvas.width * canvas.height);
    });
  expect(inked).toBeGreaterThan(0.01);
}

test('lands on the Executive dashboard and shows the seeded turns, success rate, AI cost and tokens', async ({ page }) => {
  const problems = collectPageProblems(page);
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  // Dashboards come first in the rail: the console opens on them.
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link').first()).toHaveText('Dashboards');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboards');
  await expect(page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link')).toHaveText([
    'Executive',
    'Operational',
    'Performance',
    'Security',
    'Trust',
  ]);
  await waitForPainted(page, 'executive');
  await expect(page.getByTestId('range-select')).toHaveValue('24h');

  for (const id of ['turns-per-hour', 'success-rate', 'ai-cost-per-hour', 'tokens-per-hour']) await expectReady(panel(page, id));
  await expect(page.getByTestId('panel-turns-per-hour-value')).toHaveText(/^\d[\d,.k]*\/h$/);
  // The seeded day is quiet around 01:00, when an hour can hold only completed turns: 100 % is right then.
  await expect(page.getByTestId('panel-success-rate-value')).toHaveText(/^(100|\d{1,2})(\.\d)?%$/);
  await expect(page.getByTestId('panel-ai-cost-per-hour-value')).toHaveText(/^\$\d+\.\d{2,4}$/);
  await expect(page.getByTestId('panel-tokens-per-hour-value')).toHaveText(/\/h$/);
  // Four statuses, two token types, two models, 11 status x range rows.
  await expectReady(panel(page, 'turns-by-status'), 4);
  await expectReady(panel(page, 'tokens-trend'), 2);
  await expectReady(panel(page, 'ai-cost-trend'), 2);
  await expectReady(panel(page, 'tokens-by-model'), 4);
  await expectReady(panel(page, 'turns-table'), 10);
  await expectReady(panel(page, 'turns-active'));
  await expect(page.getByTestId('panel-turns-table-table').locator('tbody tr')).toHaveCount(11);
  await expect(page.getByTestId('panel-turns-table-table').locator('tbody tr').first()).toContainText('completed');
  for (const id of ['turns-by-status', 'success-rate-trend', 'tokens-by-model', 'turns-active']) await expectCanvasDrawn(panel(page, id));
  await screenshotBothThemes(page, 'dashboard-executive', 'executive');
  expect(problems).toEqual([]);
});

test('shows process vitals on Operational, and no circuit breaker while the provider has none', async ({ page }) => {
  // The breaker metric is unknown to this engine: its query answers 404 not_found, which the browser logs.
  const problems = collectPageProblems(page, [/status of 404/]);
  await page.goto(server.loginUrl);
  await openDashboard(page, 'operational');
  await expect(page).toHaveURL(/#\/dashboards\/operational$/);
  for (const id of ['cpu', 'memory', 'event-loop-lag', 'db-size']) await expectReady(panel(page, id));
  await expect(page.getByTestId('panel-memory-value')).toHaveText(/MiB$/);
  // The last sample may be the server's own first snapshot, taken at start when the loop has barely run.
  await expect(page.getByTestId('panel-event-loop-lag-value')).toHaveText(/^\d[\d.,]* (µs|ms)$/);
  await expect(page.getByTestId('panel-cpu-value')).toHaveText(/%$/);
  await expectReady(panel(page, 'cpu-trend'), 2);
  await expectReady(panel(page, 'memory-trend'), 3);
  await expectReady(panel(page, 'lag-trend'), 3);
  await expectReady(panel(page, 'db-size-trend'));
  await expectCanvasDrawn(panel(page, 'memory-trend'));
  // The simulated provider has no circuit breaker, so the (registered) breaker metric has no series: a
  // clear empty state that says why, not an error and not a blank.
  await expect(panel(page, 'breakers')).toHaveAttribute('data-state', 'empty');
  await expect(page.getByTestId('panel-breakers-empty')).toContainText('No data in this range');
  await expect(page.getByTestId('panel-breakers-empty')).toContainText('the simulated AI provider has none');
  await expect(page.getByTestId('panel-breakers-empty')).toContainText('novel_engine_circuit_breaker_state');
  await screenshotBothThemes(page, 'dashboard-operational', 'operational');
  expect(problems).toEqual([]);
});

test('draws turn and phase latency percentiles, the latency heatmap, AI phases and throughput on Performance', async ({ page }) => {
  const problems = collectPageProblems(page);
  await page.goto(server.loginUrl);
  await openDashboard(page, 'performance');
  await expectReady(panel(page, 'turn-latency'), 3);
  await expectReady(panel(page, 'phase-latency'), 3);
  // One series per bucket bound of novel_engine_turn_duration_seconds (7 bounds and +Inf).
  await expectReady(panel(page, 'turn-latency-heatmap'), 8);
  await expectReady(panel(page, 'phase-p95'), 5);
  await expectReady(panel(page, 'ai-latency'), 4);
  await expectReady(panel(page, 'throughput'), 2);
  await expectReady(panel(page, 'phase-table'), 5);
  await expectReady(panel(page, 'ai-errors'), 4);
  // The p95 of subjective_brief (~1.6 s median) reads in seconds.
  await expect(page.getByTestId('panel-phase-table-table')).toContainText('subjective_brief');
  await expect(page.getByTestId('panel-phase-table-table').locator('tbody tr').first()).toContainText(/\d(\.\d+)? s$/);
  for (const id of ['turn-latency', 'turn-latency-heatmap', 'phase-p95']) await expectCanvasDrawn(panel(page, id));
  // Six hours at a 1-minute step come from the raw samples.
  await expect(page.getByTestId('dashboard-updated')).not.toContainText('rollups');
  await screenshotBothThemes(page, 'dashboard-performance', 'performance');

  // A week: every panel is asked again, from the 5-minute rollups.
  const before = Number(await grid(page).getAttribute('data-generation'));
  await page.getByTestId('range-select').selectOption('7d');
  await expect(grid(page)).not.toHaveAttribute('data-generation', String(before));
  await waitForPainted(page, 'performance');
  await expectReady(panel(page, 'turn-latency'), 3);
  await expect(page.getByTestId('dashboard-updated')).toContainText('5-minute rollups');
  await screenshot(page, 'dashboard-performance-7d-light');
  expect(problems).toEqual([]);
});

test('counts refused requests on Security, and draws Trust from the trust store', async ({ page }) => {
  const problems = collectPageProblems(page);
  await page.goto(server.loginUrl);
  await openDashboard(page, 'security');
  for (const id of ['auth-failures', 'authz-denials', 'rate-limited']) await expectReady(panel(page, id));
  await expectReady(panel(page, 'auth-failures-trend'), 3);
  await expectReady(panel(page, 'rate-limited-trend'));
  await expectReady(panel(page, 'authz-table'));
  await expect(page.getByTestId('panel-authz-table-table')).toContainText('orchestration.turn.execute · player');
  await screenshotBothThemes(page, 'dashboard-security', 'security');

  await openDashboard(page, 'trust');
  await expect(page.locator('.dash-panel-text')).toHaveCount(0);
  await expect(panel(page, 'trust-scores')).toHaveAttribute('data-state', /^(ready|empty)$/);
  await screenshotBothThemes(page, 'dashboard-trust', 'trust');
  expect(problems).toEqual([]);
});

test('picks a custom range, refuses a backwards one, and reaches every panel by keyboard', async ({ page }) => {
  const problems = collectPageProblems(page);
  await page.goto(`${server.loginUrl}#/dashboards/executive`);
  await waitForPainted(page, 'executive');
  await page.getByTestId('range-select').selectOption('custom');
  const now = new Date();
  const local = (ms: number) => {
    const d = new Date(ms);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  await page.getByTestId('range-start').fill(local(now.getTime() - 60_000));
  await page.getByTestId('range-end').fill(local(now.getTime() - 7_200_000));
  await page.getByTestId('range-apply').click();
  await expect(page.getByTestId('range-error')).toHaveText('The end must come after the start.');

  await page.getByTestId('range-start').fill(local(now.getTime() - 6 * 3_600_000));
  await page.getByTestId('range-end').fill(local(now.getTime() - 3_600_000));
  const before = Number(await grid(page).getAttribute('data-generation'));
  await page.getByTestId('range-apply').click();
  await expect(page.getByTestId('range-error')).toHaveCount(0);
  await expect(grid(page)).not.toHaveAttribute('data-generation', String(before));
  await waitForPainted(page, 'executive');
  await expectReady(panel(page, 'turns-by-status'), 4);

  // Keyboard: from the toolbar's last control (Import), Tab walks into the panels in grid order.
  await page.getByTestId('dashboard-import').focus();
  await page.keyboard.press('Tab');
  await expect(panel(page, 'turns-per-hour')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel(page, 'success-rate')).toBeFocused();
  await screenshot(page, 'dashboard-custom-range-light');

  // A narrow window stacks the panels at full width instead of squeezing 24 columns.
  await page.setViewportSize({ width: 860, height: 900 });
  await waitForPainted(page, 'executive');
  const [first, second] = await Promise.all([panel(page, 'turns-per-hour').boundingBox(), panel(page, 'success-rate').boundingBox()]);
  expect(second?.y ?? 0).toBeGreaterThan((first?.y ?? 0) + (first?.height ?? 0) - 1);
  await screenshot(page, 'dashboard-executive-860px-light');
  expect(problems).toEqual([]);
});

test('redraws on metrics.tick while the range follows now', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(server.loginUrl);
  await waitForPainted(page, 'executive');
  // Each dashboard opens with its definition's auto-refresh (Executive: 30 s); switched off here.
  await expect(page.getByTestId('refresh-select')).toHaveValue('30000');
  await page.getByTestId('refresh-select').selectOption('0');
  await waitForPainted(page, 'executive');
  const before = Number(await grid(page).getAttribute('data-generation'));
  // The recorder snapshots every 15 s and publishes metrics.tick; auto-refresh is off.
  await expect.poll(async () => Number(await grid(page).getAttribute('data-generation')), { timeout: 25_000 }).toBeGreaterThan(before);
  await waitForPainted(page, 'executive');
});

/**
 * One call of the contract over HTTP, as the console's bridge makes it. A 409 (the campaign's previous
 * turn still releasing it just after its end was stored) is retried.
 */
async function rpc<T>(serve: ServeProcess, channel: string, body: unknown): Promise<T> {
  const token = new URL(serve.loginUrl).searchParams.get('token');
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${serve.url}/rpc/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status === 409 && attempt < 20) {
      await new Promise((resolveWait) => setTimeout(resolveWait, 250));
      continue;
    }
    expect(response.status, `${channel}: ${await response.clone().text()}`).toBe(200);
    return (await response.json()) as T;
  }
}

test('draws real turns recorded by serve --metrics-interval 500', async ({ page }) => {
  test.setTimeout(120_000);
  const live = await startServe({ args: ['--metrics-interval', '500'] });
  try {
    const problems = collectPageProblems(page);
    // One at a time, so each counter series has samples before and after an increase.
    for (let turn = 0; turn < 3; turn++) {
      const { turnId } = await rpc<{ turnId: string }>(live, 'turns.run', { campaignId: 'ashfall-crossing' });
      await expect
        .poll(async () => (await rpc<{ turn: { overallStatus: string } }>(live, 'turns.get', { turnId })).turn.overallStatus, {
          timeout: 30_000,
        })
        .not.toBe('running');
    }
    await page.waitForTimeout(1_500);
    await page.goto(`${live.loginUrl}#/dashboards/executive`);
    await waitForPainted(page, 'executive');
    await page.getByTestId('range-select').selectOption('15m');
    await waitForPainted(page, 'executive');
    await expectReady(panel(page, 'turns-per-hour'));
    await expect(page.getByTestId('panel-turns-per-hour-value')).not.toHaveText('0/h');
    await expectReady(panel(page, 'ai-cost-per-hour'));
    await expect(page.getByTestId('panel-ai-cost-per-hour-value')).toHaveText(/^\$0\.\d{4}$|^\$\d+\.\d{2}$/);
    await expectReady(panel(page, 'tokens-trend'), 2);
    await expectReady(panel(page, 'turns-table'));
    await expectCanvasDrawn(panel(page, 'tokens-trend'));

    await page.getByTestId('dashboard-tab-performance').click();
    await waitForPainted(page, 'performance');
    await expectReady(panel(page, 'turn-latency'), 3);
    await expectReady(panel(page, 'phase-table'), 5);
    await screenshot(page, 'dashboard-performance-real-turns-light');

    // Auto-refresh every 10 s redraws without a click (ticks are throttled to one refresh per 2 s).
    await page.getByTestId('refresh-select').selectOption('10000');
    const before = Number(await grid(page).getAttribute('data-generation'));
    await expect.poll(async () => Number(await grid(page).getAttribute('data-generation')), { timeout: 15_000 }).toBeGreaterThan(before);
    expect(problems).toEqual([]);
  } finally {
    await live.cleanup();
  }
});

test('shows empty states on a fresh data dir, and the typed error in each panel once the engine is gone', async ({ page }) => {
  const fresh = await startServe();
  try {
    const problems = collectPageProblems(page, [/Failed to load resource/]);
    await page.goto(fresh.loginUrl);
    await waitForPainted(page, 'executive');
    // No turn has run here: the turn panels say so instead of drawing nothing.
    for (const id of ['turns-per-hour', 'success-rate', 'ai-cost-per-hour', 'turns-by-status', 'tokens-by-model', 'turns-table']) {
      await expect(panel(page, id)).toHaveAttribute('data-state', 'empty');
    }
    await expect(page.getByTestId('panel-turns-by-status-empty')).toHaveText(/No data in this range/);
    await expect(page.getByTestId('panel-ai-cost-trend-empty')).toContainText('novel_engine_ai_cost_dollars_total');
    await screenshot(page, 'dashboard-executive-empty-light');

    await fresh.kill();
    await page.getByTestId('dashboard-tab-security').click();
    await expect(panel(page, 'auth-failures')).toHaveAttribute('data-state', 'error');
    await expect(page.getByTestId('panel-auth-failures-error')).toContainText('unavailable');
    await expect(page.getByTestId('panel-auth-failures-error')).toContainText('cannot be reached');
    await expect(page.locator('.dash-panel[data-state="error"]')).toHaveCount(7);
    await screenshot(page, 'dashboard-security-error-light');
    expect(problems).toEqual([]);
  } finally {
    await fresh.cleanup();
  }
});

test('exports the dashboard as PNG, PDF and Grafana JSON, and imports the Grafana file back', async ({ page }) => {
  // The refused import (a shipped dashboard's id) answers 409, which the browser logs.
  const problems = collectPageProblems(page, [/status of 409/]);
  await page.goto(server.loginUrl);
  await waitForPainted(page, 'executive');
  await openDashboard(page, 'operational');
  // Each export waits a little at the server, so the busy state is there to see.
  await page.route('**/rpc/reports.dashboard', async (route) => {
    await new Promise((done) => setTimeout(done, 300));
    await route.continue();
  });

  const pngDownload = page.waitForEvent('download');
  await page.getByTestId('dashboard-export-png').click();
  await expect(page.getByTestId('dashboard-export-png')).toHaveText('Exporting…');
  await expect(page.getByTestId('dashboard-export-pdf')).toBeDisabled();
  const png = await pngDownload;
  expect(png.suggestedFilename()).toMatch(/^operational-1h-\d{8}-\d{4}\.png$/);
  const decoded = decodePng(readFileSync(await png.path()));
  expect(decoded.width).toBeGreaterThan(2000);
  expect(inkShare(decoded)).toBeGreaterThan(0.03);
  await expect(page.getByTestId('dashboard-export-png')).toHaveText('PNG');

  const pdfDownload = page.waitForEvent('download');
  await page.getByTestId('dashboard-export-pdf').click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  expect(
    readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');

  const grafanaDownload = page.waitForEvent('download');
  await page.getByTestId('dashboard-export-grafana').click();
  const grafana = await grafanaDownload;
  expect(grafana.suggestedFilename()).toBe('operational.grafana.json');
  const grafanaPath = await grafana.path();
  const json = JSON.parse(readFileSync(grafanaPath, 'utf8'));
  expect(json).toMatchObject({ uid: 'operational', title: 'Operational', schemaVersion: 39 });
  await screenshot(page, 'dashboard-operational-export-light');

  // The file's id is a shipped dashboard's: refused, then imported under another id on request.
  await page
    .getByTestId('dashboard-import-file')
    .setInputFiles({ name: 'operational.grafana.json', mimeType: 'application/json', buffer: readFileSync(grafanaPath) });
  await expect(page.getByTestId('dashboard-import-error')).toContainText('conflict');
  await screenshot(page, 'dashboard-import-conflict-light');
  await page.getByTestId('dashboard-import-retry').click();
  await expect(page.getByTestId('dashboard-import-result')).toContainText('Imported “Operational”');
  await expect(page.getByTestId('dashboard-tab-operational-imported')).toHaveAttribute('aria-current', 'page');
  // Beside the shipped Operational, the copy is told apart by its id.
  await expect(page.getByTestId('dashboard-tab-operational-imported')).toHaveText('Operational (operational-imported)');
  await waitForPainted(page, 'operational-imported');
  await expectReady(panel(page, 'cpu'));
  // The confirmation outlives the switch to the imported dashboard (its view mounts anew).
  await expect(page.getByTestId('dashboard-import-result')).toContainText('Imported “Operational”');
  await screenshot(page, 'dashboard-imported-light');

  // A shipped dashboard offers no Remove; the imported copy does, after a confirming second click, and
  // the picker is as the other tests expect it again.
  await expect(page.getByTestId('dashboard-remove')).toBeVisible();
  await page.getByTestId('dashboard-remove').click();
  await expect(page.getByTestId('dashboard-remove-confirm')).toHaveText('Remove “Operational”');
  await screenshot(page, 'dashboard-remove-confirm-light');
  await page.getByTestId('dashboard-remove-confirm').click();
  await expect(page.getByTestId('dashboard-tab-operational-imported')).toHaveCount(0);
  await expect(page.getByTestId('dashboard-tab-executive')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('dashboard-remove')).toHaveCount(0);
  expect(problems).toEqual([]);
});
