/**
 * The JWT attack matrix over real HTTP: every forged, stale, foreign or damaged token is a 401 whose
 * reason is counted in authentication_failures_total — and a valid one still gets in (HS256 minted here,
 * EdDSA from a configured external issuer). The signing secret comes from NOVEL_CONSOLE_JWT_SECRET so the
 * test can forge tokens with the right key; the keychain has no entry for this fresh instance.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, DATABASE_FILE, type Host } from '../../../src-main/engine/host';
import { MAX_TOKEN_BYTES } from '../../../src-main/engine/security/token-service';
import { type RunningServer, startServer } from '../../../src-main/server/serve';
import { identityForRole, permissionsOfRoles } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const SECRET = randomBytes(32);
const ed25519 = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const edPublicPem = ed25519.publicKey.export({ type: 'spki', format: 'pem' }).toString();

let host: Host;
let server: RunningServer;
let dataDir: string;
let cleanup: () => void;

beforeAll(async () => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  dataDir = data.dir;
  host = createHost({
    dataDir: data.dir,
    face: 'headless',
    telemetry: { recorder: { enabled: false } },
    env: { NOVEL_CONSOLE_JWT_SECRET: SECRET.toString('base64url'), NOVEL_CONSOLE_JWT_PUBLIC_KEY: edPublicPem },
  });
  server = await startServer({ host, port: 0, staticDir: null, rateLimit: 0 });
});

afterAll(async () => {
  await server.close();
  await host.close();
  cleanup();
});

const nowS = () => Math.floor(Date.now() / 1000);

function claims(overrides: Record<string, unknown> = {}) {
  return { sub: 'mallory', roles: ['player'], permissions: permissionsOfRoles(['player']), jti: `jti-${Math.random()}`, ...overrides };
}

/** A token signed like ours (HS256, our secret, right aud/iss, valid for an hour) unless told otherwise. */
async function forge(options: {
  payload?: Record<string, unknown>;
  key?: Uint8Array | Parameters<SignJWT['sign']>[0];
  alg?: string;
  aud?: string;
  iss?: string;
  iat?: number;
  nbf?: number;
  exp?: number;
}): Promise<string> {
  const issued = options.iat ?? nowS();
  return new SignJWT(options.payload ?? claims())
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setIssuedAt(issued)
    .setNotBefore(options.nbf ?? issued)
    .setExpirationTime(options.exp ?? issued + 3600)
    .setAudience(options.aud ?? 'novel-engine')
    .setIssuer(options.iss ?? 'novel-engine-auth')
    .sign(options.key ?? SECRET);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function whoami(authorization?: string) {
  const response = await fetch(`${server.url}/rpc/auth.whoami`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: '{}',
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string }; userId?: string } };
}

async function failures(): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^authentication_failures_total\{reason="([a-z_]+)"\} (\d+)/gm)) {
    counts.set(match[1] as string, Number(match[2]));
  }
  return counts;
}

async function expectRefused(authorization: string | undefined, reason: string, message: RegExp) {
  const before = (await failures()).get(reason) ?? 0;
  const answer = await whoami(authorization);
  expect(answer.status).toBe(401);
  expect(answer.body.error?.code).toBe('unauthenticated');
  expect(answer.body.error?.message).toMatch(message);
  expect((await failures()).get(reason)).toBe(before + 1);
}

