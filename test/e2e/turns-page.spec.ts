/**
 * The Turns page of the headless console against a real engine (`novel-console serve` on a fresh data
 * dir with the demo campaign "Ashfall Crossing" and the simulated provider at its realistic latency):
 * run a turn and watch it live, read its result, force a failure and see the compensation, cancel, hit
 * a validation error, work the review queue, browse the history, diff and replay.
 *
 * Tests share one server and run in file order (workers: 1); each opens a fresh page, so the run form
 * starts from the defaults every time. Diff and replay come last.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, startServe } from './serve-process';

const screenshotDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../test-results/screenshots');
const PHASES = ['world_update', 'subjective_brief', 'interaction_orchestration', 'event_integration', 'narrative_integration'];
/** A turn takes a few seconds (AI calls of 0.4–1.2 s); compensation and page loads add a little. */
const TURN_TIMEOUT_MS = 30_000;

let server: ServeProcess;
const turnIds: Record<string, string> = {};

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServe();
});

test.afterAll(async () => {
  await server?.cleanup();
});

async function openTurnsPage(page: Page): Promise<void> {
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('nav-turns').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Turns');
  await expect(page.getByTestId('run-campaign')).toBeVisible();
  await expect(page.getByTestId('participant-list')).toBeVisible();
}

type FieldValues = Partial<Record<string, string | boolean>>;

/** Fills the run form (opening "More settings" when needed) and presses Run; returns the new turn's id. */
async function startTurn(page: Page, fields: FieldValues = {}): Promise<string> {
  const previous = await page
    .getByTestId('turn-view')
    .getAttribute('data-turn-id', { timeout: 500 })
    .catch(() => null);
  for (const [field, value] of Object.entries(fields)) {
    const input = page.getByTestId(`field-${field}`);
    if (!(await input.isVisible())) await page.getByTestId('more-settings').click();
    if (typeof value === 'boolean') await input.setChecked(value);
    else await input.fill(value ?? '');
  }
  await page.getByTestId('run-turn').click();
  const view = page.getByTestId('turn-view');
  await expect(view).toHaveAttribute('data-turn-id', /.+/);
  if (previous) await expect(view).not.toHaveAttribute('data-turn-id', previous);
  return (await view.getAttribute('data-turn-id')) ?? '';
}

async function waitForEnd(page: Page, status: string): Promise<void> {
  await expect(page.getByTestId('turn-status')).toHaveAttribute('data-value', status, { timeout: TURN_TIMEOUT_MS });
}

/**
 * Full-page screenshot from the top (the sticky top bar would otherwise sit mid-page), or with `asIs`
 * the viewport exactly as the user sees it (focus and scroll positions kept).
 */
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

/** Screenshots in the light theme, then the dark one (the console follows the system scheme until a choice is stored). */
async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
}

/** The spec's measure of a valid narrative: at least 20 words. */
const wordCount = (text: string | null) => (text ?? '').split(/\s+/).filter(Boolean).length;

const step = (page: Page, phase: string) => page.getByTestId(`phase-step-${phase}`);

