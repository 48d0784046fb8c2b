/**
 * Credentials in the OS keychain (SPEC section 4, issue 5 item 6) against a real gnome-keyring over a real
 * D-Bus session (run under `dbus-run-session` with an unlocked keyring, as .ci/run does). What the store
 * writes is read back with `secret-tool`, an independent Secret Service client; with the keychain
 * unreachable the store says what is missing in one sentence, refuses to store, and no byte of the
 * secret lands in any file under the data dir.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureInstance } from '../../../src-main/engine/db/instance';
import { createHost } from '../../../src-main/engine/host';
import { createFileLogger, silentLogger } from '../../../src-main/engine/logger';
import { storeCredentialSource } from '../../../src-main/engine/orchestrator/providers/credential-source';
import { OpenAiCompatibleProvider } from '../../../src-main/engine/orchestrator/providers/openai-compatible';
import { createRpc, type HandlerTable, type Rpc } from '../../../src-main/engine/rpc';
import { createCredentialHandlers } from '../../../src-main/engine/security/credential-handlers';
import type { CredentialStore } from '../../../src-main/engine/security/credentials';
import { createKeychainCredentialStore, KEYCHAIN_SERVICE } from '../../../src-main/engine/security/keychain-credentials';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';
import { briefRequest, harbourWorld, neverAborted } from '../../unit/providers/fixtures';

const ROOT = resolve(import.meta.dirname, '../../..');
const admin = identityForRole('keychain-test', 'admin');

/** What `secret-tool lookup` (libsecret's own CLI) finds for an account, or null when nothing is stored. */
function secretToolLookup(account: string): string | null {
  const result = spawnSync('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'account', account], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return result.status === 0 ? result.stdout : null;
}

function plantedSecret(): string {
  return `planted-${randomBytes(18).toString('base64url')}`;
}

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Files whose bytes contain the secret as UTF-8, UTF-16 or base64. */
function filesContaining(dir: string, secret: string): string[] {
  const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64'))];
  return filesUnder(dir).filter((file) => {
    const bytes = readFileSync(file);
    return needles.some((needle) => bytes.includes(needle));
  });
}

const stores: { store: CredentialStore; names: string[] }[] = [];

function keychainStore(env: NodeJS.ProcessEnv = {}, instanceId = randomUUID()) {
  const store = createKeychainCredentialStore({ instanceId, env });
  stores.push({ store, names: ['provider.apiKey', 'auth.jwtSigningKey', 'channel.slack-ops.secret'] });
  return { store, instanceId };
}

beforeAll(async () => {
  const status = await createKeychainCredentialStore({ instanceId: 'preflight', env: {} }).status();
  if (!status.available) {
    throw new Error(
      `these tests need a Secret Service: run them as .ci/run does, under dbus-run-session with an unlocked gnome-keyring (${status.problem})`,
    );
  }
});

afterEach(async () => {
  // Leave the test keyring as found: every account a test may have written is removed.
  for (const { store, names } of stores.splice(0)) for (const name of names) await store.delete(name).catch(() => undefined);
});

describe('the keychain credential store with a working Secret Service', () => {
  it('stores a secret that an independent client (secret-tool) finds, replaces it and deletes it', async () => {
    const { store, instanceId } = keychainStore();
    const account = `${instanceId}/provider.apiKey`;
    const first = plantedSecret();

    const info = await store.set('provider.apiKey', first);
    expect(info).toMatchObject({ name: 'provider.apiKey', set: true, source: 'keychain' });
    expect(secretToolLookup(account)).toBe(first);
    expect(await store.get('provider.apiKey')).toBe(first);

    const second = plantedSecret();
    await store.set('provider.apiKey', second);
    expect(secretToolLookup(account)).toBe(second);
    expect(await store.get('provider.apiKey')).toBe(second);

    const removed = await store.delete('provider.apiKey');
    expect(removed).toMatchObject({ deleted: true, credential: { set: false, source: null } });
    expect(secretToolLookup(account)).toBeNull();
    expect(await store.get('provider.apiKey')).toBeUndefined();
    expect((await store.delete('provider.apiKey')).deleted).toBe(false);
  });

  it('lists which secrets are set and where from, never their values, and only for its own data dir', async () => {
    const { store } = keychainStore();
    const { store: otherDataDir } = keychainStore();
    const apiKey = plantedSecret();
    const channelSecret = plantedSecret();
    await store.set('provider.apiKey', apiKey);
    await store.set('channel.slack-ops.secret', channelSecret);
    const foreign = plantedSecret();
    await otherDataDir.set('auth.jwtSigningKey', foreign);

    const list = await store.list();
    expect(list.keychainAvailable).toBe(true);
    expect(list.keychainProblem).toBeNull();
    expect(list.credentials).toEqual([
      expect.objectContaining({ name: 'provider.apiKey', set: true, source: 'keychain', environmentVariable: 'NOVEL_CONSOLE_LLM_API_KEY' }),
      expect.objectContaining({ name: 'auth.jwtSigningKey', set: false, source: null, environmentVariable: 'NOVEL_CONSOLE_JWT_SECRET' }),
      expect.objectContaining({ name: 'channel.slack-ops.secret', set: true, source: 'keychain', environmentVariable: null }),
    ]);
    const text = JSON.stringify(list);
    for (const value of [apiKey, channelSecret, foreign]) expect(text).not.toContain(value);
    // Another data dir's secret is neither listed as set nor readable here.
    expect(await store.get('auth.jwtSigningKey')).toBeUndefined();
    expect(await otherDataDir.get('auth.jwtSigningKey')).toBe(foreign);
  });

  it('reports an environment fallback as source environment, and prefers the keychain when both are set', async () => {
    const fromEnv = plantedSecret();
    const { store } = keychainStore({ NOVEL_CONSOLE_JWT_SECRET: fromEnv });
    const listed = (await store.list()).credentials.find((c) => c.name === 'auth.jwtSigningKey');
    expect(listed).toMatchObject({ set: true, source: 'environment' });
    expect(await store.get('auth.jwtSigningKey')).toBe(fromEnv);

    const fromKeychain = plantedSecret();
    expect(await store.set('auth.jwtSigningKey', fromKeychain)).toMatchObject({ source: 'keychain' });
    expect(await store.get('auth.jwtSigningKey')).toBe(fromKeychain);

    const { credential } = await store.delete('auth.jwtSigningKey');
    expect(credential).toMatchObject({ set: true, source: 'environment' });
    expect(await store.get('auth.jwtSigningKey')).toBe(fromEnv);
  });

  it('refuses names that are not credentials of the console', async () => {
    const { store } = keychainStore();
    await expect(store.set('../../etc/passwd' as never, 'x')).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(store.set('channel.slack-ops.secret', '')).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('serves the credentials channels through the rpc: set, list without values, delete', async () => {
    const { store, instanceId } = keychainStore();
    const rpc = createRpc({ handlers: createCredentialHandlers(store) as HandlerTable, logger: silentLogger() });
    const secret = plantedSecret();
    const { credential } = await rpc.invoke('credentials.set', { name: 'channel.pager.secret', value: secret }, admin);
    stores.push({ store, names: ['channel.pager.secret'] });
    expect(credential).toMatchObject({ name: 'channel.pager.secret', source: 'keychain' });
    expect(secretToolLookup(`${instanceId}/channel.pager.secret`)).toBe(secret);
    const listed = await rpc.invoke('credentials.list', {}, admin);
    expect(listed.credentials.map((c) => c.name)).toContain('channel.pager.secret');
    expect(JSON.stringify(listed)).not.toContain(secret);
    await expect(
      rpc.invoke('credentials.set', { name: 'provider.apiKey', value: 'x' }, identityForRole('sm', 'story_master')),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(await rpc.invoke('credentials.delete', { name: 'channel.pager.secret' }, admin)).toMatchObject({ deleted: true });
    expect(secretToolLookup(`${instanceId}/channel.pager.secret`)).toBeNull();
  });
});

describe('the provider reads its key through the store', () => {
  let server: Server;
  let baseUrl: string;
  const authorizations: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      authorizations.push(request.headers.authorization);
      request.resume().on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            model: 'm',
            choices: [{ message: { role: 'assistant', content: 'Mira Sol watches the Lighthouse and waits for the storm to break.' } }],
            usage: { prompt_tokens: 10, completion_tokens: 12 },
          }),
        );
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('sends the keychain key, and a replaced key on the very next call without a restart', async () => {
    const fromEnv = plantedSecret();
    const { store } = keychainStore({ NOVEL_CONSOLE_LLM_API_KEY: fromEnv });
    const source = storeCredentialSource(store);
    expect(source.description).toContain('OS keychain');
    const provider = new OpenAiCompatibleProvider({ baseUrl, maxRetries: 0 }, { credentials: source });
    const request = briefRequest(harbourWorld(), 'mira');

    await provider.complete(request, neverAborted());
    const first = plantedSecret();
    await store.set('provider.apiKey', first);
    await provider.complete(request, neverAborted());
    const second = plantedSecret();
    await store.set('provider.apiKey', second);
    await provider.complete(request, neverAborted());

    expect(authorizations.slice(-3)).toEqual([`Bearer ${fromEnv}`, `Bearer ${first}`, `Bearer ${second}`]);
  });
});

describe('no secret on disk', () => {
  it('leaves a planted secret in no file under the data dir after a host ran with a working keychain', async () => {
    const data = tempDataDir();
    try {
      const fileLog = await createFileLogger({ dataDir: data.dir, level: 'trace' });
      const host = createHost({ dataDir: data.dir, face: 'cli', logger: fileLog.logger, telemetry: { recorder: { enabled: false } } });
      const { instanceId } = ensureInstance(host.db, 'keychain test');
      const store = createKeychainCredentialStore({ instanceId, env: {}, logger: fileLog.logger });
      stores.push({ store, names: ['provider.apiKey', 'auth.jwtSigningKey'] });
      const rpc = await credentialsRpc(host.rpc, store, fileLog.logger);
      const secret = plantedSecret();

      await rpc.invoke('credentials.set', { name: 'provider.apiKey', value: secret }, admin);
      expect(secretToolLookup(`${instanceId}/provider.apiKey`)).toBe(secret);
      expect(await store.get('provider.apiKey')).toBe(secret);
      await rpc.invoke('credentials.list', {}, admin);
      // The engine working as usual around it: a turn stored, traced and logged.
      const { turnId } = await host.rpc.invoke('turns.run', { campaignId: 'ashfall-crossing', configuration: { seed: 7 } }, admin);
      while ((await host.rpc.invoke('turns.get', { turnId }, admin)).turn.status === 'running') await new Promise((r) => setTimeout(r, 10));
      await host.close();
      await fileLog.close();

      const files = filesUnder(data.dir);
      expect(files.some((file) => file.endsWith('.db'))).toBe(true);
      expect(files.some((file) => file.includes('/logs/'))).toBe(true);
      expect(filesContaining(data.dir, secret)).toEqual([]);
    } finally {
      data.cleanup();
    }
  }, 30_000);

  /**
   * The child runs keychain-unreachable.child.ts through Vite's module loader (the engine uses Vite's
   * import.meta.glob for its migrations), in a process whose D-Bus session cannot be reached.
   */
  const CHILD = `
    const { createServer } = await import('vite');
    const server = await createServer({
      configFile: false,
      logLevel: 'silent',
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    try {
      const child = await server.ssrLoadModule(${JSON.stringify(join(import.meta.dirname, 'keychain-unreachable.child.ts'))});
      process.stdout.write(await child.run(process.env.TEST_DATA_DIR, process.env.TEST_PLANTED_SECRET));
    } finally {
      await server.close();
    }
  `;

  it.each([
    ['a session bus address that leads nowhere', { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }],
    ['no session bus and no X11 display', { DBUS_SESSION_BUS_ADDRESS: undefined }],
  ])(
    'with %s: unavailable in one sentence naming the fix, set refused, and the secret in no file',
    (_label, bus) => {
      const data = tempDataDir();
      try {
        const secret = plantedSecret();
        const fromEnv = plantedSecret();
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          ...bus,
          TEST_DATA_DIR: data.dir,
          TEST_PLANTED_SECRET: secret,
          NOVEL_CONSOLE_LLM_API_KEY: fromEnv,
        };
        delete env.DISPLAY;
        delete env.WAYLAND_DISPLAY;
        if (bus.DBUS_SESSION_BUS_ADDRESS === undefined) delete env.DBUS_SESSION_BUS_ADDRESS;
        const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD], {
          cwd: ROOT,
          env,
          encoding: 'utf8',
          timeout: 25_000,
        });
        expect(child.status, child.stderr).toBe(0);
        const result = JSON.parse(child.stdout);

        expect(result.status.available).toBe(false);
        const problem: string = result.status.problem;
        // One sentence: no line break, no second sentence; it names what is missing and the ways out.
        expect(problem).not.toMatch(/\n|\.\s+[A-Z]/);
        expect(problem).toMatch(/^keychain unavailable: no D-Bus session bus/);
        expect(problem).toMatch(/gnome-keyring or KWallet/);
        expect(problem).toContain('NOVEL_CONSOLE_LLM_API_KEY');
        for (const refused of [result.storeSet, result.rpcSet, result.storeDelete]) {
          expect(refused).toEqual({ code: 'unavailable', message: problem });
        }
        expect(result.list).toMatchObject({ keychainAvailable: false, keychainProblem: problem });
        // A headless server still gets its key from the environment.
        expect(result.apiKey).toBe(fromEnv);
        expect(result.list.credentials[0]).toMatchObject({ name: 'provider.apiKey', set: true, source: 'environment' });

        const files = filesUnder(data.dir);
        expect(files.some((file) => file.endsWith('.db'))).toBe(true);
        expect(files.some((file) => file.includes('/logs/'))).toBe(true);
        expect(filesContaining(data.dir, secret)).toEqual([]);
      } finally {
        data.cleanup();
      }
    },
    30_000,
  );

  it('with a locked keyring: set refused in one sentence saying to unlock it, and the secret in no file', () => {
    const data = tempDataDir();
    try {
      const secret = plantedSecret();
      const env: NodeJS.ProcessEnv = { ...process.env, TEST_DATA_DIR: data.dir, TEST_PLANTED_SECRET: secret };
      delete env.DISPLAY;
      delete env.WAYLAND_DISPLAY;
      delete env.NOVEL_CONSOLE_LLM_API_KEY;
      // A D-Bus session of its own: gnome-keyring starts on demand with its login keyring locked, and
      // with no display it cannot prompt for the password.
      const child = spawnSync('dbus-run-session', ['--', process.execPath, '--input-type=module', '-e', CHILD], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 25_000,
      });
      expect(child.status, child.stderr).toBe(0);
      const result = JSON.parse(child.stdout.slice(child.stdout.indexOf('{')));
      expect(result.storeSet.code).toBe('unavailable');
      const problem: string = result.storeSet.message;
      expect(problem).not.toMatch(/\n|\.\s+[A-Z]/);
      expect(problem).toMatch(/^keychain unavailable: the keyring is locked .*unlock your login keyring/);
      expect(result.rpcSet).toEqual({ code: 'unavailable', message: problem });
      expect(result.statusAfter).toEqual({ available: false, problem });
      expect(result.apiKey).toBeNull();
      expect(filesContaining(data.dir, secret)).toEqual([]);
    } finally {
      data.cleanup();
    }
  }, 30_000);
});

/** The host's own credentials channels once it serves them; until then the same handlers over a fresh rpc. */
async function credentialsRpc(hostRpc: Rpc, store: CredentialStore, logger: Parameters<typeof createRpc>[0]['logger']): Promise<Rpc> {
  try {
    await hostRpc.invoke('credentials.list', {}, admin);
    return hostRpc;
  } catch {
    return createRpc({ handlers: createCredentialHandlers(store) as HandlerTable, logger });
  }
}
