/**
 * The Alerts page of the headless console against a real engine: `novel-console serve` on a data dir
 * whose metrics history holds a turn-failure spike that is still going (so the failure-rate rules hold
 * at once) and an earlier one that ended, evaluating every second (`--metrics-interval 1000`). The test
 * reads the pending alerts, shortens a rule's `for` in the rules editor with its live preview, watches
 * the alert fire, opens it, acknowledges and silences it, manages silences, creates and deletes a rule,
 * and sets up a webhook channel against a real receiver on loopback and sends it a test. Screenshots of
 * every view in both themes go to test-results/screenshots/alerts-*.png.
 *
 * Tests share one server and run in file order (workers: 1).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { seedAlertHistory } from '../fixtures/alert-history';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, seededDataDir, startServe } from './serve-process';

const screenshotDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../test-results/screenshots');
const HOUR = 3_600_000;
/** Evaluations run every second; a transition shows within a few of them and a reload. */
const ALERT_TIMEOUT_MS = 30_000;

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

let server: ServeProcess;
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];
const state = { fingerprint: '', silenceId: '' };

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  receiver = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
    });
    request.on('end', () => {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text
      }
      received.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  const endMs = Date.now();
  const dataDir = await seededDataDir('alerts', (host) =>
    seedAlertHistory(host.services.metricsHistory, {
      endMs,
      durationMs: 6 * HOUR,
      spikes: [
        { fromMs: endMs - 3 * HOUR, toMs: endMs - 3 * HOUR + 20 * 60_000, failedShare: 0.6 },
        { fromMs: endMs - 25 * 60_000, toMs: endMs, failedShare: 0.6 },
      ],
    }),
  );
  server = await startServe({ dataDir, args: ['--metrics-interval', '1000'] });
});

/** The shared artifacts folder is emptied by the next run of any spec: keep what a failure looked like. */
test.afterEach(async ({ page }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await page.screenshot({
      path: resolve(screenshotDir, `alerts-failed-${testInfo.title.slice(0, 40).replace(/\W+/g, '-')}.png`),
      fullPage: true,
    });
  }
});

test.afterAll(async () => {
  await server?.cleanup();
  await new Promise<void>((done) => (receiver ? receiver.close(() => done()) : done()));
});

async function openAlerts(page: Page, path = ''): Promise<void> {
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('nav-alerts').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alerts');
  if (path) await page.evaluate((hash) => window.location.assign(hash), `#/alerts/${path}`);
}

/** `POST /rpc/<channel>` with a bearer token, as any HTTP client would. */
async function rpc<T>(channel: string, token: string, body: unknown = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url.replace(/\/$/, '')}/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as T };
}

const loginToken = () => new URL(server.loginUrl).searchParams.get('token') ?? '';

