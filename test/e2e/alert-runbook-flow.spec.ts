/**
 * Issue 6's acceptance test, end to end in the headless console against a real engine: turns fail
 * (fault injection the way a story master meets it — a cost cap of 0 with fail-fast makes every turn's
 * first AI call refused, so each turn ends compensated), the shipped turn-failure-rate rule goes pending
 * and then fires after its `for` of 2 minutes (evaluated every second: `serve --metrics-interval 1000`,
 * as evaluation follows the metrics recorder), the alert links to its runbook, the runbook's
 * "silence 1h" step is confirmed and run, and then the silence is on the Silences view, the alert shows
 * silenced, and the `silences.create` call is in the hash-chained audit log.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, startServe } from './serve-process';

const screenshotDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../test-results/screenshots');
const FAILING_TURNS = 3;
/** The shipped rule waits `for: 2m` once its condition holds; a few evaluations more to fire and show. */
const FIRE_TIMEOUT_MS = 200_000;

let server: ServeProcess;

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServe({ args: ['--metrics-interval', '1000'] });
});

test.afterAll(async () => {
  await server?.cleanup();
});

test.afterEach(async ({ page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await page.screenshot({ path: resolve(screenshotDir, 'alert-runbook-flow-failed.png'), fullPage: true });
  }
});

async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  for (const chart of await page.locator('.alert-chart').all()) await expect(chart).toHaveAttribute('data-painted', 'true');
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: true });
}

/** Runs one turn from the Turns page with a cost cap of 0 and fail-fast, and waits for it to end compensated. */
async function runFailingTurn(page: Page): Promise<string> {
  await page.getByTestId('nav-turns').click();
  await expect(page.getByTestId('run-campaign')).toBeVisible();
  const previous = await page
    .getByTestId('turn-view')
    .getAttribute('data-turn-id', { timeout: 500 })
    .catch(() => null);
  for (const [field, value] of [
    ['maxAiCost', '0'],
    ['failFastOnPhaseFailure', true],
  ] as const) {
    const input = page.getByTestId(`field-${field}`);
    if (!(await input.isVisible())) await page.getByTestId('more-settings').click();
    if (typeof value === 'boolean') await input.setChecked(value);
    else await input.fill(value);
  }
  await page.getByTestId('run-turn').click();
  const view = page.getByTestId('turn-view');
  await expect(view).toHaveAttribute('data-turn-id', /.+/);
  if (previous) await expect(view).not.toHaveAttribute('data-turn-id', previous);
  await expect(page.getByTestId('turn-status')).toHaveAttribute('data-value', 'compensated', { timeout: 30_000 });
  return (await view.getAttribute('data-turn-id')) ?? '';
}

test('failing turns fire the failure-rate alert; its runbook silences it; the silence shows and is audited', async ({ page }) => {
  test.setTimeout(360_000);
  const problems = collectPageProblems(page);
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

  // Fault-injected turns, a few seconds apart so the counters have samples before and after each.
  const turnIds: string[] = [];
  for (let turn = 0; turn < FAILING_TURNS; turn++) {
    turnIds.push(await runFailingTurn(page));
    await page.waitForTimeout(1500);
  }
  expect(new Set(turnIds).size).toBe(FAILING_TURNS);

  // The rule goes pending at once, and fires after its `for`. Every turn failed: the critical rule
  // fires too, and inhibits the warning of the same alertname.
  await page.getByTestId('nav-alerts').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alerts');
  const critical = page.locator('[data-testid="alert-row"][data-rule="TurnFailureRateCritical"]');
  await expect(critical).toHaveAttribute('data-state', /pending|firing/, { timeout: 60_000 });
  await screenshot(page, 'alert-runbook-flow-pending');
  await expect(critical).toHaveAttribute('data-state', 'firing', { timeout: FIRE_TIMEOUT_MS });
  await expect(critical.getByTestId('alert-open')).toHaveText('TurnFailureRateHigh');
  const fingerprint = (await critical.getAttribute('data-fingerprint')) ?? '';

  // The alert's detail links to its runbook with the alert as context.
  await critical.getByTestId('alert-open').click();
  await expect(page.getByTestId('alert-detail')).toHaveAttribute('data-state', 'firing');
  const runbookLink = page.getByTestId('alert-runbook-link');
  await expect(runbookLink).toHaveAttribute('href', `#/runbooks/turn-failure-rate-high?alert=${fingerprint}`);
  await expect(page.getByTestId('alert-chart')).toHaveAttribute('data-painted', 'true');
  await screenshot(page, 'alert-runbook-flow-alert');
  await runbookLink.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Runbooks');

  // The runbook's "silence 1h" step, confirmed.
  const silenceStep = page.locator('[data-testid="runbook-step"][data-action="silence"]');
  await expect(silenceStep).toBeVisible();
  await expect(silenceStep.getByTestId('step-action')).toBeEnabled();
  await silenceStep.getByTestId('step-action').click();
  await expect(silenceStep.getByTestId('step-confirm-plan')).toContainText('TurnFailureRateHigh');
  await screenshot(page, 'alert-runbook-flow-confirm');
  await silenceStep.getByTestId('step-confirm-yes').click();
  await expect(silenceStep).toHaveAttribute('data-state', 'done');
  await expect(silenceStep.getByTestId('step-record')).toBeVisible();
  await screenshot(page, 'alert-runbook-flow-runbook');

  // The silence on the Silences view: active, muting the alert, with the runbook's comment.
  await page.getByTestId('nav-alerts').click();
  await page.getByTestId('alerts-tab-silences').click();
  const silence = page.locator('[data-testid="silence-row"][data-state="active"]');
  await expect(silence).toHaveCount(1);
  await expect(silence.getByTestId('silence-matchers')).toContainText('TurnFailureRateHigh');
  await expect(silence.getByTestId('silence-mutes')).not.toHaveText('0');
  await expect(silence.getByTestId('silence-timing')).toContainText(/^(59 m \d+ s|1 h 00 m) left$/);
  await screenshot(page, 'alert-runbook-flow-silences');

  // The alert shows silenced, in the list and in its detail.
  await page.getByTestId('alerts-tab-alerts').click();
  const silencedRow = page.locator(`[data-testid="alert-row"][data-fingerprint="${fingerprint}"]`);
  await expect(silencedRow).toHaveAttribute('data-muted', 'true', { timeout: 30_000 });
  await expect(silencedRow.getByTestId('alert-marker-silenced')).toBeVisible();
  await silencedRow.getByTestId('alert-open').click();
  await expect(page.getByTestId('alert-silenced-note')).toBeVisible();
  await screenshot(page, 'alert-runbook-flow-silenced');

  // The audit log has the silences.create call, by the operator, succeeded.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-tab-audit').click();
  const entry = page.locator('[data-testid="audit-row"][data-action="silences.create"][data-outcome="ok"]');
  await expect(entry).toHaveCount(1);
  await screenshot(page, 'alert-runbook-flow-audit');
  expect(problems).toEqual([]);
});