test('runs a turn from the Turns page and watches the five phases complete live', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openTurnsPage(page);
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link')).toContainText(['Dashboards', 'System', 'Turns']);
  await expect(page.getByTestId('no-current-turn')).toBeVisible();
  await expect(page.getByTestId('run-campaign').locator('option:checked')).toHaveText('Ashfall Crossing');
  // Every agent of the demo campaign, none quarantined, all picked by default.
  await expect(page.getByTestId('participant-list').getByRole('listitem')).toHaveCount(6);
  await expect(page.getByTestId('participant-count')).toHaveText('6 of 6');
  await expect(page.getByTestId('participant-list')).toContainText('Aria Vell');
  await expect(page.getByTestId('participant-list')).toContainText('scout');
  await screenshot(page, 'turns-run-form-light');

  // Two AI calls at a time: the brief phase takes a few round trips, long enough to watch.
  turnIds.completed = await startTurn(page, { seed: '7', maxConcurrentOperations: '2' });
  await expect(page.getByTestId('turn-status')).toHaveAttribute('data-value', 'running');
  await expect(page.getByTestId('turn-cancel')).toBeVisible();
  await expect(step(page, 'world_update')).toHaveAttribute('data-status', 'succeeded');
  await expect(step(page, 'subjective_brief')).toHaveAttribute('data-status', 'running');
  await expect(step(page, 'narrative_integration')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('phase-step-duration-world_update')).toHaveText(/ms$/);
  await screenshot(page, 'turns-running-light');

  // The brief phase's duration and cost arrive while the turn still runs.
  await expect(page.getByTestId('phase-step-cost-subjective_brief')).toHaveText(/^\$0\.\d{4}$/, { timeout: TURN_TIMEOUT_MS });
  await waitForEnd(page, 'completed');
  for (const phase of PHASES) await expect(step(page, phase)).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('turn-cancel')).toHaveCount(0);
  await expect(page.getByTestId('turn-completion')).toHaveText('100%');
  await expect(page.getByTestId('turn-cost')).toHaveText(/^\$0\.\d{4}$/);
  await expect(page.getByTestId('turn-seed')).toHaveText('7');
  await expect(page.getByTestId('turn-provider')).toHaveText('simulated');
  await expect(page.getByTestId('turn-participants')).toContainText('Aria Vell');
  await expect(page.getByTestId('turn-failure')).toHaveCount(0);

  // Per-phase table, narrative as plain text, events, briefs per agent, interactions.
  for (const phase of PHASES) await expect(page.getByTestId(`phase-row-${phase}`)).toHaveAttribute('data-status', 'succeeded');
  const narrative = page.getByTestId('narrative-text');
  expect(wordCount(await narrative.textContent())).toBeGreaterThanOrEqual(20);
  expect(await narrative.locator(':not(p, br, em, strong, s, del, code, pre, blockquote, ul, ol, li, a, hr)').count()).toBe(0);
  await expect(page.getByTestId('narrative-card')).toContainText('valid');
  const events = page.getByTestId('event-item');
  expect(await events.count()).toBeGreaterThanOrEqual(2);
  await expect(events.first()).toContainText('world_time_advanced');
  await expect(page.getByTestId('event-removed-note')).toHaveCount(0);
  await expect(page.getByTestId('brief-item')).toHaveCount(6);
  await page.getByTestId('brief-item').first().locator('summary').click();
  await expect(page.getByTestId('brief-item').first()).toContainText('Aria Vell');
  await expect(page.getByTestId('interaction-item').first()).toBeVisible();
  await expect(page.getByTestId('compensations-card')).toHaveCount(0);
  await screenshotBothThemes(page, 'turns-completed');

  // The turn has its own page.
  await page.goto(`${server.url}/#/turns/${turnIds.completed}`);
  await expect(page.getByTestId('turn-status')).toHaveAttribute('data-value', 'completed');
  await expect(page.getByTestId('narrative-text')).toHaveText(/\w/);
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, 'turns-detail-page-light');
  // A narrow window stacks the run panel over the turn and the stepper stays on one row.
  await page.goto(`${server.url}/#/turns`);
  await page.setViewportSize({ width: 900, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.getByTestId('run-panel')).toBeVisible();
  await screenshot(page, 'turns-run-900px-dark');
  await page.goto(`${server.url}/#/turns/${turnIds.completed}`);
  await expect(page.getByTestId('turn-status')).toHaveAttribute('data-value', 'completed');
  await screenshot(page, 'turns-detail-900px-dark');
  expect(problems).toEqual([]);
});

test('shows the engine’s validation error beside the field it names', async ({ page }) => {
  // The refused turns.run is an expected 400.
  const problems = collectPageProblems(page, [/status of 400/]);
  await openTurnsPage(page);
  await page.getByTestId('more-settings').click();
  await page.getByTestId('field-aiTemperature').fill('5');
  await page.getByTestId('run-turn').click();

  const error = page.getByTestId('field-error-aiTemperature');
  await expect(error).toContainText('<=2');
  await expect(page.getByTestId('field-aiTemperature')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('run-field-errors')).toHaveText('Not run: fix AI temperature and run again.');
  await expect(page.getByTestId('field-aiTemperature')).toBeFocused();
  await expect(page.getByTestId('field-aiTemperature')).toBeInViewport();
  await expect(page.getByTestId('no-current-turn')).toBeVisible();
  await screenshot(page, 'turns-field-error-light', { asIs: true });

  // Editing the field clears its error; a valid value runs.
  await page.getByTestId('field-aiTemperature').fill('1.2');
  await expect(error).toHaveCount(0);
  await page.getByTestId('field-seed').fill('11');
  await page.getByTestId('run-turn').click();
  await expect(page.getByTestId('turn-view')).toBeVisible();
  await waitForEnd(page, 'completed');

  // An empty participant list is refused before it reaches the engine.
  await page.getByRole('button', { name: 'None' }).click();
  await page.getByTestId('run-turn').click();
  await expect(page.getByTestId('field-error-participants')).toContainText('at least one participant');
  expect(problems).toEqual([]);
});