describe('JWT attack matrix: each forged or damaged token is a 401 with its reason', () => {
  it('a token minted here gets in (the control case)', async () => {
    const { token } = await host.services.tokens.mint({ role: 'developer', ttlS: 600 }, 'test');
    const answer = await whoami(`Bearer ${token}`);
    expect(answer.status).toBe(200);
    expect(answer.body.userId).toBe('developer');
  });

  it('no token', async () => {
    await expectRefused(undefined, 'missing_token', /missing bearer token/);
  });

  it('malformed: not a JWT, a two-part token, another scheme', async () => {
    await expectRefused('Bearer not-a-jwt', 'malformed_token', /not a well-formed JWT/);
    await expectRefused('Bearer eyJhbGciOiJIUzI1NiJ9.e30', 'malformed_token', /not a well-formed JWT/);
    await expectRefused(`Basic ${Buffer.from('admin:admin').toString('base64')}`, 'malformed_token', /not a well-formed JWT/);
  });

  it('alg none (unsigned) is refused', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims({ roles: ['admin'] }), aud: 'novel-engine', iss: 'novel-engine-auth', exp: nowS() + 600 })}.`;
    await expectRefused(`Bearer ${unsigned}`, 'algorithm_not_allowed', /algorithm/);
  });

  it('HS256 signed with a different key', async () => {
    await expectRefused(`Bearer ${await forge({ key: randomBytes(32) })}`, 'bad_signature', /signature/);
  });

  it('RS/HS confusion: HS256 keyed with a public key, and RS256 outright', async () => {
    // The classic confusion: the attacker HMACs with the (public) verification key as the secret.
    const pem = new TextEncoder().encode(edPublicPem);
    await expectRefused(`Bearer ${await forge({ key: pem, payload: claims({ roles: ['admin'] }) })}`, 'bad_signature', /signature/);
    await expectRefused(`Bearer ${await forge({ alg: 'RS256', key: rsa.privateKey })}`, 'algorithm_not_allowed', /algorithm/);
  });

  it('expired, beyond the clock tolerance', async () => {
    await expectRefused(`Bearer ${await forge({ iat: nowS() - 7200, exp: nowS() - 120 })}`, 'expired_token', /expired/);
  });

  it('not yet valid (nbf in the future)', async () => {
    await expectRefused(`Bearer ${await forge({ nbf: nowS() + 600 })}`, 'not_yet_valid', /not valid yet/);
  });

  it('wrong audience and wrong issuer', async () => {
    await expectRefused(`Bearer ${await forge({ aud: 'someone-else' })}`, 'wrong_audience', /not meant for this service/);
    await expectRefused(`Bearer ${await forge({ iss: 'evil-auth' })}`, 'wrong_issuer', /not issued by/);
  });

  it('tampered payload: a player token rewritten to admin keeps its old signature', async () => {
    const { token } = await host.services.tokens.mint({ role: 'player', ttlS: 600 }, 'test');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${b64({ ...decoded, roles: ['admin'], permissions: permissionsOfRoles(['admin']) })}.${signature}`;
    await expectRefused(`Bearer ${tampered}`, 'bad_signature', /signature/);
  });

  it('oversized token', async () => {
    const padded = await forge({ payload: claims({ padding: 'x'.repeat(MAX_TOKEN_BYTES) }) });
    expect(padded.length).toBeGreaterThan(MAX_TOKEN_BYTES);
    await expectRefused(`Bearer ${padded}`, 'oversized_token', /larger than/);
  });

  it('missing required claims (no roles)', async () => {
    await expectRefused(`Bearer ${await forge({ payload: { sub: 'x', jti: 'j-1' } })}`, 'invalid_claims', /claims/);
  });

  it('revoked: a token that worked (and sits in the cache) is refused once revoked', async () => {
    const { token, info } = await host.services.tokens.mint({ role: 'story_master', ttlS: 600 }, 'test');
    expect((await whoami(`Bearer ${token}`)).status).toBe(200);
    const revoke = await fetch(`${server.url}/rpc/tokens.revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.accessToken}` },
      body: JSON.stringify({ tokenId: info.id }),
    });
    expect(revoke.status).toBe(200);
    await expectRefused(`Bearer ${token}`, 'revoked_token', /revoked/);
  });

  it('revoked by another process (the CLI writes the database): refused within about a second', async () => {
    const { token, info } = await host.services.tokens.mint({ role: 'story_master', ttlS: 600 }, 'test');
    expect((await whoami(`Bearer ${token}`)).status).toBe(200);
    const other = new Database(`${dataDir}/${DATABASE_FILE}`);
    other.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE jti = ?').run(new Date().toISOString(), info.id);
    other.close();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expectRefused(`Bearer ${token}`, 'revoked_token', /revoked/);
  });

  it('EdDSA from the configured external issuer is accepted; signed by another Ed25519 key it is not', async () => {
    const good = await forge({ alg: 'EdDSA', key: ed25519.privateKey, payload: claims({ sub: 'sso-user', roles: ['developer'] }) });
    const answer = await whoami(`Bearer ${good}`);
    expect(answer.status).toBe(200);
    expect(answer.body.userId).toBe('sso-user');
    const stranger = generateKeyPairSync('ed25519');
    await expectRefused(`Bearer ${await forge({ alg: 'EdDSA', key: stranger.privateKey })}`, 'bad_signature', /signature/);
  });

  it('a refusal is recorded as an error span naming the reason, and never as an audit entry', async () => {
    await host.services.tracing?.flush();
    const admin = identityOfAdmin();
    const found = await host.rpc.invoke('traces.search', { spanName: 'api.auth.whoami', status: 'error', limit: 50 }, admin);
    expect(found.total).toBeGreaterThan(0);
    const reasons = new Set<string>();
    for (const summary of found.traces) {
      const trace = await host.rpc.invoke('traces.get', { traceId: summary.traceId }, admin);
      for (const span of trace.spans)
        if (typeof span.attributes['authn.failure'] === 'string') reasons.add(span.attributes['authn.failure']);
    }
    expect([...reasons]).toEqual(expect.arrayContaining(['missing_token', 'bad_signature', 'revoked_token']));
    // tokens.revoke by the admin is audited; no refused request ever is.
    const { entries } = host.services.audit.list({ limit: 1000, offset: 0 });
    expect(entries.some((entry) => entry.action === 'tokens.revoke' && entry.outcome === 'ok')).toBe(true);
    expect(entries.every((entry) => entry.actor !== 'mallory')).toBe(true);
  });
});

function identityOfAdmin() {
  return identityForRole('test-admin', 'admin');
}
