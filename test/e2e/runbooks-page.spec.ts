/**
 * The Runbooks page of the headless console against a real engine (`novel-console serve` on a fresh data
 * dir, the metrics recorder — and so alert evaluation — every second). Fault-injected turns (a cost cap
 * with fail-fast) are compensated, the CompensationSpike rule fires, and its runbook, opened for that
 * alert, shows the alert live and runs its steps: a re-run with AI disabled and a silence, each confirmed,
 * recorded on the incident (still checked after a reload) and audited. A player sees why the buttons are
 * off; an SRE edits a shipped runbook, reads the history and reverts it.
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
/** The narrative's AI call goes over this cap; fail-fast compensates the turn (7 compensation steps). */
const FAULTY_TURN = { maxAiCost: 0.000001, failFastOnPhaseFailure: true };
/** The player's 403 on alerts.get is logged by the browser. */
const EXPECTED_HTTP_ERRORS = [/Failed to load resource: the server responded with a status of 403/];

let server: ServeProcess;
const state = { fingerprint: '', incidentId: '', playerToken: '' };

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServe({ args: ['--metrics-interval', '1000', '--rate-limit', '0'] });
});

test.afterAll(async () => {
  await server?.cleanup();
});

const adminToken = () => new URL(server.loginUrl).searchParams.get('token') ?? '';

