/**
 * The Settings page of the headless console against a real engine (`novel-console serve` on a fresh
 * data dir, its signing key and credentials in a real gnome-keyring: run it under dbus-run-session with
 * an unlocked keyring). Mint a campaign-scoped token and see it shown once, use it over HTTP, revoke it
 * and see it refused; set and delete a provider key without its value ever reaching the page; read the
 * audit trail of all that, verify the chain and export it; and see what a player and a keychain-less
 * server get.
 *
 * Tests run in file order on one server and depend on each other (serial: a failure skips the rest).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { collectPageProblems } from './page-problems';
import { type ServeProcess, startServe } from './serve-process';

test.describe.configure({ mode: 'serial' });

const screenshotDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../test-results/screenshots');
const SECRET = 'sk-e2e-Zq7vXw9-never-in-the-dom';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
/** A 401 of the revoked token, a 403 of the player: the console logs the failed request to the console. */
const EXPECTED_HTTP_ERRORS = [/Failed to load resource: the server responded with a status of (401|403)/];

let server: ServeProcess;
/** Filled as the tests go. */
const state = { operator: '', campaignId: '', scopedToken: '', scopedTokenId: '', playerToken: '' };

test.beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServe();
});

test.afterAll(async () => {
  await server?.cleanup();
});

async function openSettings(page: Page, view: '' | 'credentials' | 'audit' = ''): Promise<void> {
  await page.goto(server.loginUrl);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  if (view) await page.getByTestId(`settings-tab-${view}`).click();
}

/** `POST /rpc/<channel>` with a bearer token, as any HTTP client would. */
async function rpc(channel: string, token: string, body: unknown = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url.replace(/\/$/, '')}/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
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

const tokenRow = (page: Page, tokenId: string) => page.locator(`[data-testid="token-row"][data-token-id="${tokenId}"]`);
const credentialRow = (page: Page, name: string) => page.locator(`[data-testid="credential-row"][data-name="${name}"]`);

test('shows who is signed in and mints a campaign-scoped story master token that is shown once', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openSettings(page);
  await expect(page.getByRole('navigation', { name: 'Console pages' }).getByRole('link').last()).toHaveText('Settings');
  await expect(page.getByTestId('whoami-role')).toHaveText('admin');
  await expect(page.getByTestId('whoami-scope')).toHaveText('every campaign');
  // Audit entries and tokens name the caller by user id (the title of the name shown).
  state.operator = (await page.getByTestId('whoami-user').getAttribute('title')) ?? '';
  expect(state.operator).not.toBe('');
  await expect(page.getByTestId('settings-tab-tokens')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('mint-role')).toHaveValue('player');
  await expect(page.getByTestId('mint-lifetime')).toHaveValue('8h');

  // A custom lifetime the contract refuses is caught in the form.
  await page.getByTestId('mint-lifetime').selectOption('custom');
  await page.getByTestId('mint-custom-ttl').fill('2 weeks');
  await page.getByTestId('mint-submit').click();
  await expect(page.getByTestId('mint-ttl-error')).toContainText('not a lifetime');
  await page.getByTestId('mint-lifetime').selectOption('8h');
  await expect(page.getByTestId('mint-ttl-error')).toHaveCount(0);

  await page.getByTestId('mint-role').selectOption('story_master');
  await page.getByTestId('mint-campaign').selectOption({ label: 'Ashfall Crossing' });
  state.campaignId = await page.getByTestId('mint-campaign').inputValue();
  expect(state.campaignId).not.toBe('');
  await expect(page.getByTestId('mint-role-permissions')).toContainText('orchestration.turn.execute');
  await expect(page.getByTestId('mint-role-permissions')).toContainText('in the chosen campaign only');
  await page.getByTestId('mint-label').fill('e2e story master');
  await page.getByTestId('mint-submit').click();

  const minted = page.getByTestId('minted-token');
  await expect(minted).toBeVisible();
  await expect(page.getByTestId('minted-token-warning')).toContainText('Copy it now; it will not be shown again.');
  const value = page.getByTestId('minted-token-value');
  await expect(value).toHaveAttribute('readonly', '');
  await expect(value).toBeFocused();
  state.scopedToken = await value.inputValue();
  expect(state.scopedToken).toMatch(JWT);
  state.scopedTokenId = (await minted.getAttribute('data-token-id')) ?? '';

  // Listed, with its role, scope, label and who made it.
  const row = tokenRow(page, state.scopedTokenId);
  await expect(row).toHaveAttribute('data-status', 'active');
  await expect(row).toContainText('e2e story master');
  await expect(row).toContainText('story master');
  await expect(row.getByTestId('token-scope')).toHaveText('Ashfall Crossing');
  await expect(row).toContainText(state.operator);
  await expect(row.getByTestId('token-status')).toHaveText('active');
  await screenshotBothThemes(page, 'settings-token-minted');
  // A narrow window: the form folds into two columns and the table scrolls sideways rather than clipping.
  await page.setViewportSize({ width: 960, height: 800 });
  await screenshot(page, 'settings-token-minted-narrow-light');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The copy button puts exactly the token on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('minted-token-copy').click();
  await expect(page.getByTestId('minted-token-copy-status')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(state.scopedToken);

  // Dismissed, it is gone from the page; after a reload it is nowhere either.
  await page.getByTestId('minted-token-dismiss').click();
  await expect(minted).toHaveCount(0);
  expect(await page.content()).not.toContain(state.scopedToken);
  await page.reload();
  await expect(tokenRow(page, state.scopedTokenId)).toBeVisible();
  await expect(page.getByTestId('minted-token')).toHaveCount(0);
  expect(await page.content()).not.toContain(state.scopedToken);

  // A player token for the last test, minted the same way.
  await page.getByTestId('mint-role').selectOption('player');
  await page.getByTestId('mint-label').fill('e2e player');
  await page.getByTestId('mint-submit').click();
  await expect(page.getByTestId('minted-token-value')).toHaveValue(JWT);
  state.playerToken = await page.getByTestId('minted-token-value').inputValue();
  expect(state.playerToken).not.toBe(state.scopedToken);
  expect(problems).toEqual([]);
});

