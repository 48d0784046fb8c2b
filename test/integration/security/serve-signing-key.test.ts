/**
 * Where `novel-console serve` gets its JWT signing key, through the built CLI: with no keychain and no
 * NOVEL_CONSOLE_JWT_SECRET it refuses to start its API in one line that names both fixes; with the
 * variable it serves and a token minted from the same secret is accepted; a malformed secret is refused.
 * Then the CLI's token commands: mint a scoped token, use it, revoke it from another process.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, type ServingCli, startServing } from '../../fixtures/cli-process';
import { tempDataDir } from '../../fixtures/temp-data-dir';

/** An environment in which no Secret Service can be reached. */
function withoutKeychain(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { DISPLAY: _display, WAYLAND_DISPLAY: _wayland, NOVEL_CONSOLE_JWT_SECRET: _secret, ...rest } = process.env;
  return { ...rest, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', ...extra };
}

const cleanups: (() => void)[] = [];
let serving: ServingCli | undefined;

beforeAll(() => assertBuilt());

afterEach(async () => {
  if (serving) {
    serving.child.kill('SIGTERM');
    await serving.exited;
    serving = undefined;
  }
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function dataDir(): string {
  const data = tempDataDir();
  cleanups.push(data.cleanup);
  return data.dir;
}

async function whoami(url: string, token: string) {
  const response = await fetch(`${url}/rpc/auth.whoami`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('novel-console serve and its signing key', () => {
  it('with neither a keychain nor NOVEL_CONSOLE_JWT_SECRET, refuses to start in one line naming both fixes', () => {
    const result = runCli(['serve', '--port', '0', '--data-dir', dataDir()], withoutKeychain());
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^novel-console: no JWT signing key: .*keychain.*NOVEL_CONSOLE_JWT_SECRET/);
    expect(result.stdout).not.toContain('listening on');
  });

  it('refuses a secret that is not base64url of at least 32 bytes', () => {
    const result = runCli(['serve', '--port', '0', '--data-dir', dataDir()], withoutKeychain({ NOVEL_CONSOLE_JWT_SECRET: 'short' }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^novel-console: the JWT signing key is not base64url of at least 32 bytes/);
  });

  it('serves with NOVEL_CONSOLE_JWT_SECRET, and a token minted by the CLI from the same secret works until revoked', async () => {
    const env = withoutKeychain({ NOVEL_CONSOLE_JWT_SECRET: randomBytes(32).toString('base64url') });
    const dir = dataDir();
    serving = await startServing(['serve', '--port', '0', '--data-dir', dir], env);
    expect((await whoami(serving.url, serving.token)).status).toBe(200);

    const minted = runCli(
      ['token', 'mint', '--role', 'story_master', '--campaign', 'ashfall-crossing', '--ttl', '1h', '--label', 'ci bot', '--data-dir', dir],
      env,
    );
    expect(minted.code).toBe(0);
    expect(minted.stderr).toMatch(/minted \S+ +active +story_master +campaign ashfall-crossing/);
    const token = minted.stdout.trim();
    const me = await whoami(serving.url, token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: 'ci-bot', roles: ['story_master'], campaignAccess: { 'ashfall-crossing': expect.any(Array) } });

    const id = /^minted (\S+)/.exec(minted.stderr)?.[1] as string;
    const listed = runCli(['token', 'list', '--data-dir', dir], env);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(token);

    expect(runCli(['token', 'revoke', id, '--data-dir', dir], env).stdout).toMatch(/^revoked /);
    // The server notices a revocation written by another process within about a second.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const refused = await whoami(serving.url, token);
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).toContain('revoked');
  });

  it('token mint refuses an unknown role and a lifetime beyond a year, naming what is allowed', () => {
    const env = withoutKeychain({ NOVEL_CONSOLE_JWT_SECRET: randomBytes(32).toString('base64url') });
    const dir = dataDir();
    const role = runCli(['token', 'mint', '--role', 'root', '--data-dir', dir], env);
    expect(role.code).not.toBe(0);
    expect(role.stderr).toMatch(/Allowed choices are player, story_master, developer, admin/);
    const ttl = runCli(['token', 'mint', '--role', 'player', '--ttl', '400d', '--data-dir', dir], env);
    expect(ttl.code).not.toBe(0);
    expect(ttl.stderr).toMatch(/at most 365d/);
  });
});