/** `POST /rpc/<channel>` as the console's admin (or another token), as any HTTP client would. */
async function rpc<T = Record<string, unknown>>(channel: string, request: unknown, token = adminToken()): Promise<T> {
  const response = await fetch(`${server.url.replace(/\/$/, '')}/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`${channel}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function runTurn(configuration: Record<string, unknown>): Promise<{ turnId: string; status: string }> {
  const { turnId } = await rpc<{ turnId: string }>('turns.run', { campaignId: CAMPAIGN, configuration });
  let status = 'running';
  await expect
    .poll(
      async () => {
        ({ status } = await rpc<{ turn: { status: string } }>('turns.get', { turnId }).then((detail) => detail.turn));
        return status;
      },
      { timeout: 30_000 },
    )
    .not.toBe('running');
  return { turnId, status };
}

interface AuditEntryLike {
  actor: string;
  action: string;
  target: string | null;
  outcome: string;
}

async function auditEntries(action: string): Promise<AuditEntryLike[]> {
  const { entries } = await rpc<{ entries: AuditEntryLike[] }>('audit.list', { action, limit: 100 });
  return entries;
}

/** Opens a console address as the admin of the login URL. */
async function openAsAdmin(page: Page, hash: string): Promise<void> {
  await page.goto(`${server.loginUrl}${hash}`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

/** Full-page screenshot from the top, nothing focused or hovered. */
async function screenshot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
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

const step = (page: Page, action: string) => page.locator(`[data-testid="runbook-step"][data-action="${action}"]`);
const plainSteps = (page: Page) => page.locator('[data-testid="runbook-step"]:not([data-action])');

test('lists the shipped runbooks and finds one by title, alert or tag', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAsAdmin(page, '');
  await page.getByTestId('nav-runbooks').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Runbooks');
  const rows = page.getByTestId('runbook-row');
  await expect(rows).toHaveCount(13);
  await expect(page.getByTestId('runbook-count')).toHaveText('13 runbooks');

  await page.getByTestId('runbook-search').fill('quarantine');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-slug', 'agent-quarantined');
  await page.getByTestId('runbook-search').fill('');
  await expect(rows).toHaveCount(13);

  // An alert chip searches for its alert.
  await page.locator('[data-slug="compensation-spike"]').getByRole('button', { name: 'CompensationSpike' }).click();
  await expect(page.getByTestId('runbook-search')).toHaveValue('CompensationSpike');
  await expect(rows).toHaveCount(1);
  await page.getByTestId('runbook-search').fill('');
  await screenshotBothThemes(page, 'runbooks-list');

  await page.locator('[data-slug="turn-latency-high"]').getByTestId('runbook-link').click();
  await expect(page.getByTestId('runbook-title')).toHaveText('Turn latency high');
  await expect(page.getByTestId('runbook-recording')).toContainText('Opened without an alert');
  expect(problems).toEqual([]);
});

test('opens the runbook of a firing alert with its live context and runs a re-run step, recorded and still checked after a reload', async ({
  page,
}) => {
  const problems = collectPageProblems(page);
  // Two fault-injected turns: 14 compensation steps in a minute, over CompensationSpike's 10.
  for (let index = 0; index < 2; index++) expect((await runTurn(FAULTY_TURN)).status).toBe('compensated');
  await expect
    .poll(
      async () => {
        const { alerts } = await rpc<{ alerts: { fingerprint: string; ruleName: string; episode: number }[] }>('alerts.list', {
          states: ['firing'],
          ruleName: 'CompensationSpike',
        });
        state.fingerprint = alerts[0]?.fingerprint ?? '';
        state.incidentId = alerts[0] ? `${alerts[0].fingerprint}:${alerts[0].episode}` : '';
        return state.fingerprint;
      },
      { timeout: 30_000 },
    )
    .not.toBe('');

  await openAsAdmin(page, `#/runbooks/compensation-spike?alert=${state.fingerprint}`);
  await expect(page.getByTestId('runbook-title')).toHaveText('Compensation spike');
  // The alert, live: state, value against the threshold, its rule's chart.
  await expect(page.getByTestId('alert-name')).toHaveText('CompensationSpike');
  await expect(page.getByTestId('alert-state')).toHaveAttribute('data-value', 'firing');
  await expect(page.getByTestId('alert-value')).toContainText('(fires when > 10)');
  await expect(page.getByTestId('alert-chart-canvas')).toBeVisible();
  await expect(page.getByTestId('affected-turn').and(page.locator('[data-status="compensated"]'))).toHaveCount(2);
  await expect(page.getByTestId('runbook-view')).toHaveAttribute('data-incident', state.incidentId);
  await expect(page.getByTestId('runbook-recording')).toContainText(state.incidentId);

  // Steps are buttons (actions) and checkboxes (plain steps).
  for (const action of ['open-trace', 'rerun-turn-ai-disabled', 'silence']) {
    await expect(step(page, action).getByTestId('step-action')).toBeEnabled();
  }
  await expect(plainSteps(page).first().getByTestId('step-check')).toBeEnabled();

  // Re-run the failed turn with AI disabled: confirmed first, naming the turn.
  const rerun = step(page, 'rerun-turn-ai-disabled');
  await rerun.getByTestId('step-action').click();
  await expect(rerun.getByTestId('step-confirm-plan')).toContainText(`with the 6 participants of turn #2 of ${CAMPAIGN} and AI disabled`);
  await expect(rerun.getByTestId('step-confirm-yes')).toBeFocused();
  await rerun.getByTestId('step-confirm-yes').click();
  await expect(rerun).toHaveAttribute('data-state', 'done');
  await expect(rerun.getByTestId('step-record')).toContainText('turn #3 started with AI disabled (re-run of #2');
  const newTurn = (await rerun.getByTestId('step-result-link').getAttribute('href')) ?? '';
  expect(newTurn).toMatch(/^#\/turns\/[0-9a-f-]{36}$/);
  const rerunTurn = await rpc<{ turn: { status: string; number: number } }>('turns.get', { turnId: newTurn.split('/')[2] });
  expect(rerunTurn.turn.number).toBe(3);

  // A plain step is ticked on the incident.
  const first = plainSteps(page).first();
  await first.getByTestId('step-check').check();
  await expect(first).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('incident-log-entry')).toHaveCount(2);

  // After a reload both are still checked: they were saved with the incident.
  await page.reload();
  await expect(page.getByTestId('runbook-view')).toHaveAttribute('data-incident', state.incidentId);
  await expect(step(page, 'rerun-turn-ai-disabled')).toHaveAttribute('data-state', 'done');
  await expect(plainSteps(page).first()).toHaveAttribute('data-state', 'done');
  await expect(plainSteps(page).first().getByTestId('step-check')).toBeChecked();
  await expect(page.getByTestId('incident-log-entry')).toHaveCount(2);

  const { records } = await rpc<{ records: { action: string | null; outcome: string; actor: string }[] }>('runbooks.steps.list', {
    incidentId: state.incidentId,
  });
  expect(records.map((record) => [record.action, record.outcome])).toEqual([
    ['rerun-turn-ai-disabled', 'done'],
    [null, 'done'],
  ]);
  expect((await auditEntries('runbooks.steps.record')).map((entry) => [entry.target, entry.outcome])).toEqual([
    [`incident:${state.incidentId}`, 'ok'],
    [`incident:${state.incidentId}`, 'ok'],
  ]);
  expect((await auditEntries('turns.run')).filter((entry) => entry.outcome === 'ok')).toHaveLength(3);
  await screenshotBothThemes(page, 'runbooks-alert');
  expect(problems).toEqual([]);
});

test("silences the alert from its runbook's step: the silence mutes it, shows on the alert and is audited", async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAsAdmin(page, `#/runbooks/compensation-spike?alert=${state.fingerprint}`);
  await expect(page.getByTestId('alert-muted')).toHaveText('no');
  const silence = step(page, 'silence');
  await silence.getByTestId('step-action').click();
  await expect(silence.getByTestId('step-confirm-plan')).toContainText('Silence CompensationSpike {');
  await expect(silence.getByTestId('step-confirm-plan')).toContainText('severity="warning"');
  await expect(silence.getByTestId('step-confirm-plan')).toContainText('for 1 h, until');
  // Escape cancels; the confirmation comes back on the next press.
  await page.keyboard.press('Escape');
  await expect(silence.getByTestId('step-confirm')).toHaveCount(0);
  await expect(silence.getByTestId('step-action')).toBeFocused();
  await silence.getByTestId('step-action').click();
  await silence.getByTestId('step-confirm-yes').click();
  await expect(silence).toHaveAttribute('data-state', 'done');
  await expect(silence.getByTestId('step-record')).toContainText('silence ');
  await expect(page.getByTestId('alert-muted')).toHaveText('silenced (1)');

  const { silences } = await rpc<{ silences: { id: string; comment: string; createdBy: string; state: string }[] }>('silences.list', {});
  expect(silences).toHaveLength(1);
  expect(silences[0]?.state).toBe('active');
  expect(silences[0]?.comment).toContain('Runbook "Compensation spike"');
  expect(silences[0]?.comment).toContain(state.incidentId);
  const alert = await rpc<{ alert: { silencedBy: string[] } }>('alerts.get', { fingerprint: state.fingerprint });
  expect(alert.alert.silencedBy).toEqual([silences[0]?.id]);
  expect((await auditEntries('silences.create')).map((entry) => entry.outcome)).toEqual(['ok']);
  expect(await auditEntries('runbooks.steps.record')).toHaveLength(3);
  expect(problems).toEqual([]);
});

test('opens the trace of the failed turn from its step', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAsAdmin(page, `#/runbooks/compensation-spike?alert=${state.fingerprint}`);
  const openTrace = step(page, 'open-trace');
  await openTrace.getByTestId('step-action').click();
  await expect(page).toHaveURL(/#\/traces\/[0-9a-f]{32}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Traces');
  await page.goBack();
  await expect(step(page, 'open-trace')).toHaveAttribute('data-state', 'done');
  expect(problems).toEqual([]);
});

test('releases a quarantined agent from the AgentQuarantined runbook, chosen among those in quarantine', async ({ page }) => {
  const problems = collectPageProblems(page);
  // A harsh policy (every interaction costs all trust) quarantines the agents of the next turn.
  const harsh = {
    conflictLoser: -100,
    conflictWinner: -100,
    cooperation: -100,
    agreement: -100,
    compromise: -100,
    deadlock: -100,
    exchange: -100,
  };
  await rpc('trust.policy.set', { rules: harsh, note: 'runbooks e2e: quarantine everyone who interacts' });
  expect((await runTurn({ aiIntegrationEnabled: false })).status).toBe('completed');
  const { agents } = await rpc<{ agents: { agentId: string; name: string; quarantined: boolean }[] }>('trust.agents', {
    campaignId: CAMPAIGN,
  });
  const quarantined = agents.filter((agent) => agent.quarantined);
  expect(quarantined.length).toBeGreaterThan(1);
  let fingerprint = '';
  await expect
    .poll(
      async () => {
        const { alerts } = await rpc<{ alerts: { fingerprint: string }[] }>('alerts.list', {
          states: ['firing'],
          ruleName: 'AgentQuarantined',
        });
        fingerprint = alerts[0]?.fingerprint ?? '';
        return fingerprint;
      },
      { timeout: 30_000 },
    )
    .not.toBe('');

  await openAsAdmin(page, `#/runbooks/agent-quarantined?alert=${fingerprint}`);
  await expect(page.getByTestId('alert-state')).toHaveAttribute('data-value', 'firing');
  await expect(page.getByTestId('affected-agent')).toHaveCount(quarantined.length);
  const release = step(page, 'release-agent');
  await expect(release.getByTestId('step-disabled-reason')).toHaveText('Choose the agent to release.');
  const chosen = quarantined[0] as { agentId: string; name: string };
  await release.getByTestId('step-agent').selectOption(`${CAMPAIGN}/${chosen.agentId}`);
  await release.getByTestId('step-action').click();
  await expect(release.getByTestId('step-confirm-plan')).toContainText(
    `Release ${chosen.name} (Ashfall Crossing, trust 0) from quarantine`,
  );
  await screenshotBothThemes(page, 'runbooks-release');
  await release.getByTestId('step-confirm-yes').click();
  await expect(release).toHaveAttribute('data-state', 'done');
  await expect(release.getByTestId('step-record')).toContainText(`released ${chosen.name} (${CAMPAIGN})`);
  // The list of agents in quarantine follows trust.changed.
  await expect(page.getByTestId('affected-agent')).toHaveCount(quarantined.length - 1);

  const after = await rpc<{ agents: { agentId: string; quarantined: boolean }[] }>('trust.agents', { campaignId: CAMPAIGN });
  expect(after.agents.find((agent) => agent.agentId === chosen.agentId)?.quarantined).toBe(false);
  expect((await auditEntries('trust.release')).map((entry) => [entry.target, entry.outcome])).toEqual([[`agent:${chosen.agentId}`, 'ok']]);
  expect(problems).toEqual([]);
});

test('a player reads the runbook but its actions are off, each saying why, and cannot edit it', async ({ page }) => {
  const problems = collectPageProblems(page, EXPECTED_HTTP_ERRORS);
  const { token } = await rpc<{ token: string }>('tokens.mint', { role: 'player', ttl: '1h', label: 'runbooks e2e player' });
  state.playerToken = token;
  await page.goto(`${server.url.replace(/\/$/, '')}/?token=${token}#/runbooks/compensation-spike?alert=${state.fingerprint}`);
  await expect(page.getByTestId('runbook-title')).toHaveText('Compensation spike');
  await expect(page.getByTestId('alert-forbidden')).toContainText('metrics.view');
  // The page follows only topics a player may read: its event stream stays up.
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('runbook-edit')).toHaveCount(0);

  const rerun = step(page, 'rerun-turn-ai-disabled');
  await expect(rerun.getByTestId('step-action')).toBeDisabled();
  await expect(rerun.getByTestId('step-disabled-reason')).toContainText(
    'Needs the orchestration.turn.execute permission (for turns.run); you are signed in as player',
  );
  await expect(step(page, 'silence').getByTestId('step-disabled-reason')).toContainText(
    'Needs the metrics.admin permission (for silences.create)',
  );
  await expect(plainSteps(page).first().getByTestId('step-check')).toHaveAttribute('title', /could not be loaded \(forbidden\)/);
  await expect(plainSteps(page).first().getByTestId('step-check')).toBeDisabled();
  await screenshot(page, 'runbooks-player-light');

  await page.goto(`${server.url.replace(/\/$/, '')}/#/runbooks/compensation-spike/edit`);
  await expect(page.getByTestId('runbook-edit-forbidden')).toContainText('Editing runbooks needs the metrics.admin permission');
  // And the engine refuses the save itself, whatever the page shows.
  const refused = await fetch(`${server.url.replace(/\/$/, '')}/rpc/runbooks.save`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ slug: 'compensation-spike', source: '# Mine\n', baseVersion: 0 }),
  });
  expect(refused.status).toBe(403);
  expect((await auditEntries('runbooks.save')).map((entry) => [entry.target, entry.outcome])).toEqual([
    ['runbook:compensation-spike', 'denied'],
  ]);
  expect(problems.filter((problem) => !/status of 403/.test(problem))).toEqual([]);
});