test('the minted token works over HTTP inside its campaign, and after a revoke in the UI it gets 401', async ({ page }) => {
  const problems = collectPageProblems(page);
  const whoami = await rpc('auth.whoami', state.scopedToken);
  expect(whoami.status).toBe(200);
  expect(whoami.body).toMatchObject({ roles: ['story_master'], kind: 'token', tokenId: state.scopedTokenId });
  expect(Object.keys((whoami.body as { campaignAccess: Record<string, unknown> }).campaignAccess)).toEqual([state.campaignId]);
  // It is not an admin token: the token list is not for it.
  expect((await rpc('tokens.list', state.scopedToken, { includeInactive: false })).status).toBe(403);

  await openSettings(page);
  const row = tokenRow(page, state.scopedTokenId);
  await row.getByTestId('token-revoke').click();
  const confirm = page.getByTestId('token-revoke-confirm');
  await expect(confirm).toContainText('e2e story master');
  await expect(confirm).toContainText('cannot be undone');
  await expect(page.getByTestId('token-revoke-confirm-yes')).toBeFocused();
  // Escape backs out; nothing is revoked.
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(row).toHaveAttribute('data-status', 'active');

  await row.getByTestId('token-revoke').click();
  await screenshot(page, 'settings-token-revoke-confirm-light');
  // The screenshot took the focus away; give it back the way Tab would, then confirm from the keyboard.
  await page.getByTestId('token-revoke-confirm-yes').focus();
  await page.keyboard.press('Enter');
  // Active tokens only, by default: the revoked one leaves the list...
  await expect(row).toHaveCount(0);
  // ...and shows as revoked with the expired and revoked ones included.
  await page.getByTestId('tokens-include-inactive').check();
  await expect(row).toHaveAttribute('data-status', 'revoked');
  await expect(row.getByTestId('token-status')).toHaveText('revoked');
  await expect(row.getByTestId('token-revoke')).toHaveCount(0);

  const refused = await rpc('auth.whoami', state.scopedToken);
  expect(refused.status).toBe(401);
  expect(refused.body).toMatchObject({ error: { code: 'unauthenticated' } });
  expect(problems).toEqual([]);
});