test('a cost cap of 0 with fail-fast fails the brief phase and compensates the world update', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openTurnsPage(page);
  turnIds.costCapBrief = await startTurn(page, { maxAiCost: '0', failFastOnPhaseFailure: true });
  await waitForEnd(page, 'compensated');

  await expect(page.getByTestId('turn-failure')).toContainText('Subjective briefs failed (cost cap)');
  await expect(page.getByTestId('turn-failure')).toContainText('reached the cap of 0');
  await expect(step(page, 'world_update')).toHaveAttribute('data-status', 'compensated');
  await expect(step(page, 'subjective_brief')).toHaveAttribute('data-status', 'failed');
  for (const phase of PHASES.slice(2)) await expect(step(page, phase)).toHaveAttribute('data-status', 'not_run');
  await expect(page.getByTestId('phase-error-subjective_brief')).toContainText('cost_cap');

  const rows = page.getByTestId('compensation-row');
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-type')))).toEqual([
    'rollback_world_state',
    'log_failure',
    'notify_participants',
  ]);
  await expect(page.getByTestId('compensation-table')).toContainText('world restored to its state before the turn');
  await expect(page.getByTestId('narrative-empty')).toBeVisible();
  await expect(page.getByTestId('turn-cost')).toHaveText('$0');
  expect(problems).toEqual([]);
});

test('a cost cap hit in the narrative compensates every committed phase and strikes out what they produced', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openTurnsPage(page);
  // Six briefs start together under the cap; the narrative call then finds the cap exceeded.
  turnIds.compensated = await startTurn(page, { maxAiCost: '0.001', failFastOnPhaseFailure: true });
  await waitForEnd(page, 'compensated');

  await expect(page.getByTestId('turn-failure')).toContainText('Narrative failed (cost cap)');
  for (const phase of PHASES.slice(0, 4)) await expect(step(page, phase)).toHaveAttribute('data-status', 'compensated');
  await expect(step(page, 'narrative_integration')).toHaveAttribute('data-status', 'failed');
  const types = await page.getByTestId('compensation-row').evaluateAll((all) => all.map((row) => row.getAttribute('data-type')));
  expect(types).toEqual([
    'remove_events',
    'rollback_world_state',
    'cancel_interactions',
    'invalidate_subjective_briefs',
    'rollback_world_state',
    'log_failure',
    'notify_participants',
  ]);

  // Outputs stay readable, struck through, with the compensation that undid them.
  const events = page.getByTestId('event-item');
  const eventCount = await events.count();
  expect(eventCount).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('event-removed-note')).toHaveCount(eventCount);
  await expect(page.locator('[data-testid="event-item"][data-removed="true"]')).toHaveCount(eventCount);
  await expect(events.first().locator('p.removed')).toHaveCSS('text-decoration-line', 'line-through');
  await expect(page.getByTestId('events-count')).toContainText(`${eventCount} removed`);
  await expect(page.getByTestId('brief-invalidated-note')).toHaveCount(6);
  const interactions = await page.getByTestId('interaction-item').count();
  await expect(page.getByTestId('interaction-cancelled-note')).toHaveCount(interactions);
  await screenshotBothThemes(page, 'turns-compensated');
  expect(problems).toEqual([]);
});

