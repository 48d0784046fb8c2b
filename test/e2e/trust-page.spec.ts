/**
 * The Trust page of the headless console against a real engine (`novel-console serve` on a fresh data
 * dir with the demo campaign "Ashfall Crossing"): after a few turns (AI disabled, fixed seeds) the rivals
 * Aria and Borin have fought over the relic vault until the riskier of them was quarantined. The page
 * shows the agents with their trends, an agent's history chart with reasons, the distribution and the
 * quarantine; it updates live as a turn runs; a player sees the quarantine but may not release; a story
 * master (here the admin session) releases the agent after a confirmation, and the release is audited.
 *
 * Tests run in file order on one server and depend on each other (serial: a failure skips the rest).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, startServe } from './serve-process';

test.describe.configure({ mode: 'serial' });

const screenshotDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../test-results/screenshots');
const CAMPAIGN = 'ashfall-crossing';
const MAX_TURNS = 12;

let server: ServeProcess;
let adminToken = '';
const state = { quarantined: '', quarantinedName: '', turns: 0 };

interface TrustAgentAnswer {
  agentId: string;
  name: string;
  score: number;
  quarantined: boolean;
}

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServe();
  adminToken = new URL(server.loginUrl).searchParams.get('token') ?? '';
});

test.afterAll(async () => {
  await server?.cleanup();
});

/** `POST /rpc/<channel>` with a bearer token, as any HTTP client would; throws on an error answer. */
async function rpc<T>(channel: string, body: unknown = {}, token = adminToken): Promise<T> {
  const response = await fetch(`${server.url.replace(/\/$/, '')}/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`${channel} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** Runs one turn of the demo campaign without AI and waits for it to end. */
async function runTurn(seed: number): Promise<string> {
  const { turnId } = await rpc<{ turnId: string }>('turns.run', { campaignId: CAMPAIGN, preset: 'ai_disabled', configuration: { seed } });
  await expect
    .poll(async () => (await rpc<{ turn: { status: string } }>('turns.get', { turnId })).turn.status, { timeout: 20_000 })
    .not.toBe('running');
  state.turns += 1;
  return turnId;
}

async function trustAgents(): Promise<TrustAgentAnswer[]> {
  return (await rpc<{ agents: TrustAgentAnswer[] }>('trust.agents', { campaignId: CAMPAIGN })).agents;
}

async function openTrust(page: Page, url = server.loginUrl): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  if (!url.endsWith('#/trust')) await page.getByTestId('nav-trust').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trust');
  await expect(page.getByTestId('trust-agents-table')).toBeVisible();
}

/** Full-page screenshot from the top, nothing focused or hovered (unless `asIs`). */
async function screenshot(page: Page, name: string, { asIs = false } = {}): Promise<void> {
  if (!asIs) {
    await page.mouse.move(0, 0);
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
  }
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: !asIs });
}

async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('trust-history-chart')).toHaveAttribute('data-painted', 'true');
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
}

test('shows the agents, a history chart with reasons and the distribution after a few turns', async ({ page }) => {
  const problems = collectPageProblems(page);
  // The rivals meet at the vault every turn; trust falls until the conflict risk passes 0.7.
  for (let seed = 1; seed <= MAX_TURNS; seed += 1) {
    await runTurn(seed);
    const quarantined = (await trustAgents()).find((agent) => agent.quarantined);
    if (quarantined) {
      state.quarantined = quarantined.agentId;
      state.quarantinedName = quarantined.name;
      break;
    }
  }
  expect(state.quarantined, `no agent was quarantined within ${MAX_TURNS} turns`).not.toBe('');

  await openTrust(page);
  await expect(page.getByTestId('trust-campaign').locator('option:checked')).toHaveText('Ashfall Crossing');
  const rows = page.getByTestId('trust-agent-row');
  await expect(rows).toHaveCount(6);
  await expect(page.getByTestId('trust-sparkline')).toHaveCount(6);
  const quarantinedRow = rows.and(page.locator(`[data-agent-id="${state.quarantined}"]`));
  await expect(quarantinedRow.getByTestId('trust-agent-status')).toHaveAttribute('data-value', 'quarantined');
  await expect(quarantinedRow.getByTestId('trust-sparkline')).toHaveAttribute('data-direction', 'down');
  await expect(page.getByTestId('trust-stat-quarantined')).toHaveText('1');
  await expect(page.getByTestId('trust-distribution').locator('[data-band]')).toHaveCount(4);

  // The history opens on the lowest score: the quarantined agent, with the reason it sits out.
  await expect(page.getByTestId('trust-history-agent')).toHaveValue(state.quarantined);
  const chart = page.getByTestId('trust-history-chart');
  await expect(chart).toHaveAttribute('data-painted', 'true');
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(2);
  await expect(page.getByTestId('trust-history-row').first()).toHaveAttribute('data-reason', 'conflict_risk');
  await expect(page.getByTestId('trust-history-table')).toContainText('quarantined (conflict risk)');
  await expect(page.getByTestId('trust-history-table')).toContainText(/turn \d+/);
  await expect(page.getByTestId('trust-quarantine')).toContainText(state.quarantinedName);

  // Hovering a point of the chart says its reason and its turn.
  const canvas = page.getByTestId('trust-history-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the history chart has no box');
  await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2, { steps: 5 });
  const tooltip = page
    .locator('.trust-chart div')
    .filter({ hasText: /turn \d+/ })
    .last();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(/quarantined|lost a conflict|won a conflict/);
  await page.getByTestId('trust-history').screenshot({ path: resolve(screenshotDir, 'trust-history-tooltip-light.png') });
  await page.mouse.move(0, 0);
  await expect(tooltip).toBeHidden();

  await screenshotBothThemes(page, 'trust-page');
  expect(problems).toEqual([]);
});