test('edits a shipped runbook as a new version with a live preview, reads the history and reverts to the shipped text', async ({
  page,
}) => {
  const problems = collectPageProblems(page);
  await openAsAdmin(page, '#/runbooks/memory-high');
  await expect(page.getByTestId('runbook-origin')).toHaveAttribute('data-value', 'shipped');
  await page.getByTestId('runbook-edit').click();
  const source = page.getByTestId('runbook-source');
  await expect(source).toHaveValue(/title: Memory high/);
  await expect(page.getByTestId('runbook-save')).toBeDisabled();

  // A mistake is named by line and blocks the save.
  const original = await source.inputValue();
  await source.fill(`${original}- [ ] action: reboot\n`);
  await expect(page.getByTestId('runbook-issues')).toContainText('unknown action "reboot"');
  await expect(page.getByTestId('runbook-save')).toBeDisabled();

  await source.fill(`${original}- [ ] Page the on-call engineer of the host.\n`);
  await expect(page.getByTestId('runbook-issues')).toHaveCount(0);
  await expect(page.getByTestId('runbook-preview')).toContainText('Page the on-call engineer of the host.');
  await page.getByTestId('runbook-note').fill('paging step for our host');
  await screenshotBothThemes(page, 'runbooks-editor');
  await page.getByTestId('runbook-save').click();

  await expect(page).toHaveURL(/#\/runbooks\/memory-high$/);
  await expect(page.getByTestId('runbook-origin')).toHaveAttribute('data-value', 'overridden');
  await expect(page.getByTestId('runbook-version')).toContainText('v1');
  await expect(plainSteps(page).last().getByTestId('step-text')).toHaveText('Page the on-call engineer of the host.');

  await page.getByTestId('runbook-history').click();
  const versions = page.getByTestId('version-row');
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText('paging step for our host');
  await versions.last().getByRole('link').click();
  await expect(page.getByTestId('runbook-version-body')).toHaveAttribute('data-version', '0');
  await expect(page.getByTestId('runbook-version-body')).not.toContainText('Page the on-call engineer');
  await screenshotBothThemes(page, 'runbooks-history');
  await page.getByTestId('runbook-revert').click();
  await expect(page.getByTestId('step-confirm-plan')).toContainText('Make the text of v0 (shipped) current again, as v2');
  await page.getByTestId('step-confirm-yes').click();

  await expect(page).toHaveURL(/#\/runbooks\/memory-high$/);
  await expect(page.getByTestId('runbook-origin')).toHaveAttribute('data-value', 'shipped');
  await expect(page.getByTestId('runbook-version')).toContainText('v2');
  await expect(page.getByTestId('runbook-body')).not.toContainText('Page the on-call engineer');
  expect((await auditEntries('runbooks.save')).map((entry) => [entry.target, entry.outcome])).toEqual([
    ['runbook:memory-high', 'ok'],
    ['runbook:compensation-spike', 'denied'],
  ]);
  expect((await auditEntries('runbooks.revert')).map((entry) => [entry.target, entry.outcome])).toEqual([['runbook:memory-high', 'ok']]);
  expect(problems).toEqual([]);
});

test('writes a new runbook in the console', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openAsAdmin(page, '#/runbooks');
  await page.getByTestId('runbook-new').click();
  await page.getByTestId('runbook-slug').fill('Backup Host');
  await expect(page.getByTestId('runbook-editor')).toContainText('Lowercase words joined by hyphens');
  await page.getByTestId('runbook-slug').fill('backup-host-full');
  await expect(page.getByTestId('runbook-issues')).toContainText('a runbook needs a title');
  const source = page.getByTestId('runbook-source');
  // Written Markdown is sanitized: raw HTML stays text, only http(s) and console links are links.
  const hostile =
    '\nSee <img src=x onerror="window.__pwned=1"> [the runbook](javascript:window.__pwned=2), [the vendor](https://example.com/status) and [the turns](#/turns/history).\n';
  await source.fill((await source.inputValue()).replace('title: \n', 'title: Backup host disk full\n') + hostile);
  await page.getByTestId('runbook-save').click();
  await expect(page).toHaveURL(/#\/runbooks\/backup-host-full$/);
  await expect(page.getByTestId('runbook-origin')).toHaveAttribute('data-value', 'user');
  await expect(page.getByTestId('runbook-title')).toHaveText('Backup host disk full');
  const body = page.getByTestId('runbook-body');
  await expect(body).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(body.locator('img')).toHaveCount(0);
  await expect(body.getByRole('link', { name: 'the vendor' })).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(body.getByRole('link', { name: 'the turns' })).toHaveAttribute('href', '#/turns/history');
  await expect(body.locator('a[href^="javascript"]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Runbooks' }).click();
  await expect(page.getByTestId('runbook-row')).toHaveCount(14);
  expect(problems).toEqual([]);
});