test('cancels a running turn and shows it cancelled and compensated', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openTurnsPage(page);
  // One AI call at a time: six briefs one after another keep the turn running for seconds.
  turnIds.cancelled = await startTurn(page, { maxConcurrentOperations: '1' });
  await expect(step(page, 'subjective_brief')).toHaveAttribute('data-status', 'running');
  await page.getByTestId('turn-cancel').click();
  await waitForEnd(page, 'cancelled');

  await expect(page.getByTestId('turn-failure')).toContainText('Cancelled during Subjective briefs');
  await expect(page.getByTestId('turn-failure')).toHaveAttribute('data-reason', 'cancelled');
  await expect(step(page, 'subjective_brief')).toHaveAttribute('data-status', 'failed');
  await expect(step(page, 'world_update')).toHaveAttribute('data-status', 'compensated');
  await expect(page.getByTestId('compensation-row').first()).toHaveAttribute('data-type', 'rollback_world_state');
  await expect(page.getByTestId('turn-cancel')).toHaveCount(0);
  await screenshotBothThemes(page, 'turns-cancelled');
  expect(problems).toEqual([]);
});

test('a world update on an inconsistent world opens a manual review that is resolved from the queue', async ({ page }) => {
  const problems = collectPageProblems(page);
  // No channel imports a campaign: copy the demo world into a second campaign, straight into the
  // engine's database (WAL, so the running server sees it), with a resource above its max.
  const info = await rpc<{ databasePath: string }>('system.info', {});
  const db = new Database(info.databasePath, { timeout: 5000 });
  try {
    db.prepare(
      `INSERT INTO campaigns (id, name, description, created_at, world)
       SELECT 'broken-world', 'Broken world', 'Ashfall Crossing with a stamina above its max', created_at,
              json_set(world, '$.agents[0].resources.stamina', json('{"value":150,"max":100,"regenPerS":0}'))
         FROM campaigns WHERE id = 'ashfall-crossing'`,
    ).run();
  } finally {
    db.close();
  }

  await openTurnsPage(page);
  await page.getByTestId('run-campaign').selectOption('broken-world');
  await expect(page.getByTestId('run-campaign-summary')).toContainText('6 agents');
  turnIds.reviewed = await startTurn(page);
  await waitForEnd(page, 'compensated');
  await expect(page.getByTestId('turn-failure')).toContainText('World update failed (consistency)');
  await expect(page.getByTestId('turn-failure')).toContainText('above its max');
  await expect(page.getByTestId('compensation-row').last()).toHaveAttribute('data-type', 'trigger_manual_review');
  await expect(page.getByTestId('turn-review')).toContainText('open');
  await expect(page.getByTestId('open-review-count')).toHaveText('1');

  await page.getByTestId('turns-tab-reviews').click();
  const item = page.getByTestId('review-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-status', 'open');
  await expect(item).toContainText('critical');
  await expect(item.getByTestId('review-turn-link')).toHaveAttribute('href', `#/turns/${turnIds.reviewed}`);
  await screenshotBothThemes(page, 'turns-review-queue');

  // A note is required.
  await item.getByTestId('resolve-submit').click();
  await expect(item.getByTestId('resolve-error')).toContainText('note is required');
  await expect(item.getByTestId('resolve-note')).toHaveAttribute('aria-invalid', 'true');
  await item.getByTestId('resolve-note').fill('Capped Aria’s stamina at 100; the world is consistent again.');
  await item.getByTestId('resolve-submit').click();
  await expect(page.getByTestId('reviews-empty')).toBeVisible();
  await expect(page.getByTestId('open-review-count')).toHaveCount(0);

  await page.getByTestId('reviews-filter-resolved').click();
  await expect(page.getByTestId('review-item')).toHaveAttribute('data-status', 'resolved');
  await expect(page.getByTestId('review-resolution')).toContainText('Capped Aria’s stamina at 100');
  await screenshot(page, 'turns-review-resolved-light');

  // The turn shows its review resolved.
  await page.getByTestId('review-turn-link').click();
  await expect(page.getByTestId('turn-review')).toContainText('resolved');
  expect(problems).toEqual([]);
});