test('sets the provider key through a password field, lists it as set from the keychain without its value, and deletes it', async ({
  page,
}) => {
  const problems = collectPageProblems(page);
  await openSettings(page, 'credentials');
  await expect(page.getByTestId('keychain-banner')).toHaveCount(0);
  const row = credentialRow(page, 'provider.apiKey');
  await expect(row).toHaveAttribute('data-set', 'false');
  await expect(row.getByTestId('credential-status')).toHaveText('not set');
  await expect(row.getByTestId('credential-delete')).toBeDisabled();

  await row.getByTestId('credential-edit').click();
  const input = row.getByTestId('credential-value');
  await expect(input).toBeFocused();
  await expect(input).toHaveAttribute('type', 'password');
  await expect(input).toHaveAttribute('autocomplete', 'off');
  await input.fill(SECRET);
  await screenshot(page, 'settings-credential-form-light');
  await row.getByTestId('credential-save').click();

  await expect(row).toHaveAttribute('data-set', 'true');
  await expect(row).toHaveAttribute('data-source', 'keychain');
  await expect(row.getByTestId('credential-status')).toHaveText('set');
  await expect(row.getByTestId('credential-source')).toHaveText('from the OS keychain');
  await expect(row.getByTestId('credential-done')).toHaveText('Saved to the OS keychain.');
  await expect(row.getByTestId('credential-form')).toHaveCount(0);
  expect(await page.content()).not.toContain(SECRET);
  // Not in any answer the page receives either.
  const listed = await page.evaluate(async () => {
    const token = sessionStorage.getItem('novel-console.token');
    const response = await fetch('/rpc/credentials.list', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    return response.text();
  });
  expect(listed).toContain('provider.apiKey');
  expect(listed).not.toContain(SECRET);
  await screenshotBothThemes(page, 'settings-credentials');

  // Replace opens the same form (empty: the old value is never shown); Escape closes it.
  await row.getByTestId('credential-edit').click();
  await expect(row.getByTestId('credential-value')).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(row.getByTestId('credential-form')).toHaveCount(0);

  await row.getByTestId('credential-delete').click();
  await expect(page.getByTestId('credential-delete-confirm')).toContainText('provider.apiKey');
  await page.getByTestId('credential-delete-confirm-yes').click();
  await expect(row).toHaveAttribute('data-set', 'false');
  await expect(row.getByTestId('credential-done')).toHaveText('Deleted from the OS keychain.');
  expect(problems).toEqual([]);
});

test('the audit log shows the mint, revoke and credential changes by the operator, verifies intact and exports JSONL', async ({ page }) => {
  const problems = collectPageProblems(page);
  await openSettings(page, 'audit');
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();

  for (const action of ['tokens.mint', 'tokens.revoke', 'credentials.set', 'credentials.delete']) {
    const entry = page.locator(`[data-testid="audit-row"][data-action="${action}"][data-outcome="ok"]`).first();
    await expect(entry).toBeVisible();
    await expect(entry).toHaveAttribute('data-actor', state.operator);
  }
  // The revoke names its token, the credential changes their credential.
  await expect(page.locator('[data-testid="audit-row"][data-action="tokens.revoke"]').first()).toContainText(state.scopedTokenId);
  await expect(page.locator('[data-testid="audit-row"][data-action="credentials.set"]').first()).toContainText('provider.apiKey');
  // Newest first.
  const seqs = await rows.evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-seq'))));
  expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  // No secret in the trail either.
  expect(await page.content()).not.toContain(SECRET);

  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('audit-verify-result');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('audit-verify-headline')).toHaveText(/^Intact: \d+ entr(y|ies)$/);
  await screenshotBothThemes(page, 'settings-audit');

  // Filters: only the mints.
  await page.getByTestId('audit-filter-action').fill('tokens.mint');
  await page.getByTestId('audit-filter-action').press('Enter');
  await expect(page.getByTestId('audit-range')).toContainText('matching the filters');
  await expect(rows).toHaveCount(2);
  const actions = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-action')));
  expect(new Set(actions)).toEqual(new Set(['tokens.mint']));
  expect(actions.length).toBe(2);
  await page.getByTestId('audit-filter-clear').click();
  await expect(page.getByTestId('audit-range')).not.toContainText('matching');

  // Export: every entry, oldest first, each with its hash and the previous one's.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^novel-console-audit-\d{8}-\d{6}\.jsonl$/);
  const lines = readFileSync((await download.path()) ?? '', 'utf8')
    .trimEnd()
    .split('\n');
  const entries = lines.map((line) => JSON.parse(line) as { seq: number; action: string; hash: string; prevHash: string });
  expect(entries.map((entry) => entry.seq)).toEqual([...entries.map((entry) => entry.seq)].sort((a, b) => a - b));
  for (const [index, entry] of entries.entries()) {
    expect(entry.hash).toMatch(/^[0-9a-f]{16,}$/);
    if (index > 0) expect(entry.prevHash).toBe(entries[index - 1]?.hash);
  }
  expect(entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['tokens.mint', 'tokens.revoke', 'credentials.set']));
  await expect(page.getByTestId('audit-export-done')).toContainText(`Exported ${entries.length}`);
  expect(problems).toEqual([]);
});