/** Full-page screenshot from the top, nothing focused or hovered; charts painted first. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  for (const chart of await page.locator('.alert-chart').all()) await expect(chart).toHaveAttribute('data-painted', 'true');
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: true });
}

async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
}

const row = (page: Page, rule: string) => page.locator(`[data-testid="alert-row"][data-rule="${rule}"]`);

test('the failure spike makes both failure-rate rules pending, counted per state and filterable', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAlerts(page);
  await expect(page.getByTestId('alert-tab-active')).toHaveAttribute('aria-pressed', 'true');
  // `for: 2m`: both rules hold from the first evaluation and wait as pending.
  await expect(row(page, 'TurnFailureRateWarning')).toHaveAttribute('data-state', 'pending', { timeout: ALERT_TIMEOUT_MS });
  await expect(row(page, 'TurnFailureRateCritical')).toHaveAttribute('data-state', 'pending');
  await expect(page.getByTestId('alert-count-pending')).toHaveText('2');
  await expect(page.getByTestId('alert-count-firing')).toHaveText('0');
  const warning = row(page, 'TurnFailureRateWarning');
  await expect(warning.getByTestId('alert-open')).toHaveText('TurnFailureRateHigh');
  await expect(warning.getByTestId('alert-severity')).toHaveText('warning');
  await expect(warning).toContainText('rule TurnFailureRateWarning');
  await expect(warning).toContainText('of turns failed or were compensated');
  await expect(warning.getByTestId('alert-value')).toHaveText(/^0\.\d+$/);

  // Severity filter, then a label matcher typed as a selector, then a label picked from the table.
  await page.getByTestId('alerts-filter-severity').selectOption('critical');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
  await expect(row(page, 'TurnFailureRateCritical')).toBeVisible();
  await page.getByTestId('alerts-filter-severity').selectOption('');
  await page.getByTestId('alerts-filter-matchers').fill('{severity=~"warn.*"}');
  await page.getByTestId('alerts-filter-matchers').press('Enter');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
  await expect(row(page, 'TurnFailureRateWarning')).toBeVisible();
  await page.getByTestId('alerts-filter-matchers').fill('{severity=~"(oops"}');
  await page.getByTestId('alerts-filter-matchers').press('Enter');
  await expect(page.getByTestId('alerts-matcher-error')).toContainText('not a valid regular expression');
  await page.getByTestId('alerts-filter-clear').click();
  await expect(page.getByTestId('alert-row')).toHaveCount(2);
  await page.getByTestId('alerts-search').fill('critical');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
  await page.getByTestId('alerts-search').fill('');

  // The state tabs are buttons: keyboard works.
  await page.getByTestId('alert-tab-resolved').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('alerts-empty')).toContainText('No alert has resolved yet.');
  await page.getByTestId('alert-tab-active').click();
  await expect(page.getByTestId('alert-row')).toHaveCount(2);
  await screenshotBothThemes(page, 'alerts-list-pending');
  expect(problems).toEqual([]);
});

test('the rules editor previews the failure-rate rule over the history and saves a shorter for', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAlerts(page);
  await page.getByTestId('alerts-tab-rules').click();
  const ruleRow = page.locator('[data-testid="rule-row"][data-rule="TurnFailureRateWarning"]');
  await expect(ruleRow).toBeVisible();
  await expect(ruleRow.getByTestId('rule-health')).toHaveText('ok', { timeout: ALERT_TIMEOUT_MS });
  await expect(ruleRow.getByTestId('rule-alerts')).toContainText('1 pending');
  await expect(ruleRow).toContainText('increase(novel_engine_turns_total{status=~"failed|compensated|interrupted"}[15m])');
  await screenshotBothThemes(page, 'alerts-rules');

  await ruleRow.getByTestId('rule-open').click();
  await expect(page.getByTestId('rule-editor')).toHaveAttribute('data-rule', 'TurnFailureRateWarning');
  await expect(page.getByTestId('rule-name')).toHaveValue('TurnFailureRateWarning');
  await expect(page.getByTestId('rule-alertname')).toHaveValue('TurnFailureRateHigh');
  await expect(page.getByTestId('rule-query-metric')).toHaveValue('novel_engine_turns_total');
  await expect(page.getByTestId('rule-query-fn')).toHaveValue('increase');
  await expect(page.getByTestId('rule-query-window')).toHaveValue('15m');
  await expect(page.getByTestId('rule-use-denominator')).toBeChecked();
  await expect(page.getByTestId('rule-threshold')).toHaveValue('0.2');
  await expect(page.getByTestId('rule-for')).toHaveValue('2m');
  await expect(page.getByTestId('rule-runbook')).toHaveValue('turn-failure-rate-high');
  // The live preview: the earlier spike and the current one would have fired.
  await expect(page.getByTestId('rule-preview-verdict')).toHaveAttribute('data-fired', 'true', { timeout: ALERT_TIMEOUT_MS });
  await expect(page.getByTestId('rule-preview-verdict')).toContainText('Would have fired first at');
  await expect(page.getByTestId('rule-preview-chart')).toHaveAttribute('data-painted', 'true');

  // A threshold above any value: the preview follows the form.
  await page.getByTestId('rule-threshold').fill('0.95');
  await expect(page.getByTestId('rule-preview-verdict')).toHaveAttribute('data-fired', 'false', { timeout: ALERT_TIMEOUT_MS });
  // Field checks show next to their field.
  await page.getByTestId('rule-threshold').fill('lots');
  await expect(page.getByTestId('rule-threshold-error')).toHaveText(/a number/);
  await page.getByTestId('rule-for').fill('2 minutes');
  await expect(page.getByTestId('rule-for-error')).toContainText('a duration such as 30s');
  await page.getByTestId('rule-threshold').fill('0.2');
  await page.getByTestId('rule-for').fill('0s');
  await expect(page.getByTestId('rule-preview-verdict')).toHaveAttribute('data-fired', 'true', { timeout: ALERT_TIMEOUT_MS });
  await screenshotBothThemes(page, 'alerts-rule-editor');

  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-saved')).toBeVisible();
  await expect(page.getByTestId('rule-status')).toContainText('Version 2');
  expect(problems).toEqual([]);
});

test('the warning fires, and its detail shows the labels, the runbook link, the timeline and the chart', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAlerts(page);
  const warning = row(page, 'TurnFailureRateWarning');
  await expect(warning).toHaveAttribute('data-state', 'firing', { timeout: ALERT_TIMEOUT_MS });
  await expect(page.getByTestId('alert-count-firing')).toHaveText('1');
  await expect(page.getByTestId('alerts-firing-count')).toHaveText('1');
  state.fingerprint = (await warning.getAttribute('data-fingerprint')) ?? '';
  await screenshotBothThemes(page, 'alerts-list-firing');

  await warning.getByTestId('alert-open').click();
  const detail = page.getByTestId('alert-detail');
  await expect(detail).toHaveAttribute('data-state', 'firing');
  await expect(page.getByTestId('alert-title')).toHaveText('TurnFailureRateHigh');
  await expect(page.getByTestId('alert-summary')).toContainText('of turns failed or were compensated in the last 15 minutes');
  await expect(page.getByTestId('alert-labels')).toContainText('severity');
  await expect(page.getByTestId('alert-runbook-link')).toHaveAttribute(
    'href',
    `#/runbooks/turn-failure-rate-high?alert=${state.fingerprint}`,
  );
  await expect(page.getByTestId('alert-fact-value')).toContainText('(fires when > 0.2)');
  const transitions = page.getByTestId('alert-transition');
  await expect(transitions.first()).toHaveAttribute('data-to', 'firing');
  await expect(page.locator('[data-testid="alert-transition"][data-from="inactive"][data-to="pending"]')).toHaveCount(1);
  await expect(page.getByTestId('alert-chart')).toHaveAttribute('data-painted', 'true');

  await page.getByTestId('ack-comment').fill('looking at the provider');
  await page.getByTestId('ack-submit').click();
  await expect(page.getByTestId('alert-ack-note')).toContainText('looking at the provider');
  await expect(page.getByTestId('alert-marker-acknowledged')).toBeVisible();
  await screenshotBothThemes(page, 'alerts-detail');
  expect(problems).toEqual([]);
});

test('Silence… on the alert prefills its labels, shows what it would mute, and the alert shows silenced', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAlerts(page, state.fingerprint);
  await expect(page.getByTestId('alert-detail')).toHaveAttribute('data-state', 'firing');
  await page.getByTestId('alert-silence').click();
  const form = 'alert-silence-form';
  await expect(page.getByTestId(`${form}-matchers-label-0`)).toHaveValue('alertname');
  await expect(page.getByTestId(`${form}-matchers-value-0`)).toHaveValue('TurnFailureRateHigh');
  await expect(page.getByTestId(`${form}-matchers-label-1`)).toHaveValue('severity');
  await expect(page.getByTestId(`${form}-preview`)).toContainText(
    'Would mute 1 of the 2 pending and firing alerts now: TurnFailureRateWarning',
  );
  // Without the severity matcher it would mute both.
  await page.getByTestId(`${form}-matchers-remove-1`).click();
  await expect(page.getByTestId(`${form}-preview`)).toContainText('Would mute 2 of the 2');
  await page.getByTestId(`${form}-matchers-add`).click();
  await page.getByTestId(`${form}-matchers-label-1`).fill('severity');
  await page.getByTestId(`${form}-matchers-value-1`).fill('warning');
  // The comment is required.
  await page.getByTestId(`${form}-submit`).click();
  await expect(page.getByTestId(`${form}-comment-error`)).toContainText('a comment is required');
  await page.getByTestId(`${form}-duration`).selectOption('2h');
  await page.getByTestId(`${form}-comment`).fill('known provider outage, INC-42');
  await screenshotBothThemes(page, 'alerts-silence-form');
  await page.getByTestId(`${form}-submit`).click();
  const created = page.getByTestId(`${form}-created`);
  await expect(created).toContainText('Silence created');
  state.silenceId = (await created.getAttribute('data-silence-id')) ?? '';
  await expect(page.getByTestId('alert-marker-silenced')).toBeVisible({ timeout: ALERT_TIMEOUT_MS });
  await expect(page.getByTestId('alert-silenced-note')).toContainText(state.silenceId);

  // The list marks it too, and the muted filter finds it.
  await page.getByTestId('alerts-tab-alerts').click();
  await expect(row(page, 'TurnFailureRateWarning')).toHaveAttribute('data-muted', 'true');
  await page.getByTestId('alerts-filter-muted').selectOption('muted');
  await expect(page.getByTestId('alert-row')).toHaveCount(1);
  await page.getByTestId('alerts-filter-muted').selectOption('all');
  expect(problems).toEqual([]);
});

test('the Silences view lists the silence, creates a pending one and expires it after a confirmation', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAlerts(page, 'silences');
  const silence = page.locator(`[data-testid="silence-row"][data-silence-id="${state.silenceId}"]`);
  await expect(silence).toHaveAttribute('data-state', 'active');
  await expect(silence.getByTestId('silence-mutes')).toHaveText('1');
  await expect(silence.getByTestId('silence-comment')).toHaveText('known provider outage, INC-42');
  await expect(silence.getByTestId('silence-timing')).toContainText('left');

  await page.getByTestId('silence-new').click();
  await page.getByTestId('new-silence-matchers-label-0').fill('alertname');
  await page.getByTestId('new-silence-matchers-value-0').fill('TurnLatencyHigh');
  await page.getByTestId('new-silence-starts').fill('2099-01-01T09:00');
  await page.getByTestId('new-silence-comment').fill('planned maintenance');
  await page.getByTestId('new-silence-submit').click();
  await expect(page.getByTestId('new-silence-created')).toContainText('pending');
  const pendingRow = page.locator('[data-testid="silence-row"][data-state="pending"]');
  await expect(pendingRow).toHaveCount(1);
  await page.getByTestId('new-silence-done').click();
  await screenshotBothThemes(page, 'alerts-silences');

  await pendingRow.getByTestId('silence-expire').click();
  await expect(page.getByTestId('silence-expire-confirm')).toContainText('It will never start.');
  await page.getByTestId('silence-expire-confirm-yes').click();
  await expect(page.locator('[data-testid="silence-row"][data-state="expired"]')).toHaveCount(1);
  await page.getByTestId('silence-filter-active').click();
  await expect(page.getByTestId('silence-row')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('a new rule is checked, previewed, created, fires, and resolves when deleted', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAlerts(page, 'rules');
  await page.getByTestId('rule-new').click();
  await expect(page.getByTestId('rule-preview-idle')).toBeVisible();
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-name-error')).toBeVisible();
  await expect(page.getByTestId('rule-query-metric-error')).toHaveText(/choose a metric/);

  await page.getByTestId('rule-name').fill('E2eTurnsEnding');
  await page.getByTestId('rule-severity').selectOption('info');
  await page.getByTestId('rule-query-metric').selectOption('novel_engine_turns_total');
  await page.getByTestId('rule-query-matchers-add').click();
  await page.getByTestId('rule-query-matchers-label-0').fill('status');
  await page.getByTestId('rule-query-matchers-value-0').fill('completed');
  await page.getByTestId('rule-query-fn').selectOption('increase');
  await page.getByTestId('rule-query-window').fill('10m');
  await page.getByTestId('rule-threshold').fill('1');
  await page.getByTestId('rule-for').fill('0s');
  await page.getByTestId('rule-summary').fill('{{ $value }} turns completed in 10 minutes');
  await expect(page.getByTestId('rule-preview-verdict')).toHaveAttribute('data-fired', 'true', { timeout: ALERT_TIMEOUT_MS });
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-saved')).toBeVisible();
  await expect(page).toHaveURL(/#\/alerts\/rules\/E2eTurnsEnding$/);

  await page.getByTestId('alerts-tab-alerts').click();
  await expect(row(page, 'E2eTurnsEnding')).toHaveAttribute('data-state', 'firing', { timeout: ALERT_TIMEOUT_MS });
  await row(page, 'E2eTurnsEnding').getByTestId('alert-open').click();
  await page.getByTestId('alert-rule-link').click();
  await page.getByTestId('rule-delete').click();
  await expect(page.getByTestId('rule-delete-confirm')).toContainText('Its alerts resolve at once');
  await page.getByTestId('rule-delete-confirm-yes').click();
  await expect(page).toHaveURL(/#\/alerts\/rules$/);
  await expect(page.locator('[data-testid="rule-row"][data-rule="E2eTurnsEnding"]')).toHaveCount(0);

  await page.getByTestId('alerts-tab-alerts').click();
  await page.getByTestId('alert-tab-resolved').click();
  await expect(row(page, 'E2eTurnsEnding')).toHaveAttribute('data-state', 'resolved', { timeout: ALERT_TIMEOUT_MS });
  await screenshotBothThemes(page, 'alerts-list-resolved');
  expect(problems).toEqual([]);
});

test('a webhook channel to a real receiver: secret kept back, Send test delivered, a broken one shows its error', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAlerts(page, 'channels');
  await expect(page.getByTestId('channels-empty')).toBeVisible();
  await page.getByTestId('channel-new').click();
  await page.getByTestId('channel-kind').selectOption('webhook');
  await page.getByTestId('channel-id').fill('e2e-hook');
  await page.getByTestId('channel-name').fill('E2E receiver');
  await page.getByTestId('channel-save').click();
  await expect(page.getByTestId('channel-url-error')).toContainText('the URL the notifications are POSTed to');
  await page.getByTestId('channel-url').fill(`${receiverUrl}/hook?token=s3cret`);
  await page.getByTestId('channel-bearerToken').fill('b34rer');
  await page.getByTestId('channel-save').click();

  const channel = page.locator('[data-testid="channel-row"][data-channel-id="e2e-hook"]');
  await expect(channel).toBeVisible();
  await expect(channel.getByTestId('channel-breaker')).toHaveText('closed');
  await expect(channel).toContainText('secret in keychain');
  await expect(channel).not.toContainText('s3cret');
  await channel.getByTestId('channel-test').click();
  const result = page.locator('[data-testid="channel-test-row"][data-channel-id="e2e-hook"] [data-testid="channel-test-result"]');
  await expect(result).toHaveAttribute('data-ok', 'true', { timeout: ALERT_TIMEOUT_MS });
  await expect(result).toContainText('Test delivered');
  await expect.poll(() => received.length).toBeGreaterThan(0);
  const delivery = received.at(-1) as Received;
  expect(delivery.path).toBe('/hook?token=s3cret');
  expect(delivery.headers.authorization).toBe('Bearer b34rer');
  expect(delivery.body).toMatchObject({ version: '4', status: expect.any(String), alerts: expect.any(Array) });
  await expect(channel.getByTestId('channel-last-delivery')).not.toHaveText('never');
  await expect(page.locator('[data-testid="delivery-row"][data-channel-id="e2e-hook"][data-status="delivered"]').first()).toBeVisible();

  // Editing shows the settings but never the secret; empty keeps it.
  await channel.getByTestId('channel-edit').click();
  await expect(page.getByTestId('channel-url')).toHaveValue('');
  await expect(page.getByTestId('channel-secret-note')).toContainText('A secret is stored in the OS keychain');
  await page.getByTestId('channel-name').fill('E2E receiver (loopback)');
  await page.getByTestId('channel-save').click();
  await expect(channel).toContainText('E2E receiver (loopback)');
  await channel.getByTestId('channel-test').click();
  await expect(result).toHaveAttribute('data-ok', 'true', { timeout: ALERT_TIMEOUT_MS });

  // A channel whose receiver is down: the test fails with the reason, and the error stays on the row.
  await page.getByTestId('channel-new').click();
  await page.getByTestId('channel-id').fill('down-hook');
  await page.getByTestId('channel-name').fill('Receiver that is down');
  await page.getByTestId('channel-url').fill('http://127.0.0.1:9/hook');
  await page.getByTestId('channel-save').click();
  const down = page.locator('[data-testid="channel-row"][data-channel-id="down-hook"]');
  await down.getByTestId('channel-test').click();
  const downResult = page.locator('[data-testid="channel-test-row"][data-channel-id="down-hook"] [data-testid="channel-test-result"]');
  await expect(downResult).toHaveAttribute('data-ok', 'false', { timeout: ALERT_TIMEOUT_MS });
  await expect(downResult).toContainText('Test failed');
  await expect(down.getByTestId('channel-last-error')).not.toHaveText('—');
  await screenshotBothThemes(page, 'alerts-channels');

  await page.getByTestId('channel-new').click();
  await page.getByTestId('channel-kind').selectOption('pagerduty');
  await expect(page.getByTestId('channel-eventsUrl')).toHaveValue('https://events.pagerduty.com/v2/enqueue');
  await screenshotBothThemes(page, 'alerts-channel-form');
  expect(problems).toEqual([]);
});

test('a player is told alerts need metrics.view; a 403 reads as a sentence', async ({ page }) => {
  const minted = await rpc<{ token: string }>('tokens.mint', loginToken(), { role: 'player', label: 'e2e alerts player' });
  expect(minted.status).toBe(200);
  const problems = collectPageProblems(page, [/status of 403/]);
  await page.addInitScript((token) => sessionStorage.setItem('novel-console.token', token), minted.body.token);
  await page.goto(`${server.url.replace(/\/$/, '')}/#/alerts`);
  const notice = page.getByTestId('alerts-view-required');
  await expect(notice).toContainText('Alerts need the metrics.view permission');
  await expect(notice).toContainText('player');
  await screenshotBothThemes(page, 'alerts-player');
  expect(
    (await rpc('silences.create', minted.body.token, { matchers: [{ label: 'a', value: 'b' }], duration: '1h', comment: 'x' })).status,
  ).toBe(403);
  expect(problems).toEqual([]);
});

test('the alerts list follows alerts.changed: a new alert appears and leaves without a reload', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAlerts(page);
  await expect(page.getByTestId('alert-count-active')).not.toHaveText('…');
  const rule = {
    name: 'E2eLiveUpdate',
    kind: 'threshold',
    severity: 'info',
    for: '0s',
    query: { metric: 'novel_engine_turns_total', fn: 'increase', windowS: 3600, by: [] },
    comparison: '>',
    threshold: 1,
  };
  expect((await rpc('rules.save', loginToken(), { name: rule.name, rule })).status).toBe(200);
  // Well inside the list's 30 s refresh: only the live event can bring it this soon.
  await expect(row(page, 'E2eLiveUpdate')).toHaveAttribute('data-state', 'firing', { timeout: 8000 });
  expect((await rpc('rules.delete', loginToken(), { name: rule.name })).status).toBe(200);
  await expect(row(page, 'E2eLiveUpdate')).toHaveCount(0, { timeout: 8000 });
  expect(problems).toEqual([]);
});