test('lists the turns in the history, filters them by campaign and status, and picks two to compare', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openTurnsPage(page);
  await page.getByTestId('turns-tab-history').click();
  const rows = page.getByTestId('history-row');
  // completed, field-error rerun, two cost caps, cancelled, broken world.
  await expect(rows).toHaveCount(6);
  await expect(page.getByTestId('history-range')).toHaveText('Turns 1–6 of 6');
  await expect(page.getByTestId('history-next')).toBeDisabled();
  // Newest first.
  await expect(rows.first()).toHaveAttribute('data-turn-id', turnIds.reviewed ?? '');

  await page.getByTestId('history-filter-status').selectOption('compensated');
  await expect(rows).toHaveCount(3);
  for (const status of await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-status'))))
    expect(status).toBe('compensated');
  await page.getByTestId('history-filter-campaign').selectOption('broken-world');
  await expect(rows).toHaveCount(1);
  await page.getByTestId('history-filter-campaign').selectOption('');
  await page.getByTestId('history-filter-status').selectOption('completed');
  await expect(rows).toHaveCount(2);

  await expect(page.getByTestId('history-compare')).toBeDisabled();
  for (const row of await rows.all()) await row.getByRole('checkbox').check();
  const compare = page.getByTestId('history-compare');
  await expect(compare).toHaveText(/Compare Turn \d+ ↔ Turn \d+/);
  await screenshotBothThemes(page, 'turns-history');
  await compare.click();
  await expect(page).toHaveURL(new RegExp(`#/turns/diff/${turnIds.completed}/`));
  await expect(page.getByTestId('diff-view')).toBeVisible();
  expect(problems).toEqual([]);
});

// ------------------------------------------------------------------------------------------------
// Diff and replay need `turns.diff` and `turns.replay` from the engine; they run last.

test('diffs two turns: summary, world changes, events, narrative and phase timings', async ({ page }) => {
  const problems = collectPageProblems(page);
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.goto(`${server.url}/#/turns/diff/${turnIds.completed}/${turnIds.compensated}`);

  await expect(page.getByTestId('diff-body')).toBeVisible();
  await expect(page.getByTestId('diff-a')).toContainText('completed');
  await expect(page.getByTestId('diff-b')).toContainText('compensated');
  await expect(page.getByTestId('diff-a-cost')).toHaveText(/^\$0\.\d{4}$/);
  await expect(page.getByTestId('diff-identical')).toHaveAttribute('data-value', 'false');
  await expect(page.getByTestId('diff-narrative-identical')).toHaveAttribute('data-value', 'false');
  expect(wordCount(await page.getByTestId('diff-narrative-a').locator('.narrative-text').textContent())).toBeGreaterThanOrEqual(20);
  await expect(page.getByTestId('diff-narrative-b')).toContainText('No narrative');
  await expect(page.getByTestId('diff-world-row').first()).toBeVisible();
  for (const phase of PHASES) await expect(page.getByTestId(`diff-timing-${phase}`)).toBeVisible();
  await expect(page.getByTestId('diff-events-only-a')).toContainText('world_time_advanced');
  await screenshotBothThemes(page, 'turns-diff');

  await page.getByTestId('diff-swap').click();
  await expect(page.getByTestId('diff-a')).toContainText('compensated');
  expect(problems).toEqual([]);
});

test('replays a turn with its recorded responses and with the simulated provider, and shows the diff', async ({ page }) => {
  const problems = collectPageProblems(page);
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.goto(`${server.url}/#/turns/${turnIds.completed}`);
  await expect(page.getByTestId('turn-status')).toHaveAttribute('data-value', 'completed');

  await page.getByTestId('turn-replay-recorded').click();
  const card = page.getByTestId('replay-card');
  await expect(card.getByTestId('diff-body')).toBeVisible({ timeout: TURN_TIMEOUT_MS });
  await expect(card.getByTestId('replay-identical')).toHaveAttribute('data-value', 'true');
  await expect(card.getByTestId('diff-narrative-identical')).toHaveAttribute('data-value', 'true');
  await expect(card.getByTestId('diff-world-none')).toBeVisible();
  await screenshotBothThemes(page, 'turns-replay');

  await page.getByTestId('turn-replay-simulated').click();
  await expect(card).toContainText('Replay (simulated)');
  await expect(card.getByTestId('diff-body')).toBeVisible({ timeout: TURN_TIMEOUT_MS });

  await card.getByTestId('replay-open').click();
  await expect(page.getByTestId('turn-replay-of')).toHaveAttribute('href', `#/turns/${turnIds.completed}`);
  expect(problems).toEqual([]);
});

async function rpc<T>(channel: string, request: unknown): Promise<T> {
  const token = new URL(server.loginUrl).searchParams.get('token') ?? '';
  const response = await fetch(`${server.url}/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`${channel}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