test('a player signed in with its token is told the settings require the admin role', async ({ page }) => {
  const problems = collectPageProblems(page, EXPECTED_HTTP_ERRORS);
  await page.addInitScript((token) => sessionStorage.setItem('novel-console.token', token), state.playerToken);
  await page.goto(`${server.url.replace(/\/$/, '')}/#/settings`);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  const notice = page.getByTestId('settings-admin-required');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('require the admin role');
  await expect(notice).toContainText('player');
  await expect(page.getByTestId('whoami-role')).toHaveText('player');
  await expect(page.getByTestId('mint-form')).toHaveCount(0);
  // A deep link to the audit view says the same.
  await page.goto(`${server.url.replace(/\/$/, '')}/#/settings/audit`);
  await expect(notice).toBeVisible();
  await screenshot(page, 'settings-admin-required-light');
  expect(problems).toEqual([]);
});

/**
 * Starts a second server with extra environment variables. startServe spawns before its first await,
 * so the child inherits them and this process's environment is restored straight after.
 */
function startServeWithEnvironment(variables: Record<string, string>): Promise<ServeProcess> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return startServe();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

test('without a keychain the credentials view names what is missing, keeps its controls off, and shows keys from the environment', async ({
  page,
}) => {
  const environmentKey = 'sk-env-Hq2-never-in-the-dom';
  const bare = await startServeWithEnvironment({
    // No Secret Service on this bus: keytar fails as on a server without a desktop session.
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/novel-console-e2e-bus',
    NOVEL_CONSOLE_JWT_SECRET: Buffer.alloc(32, 7).toString('base64url'),
    NOVEL_CONSOLE_LLM_API_KEY: environmentKey,
  });
  try {
    const problems = collectPageProblems(page);
    await page.goto(`${bare.loginUrl}#/settings/credentials`);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    const banner = page.getByTestId('keychain-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('cannot be set or deleted here');
    await expect(page.getByTestId('keychain-problem')).toHaveText(/\S{10,}/);

    const provider = credentialRow(page, 'provider.apiKey');
    await expect(provider).toHaveAttribute('data-source', 'environment');
    await expect(provider.getByTestId('credential-status')).toHaveText('set');
    await expect(provider.getByTestId('credential-source')).toHaveText('from the environment variable NOVEL_CONSOLE_LLM_API_KEY');
    await expect(provider.getByTestId('credential-edit')).toBeDisabled();
    await expect(provider.getByTestId('credential-delete')).toBeDisabled();
    await expect(credentialRow(page, 'auth.jwtSigningKey')).toHaveAttribute('data-source', 'environment');
    expect(await page.content()).not.toContain(environmentKey);
    await screenshotBothThemes(page, 'settings-credentials-no-keychain');
    expect(problems).toEqual([]);
  } finally {
    await bare.cleanup();
  }
});