test('updates live as a turn changes trust, and follows the agent chosen in the table', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openTrust(page);
  // The newest change so far shows from the start (the agents' last changes).
  const live = page.getByTestId('trust-live');
  await expect(live).toContainText('last change');
  const lastChange = Number(await live.getAttribute('data-last-change'));
  const borin = page.locator('[data-testid="trust-agent-row"][data-agent-id="borin"]');
  const aria = page.locator('[data-testid="trust-agent-row"][data-agent-id="aria"]');
  const other = state.quarantined === 'aria' ? borin : aria;
  await other.getByTestId('trust-agent-select').click();
  await expect(other).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('trust-history-agent')).toHaveValue(state.quarantined === 'aria' ? 'borin' : 'aria');
  const before = await page.getByTestId('trust-history-row').count();

  const turnsBefore = state.turns;
  await runTurn(100 + turnsBefore);
  await expect.poll(async () => Number(await live.getAttribute('data-last-change'))).toBeGreaterThan(lastChange);
  // The active rival cooperates, negotiates or exchanges with someone else now: its history grows or stays;
  // the table reloads either way (its last change names the newest turn of the campaign for someone).
  await expect.poll(async () => page.getByTestId('trust-history-row').count()).toBeGreaterThanOrEqual(before);
  await expect(page.getByTestId('trust-agents-table')).toContainText('ago');
  expect(problems).toEqual([]);
});

test('shows a player the quarantine but no way to release', async ({ page }) => {
  const problems = collectPageProblems(page);
  const { token } = await rpc<{ token: string }>('tokens.mint', { role: 'player', ttl: '1h', label: 'trust e2e player' });
  // Signed in with the token (as a saved session), straight to the Trust page: the Dashboards page a player
  // would land on streams metrics it may not read.
  await page.addInitScript((saved) => sessionStorage.setItem('novel-console.token', saved), token);
  await openTrust(page, `${server.url.replace(/\/$/, '')}/#/trust`);
  await expect(page.getByTestId('trust-release')).toBeDisabled();
  await expect(page.getByTestId('trust-release-denied')).toBeVisible();
  expect(problems).toEqual([]);
});

test('releases a quarantined agent after a confirmation, and the release is audited', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openTrust(page);
  const card = page.getByTestId('trust-quarantine').filter({ hasText: state.quarantinedName });
  await card.getByTestId('trust-release').click();
  const confirm = page.getByTestId('trust-release-confirm');
  await expect(confirm).toContainText(`Release ${state.quarantinedName}?`);
  // Still beside its rival at the vault: the page warns that the next turn's risk check will quarantine it again.
  await expect(page.getByTestId('trust-release-warning')).toContainText('conflict risk of 0.');
  await expect(page.getByTestId('trust-release-confirm-yes')).toBeFocused();
  await page.getByTestId('trust-quarantines').screenshot({ path: resolve(screenshotDir, 'trust-release-confirm-light.png') });
  await page.getByTestId('trust-release-confirm-yes').click();

  await expect(page.getByTestId('trust-released')).toContainText(`${state.quarantinedName} was released`);
  await expect(page.getByTestId('trust-quarantines-empty')).toBeVisible();
  const row = page.locator(`[data-testid="trust-agent-row"][data-agent-id="${state.quarantined}"]`);
  await expect(row.getByTestId('trust-agent-status')).toHaveAttribute('data-value', 'active');
  await expect(page.getByTestId('trust-stat-quarantined')).toHaveText('0');
  await expect((await trustAgents()).find((agent) => agent.agentId === state.quarantined)?.quarantined).toBe(false);

  const { entries } = await rpc<{ entries: { action: string; target: string; outcome: string }[] }>('audit.list', {
    action: 'trust.release',
  });
  expect(entries[0]).toMatchObject({ action: 'trust.release', target: `agent:${state.quarantined}`, outcome: 'ok' });
  await screenshot(page, 'trust-released-light');
  expect(problems).toEqual([]);
});
