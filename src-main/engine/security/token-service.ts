/**
 * JWTs (jose) for every HTTP caller (SPEC section 4): minted here for a role and an optional campaign,
 * verified with an algorithm allow-list (HS256 with our key; EdDSA when an external issuer's public key
 * is configured), aud "novel-engine", iss "novel-engine-auth", exp/nbf with a small tolerance, a size
 * limit and revocation by jti. A verified token is cached until it expires, so a request pays a map
 * lookup instead of an HMAC verify (~160 µs here). The signing key lives in the OS keychain, generated
 * on first use; `NOVEL_CONSOLE_JWT_SECRET` supplies it where there is no keychain.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeProtectedHeader, importSPKI, type JWTPayload, type JWTVerifyGetKey, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { MAX_TTL_S, type TokenInfo } from '../../../src-shared/domain/security';
import { ContractError } from '../../../src-shared/errors';
import { type Identity, PERMISSIONS, permissionsOfRoles, ROLES, type Role } from '../../../src-shared/rbac';
import type { Db } from '../db/database';
import type { CredentialStore } from './credentials';

export const TOKEN_AUDIENCE = 'novel-engine';
export const TOKEN_ISSUER = 'novel-engine-auth';
/** Larger bearer tokens are refused before any parsing. */
export const MAX_TOKEN_BYTES = 8192;
/** Clock skew accepted on exp and nbf. */
export const CLOCK_TOLERANCE_S = 30;
export const LOGIN_TTL_S = 15 * 60;
export const SESSION_TTL_S = 12 * 3600;
export const SECRET_VARIABLE = 'NOVEL_CONSOLE_JWT_SECRET';
export const PUBLIC_KEY_VARIABLE = 'NOVEL_CONSOLE_JWT_PUBLIC_KEY';
const MIN_SECRET_BYTES = 32;
const CACHE_LIMIT = 10_000;
/** How often revocations made by another process (the CLI) are looked for. */
const REVOCATION_POLL_MS = 1000;

/** Why a token was refused: the `reason` label of authentication_failures_total. */
export const AUTH_FAILURE_REASONS = [
  'missing_token',
  'malformed_token',
  'oversized_token',
  'algorithm_not_allowed',
  'bad_signature',
  'expired_token',
  'not_yet_valid',
  'wrong_audience',
  'wrong_issuer',
  'invalid_claims',
  'revoked_token',
  'no_signing_key',
] as const;
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

const REASON_TEXT: Record<AuthFailureReason, string> = {
  missing_token: 'missing bearer token: send Authorization: Bearer <token> (the login URL of novel-console serve carries one)',
  malformed_token: 'the bearer token is not a well-formed JWT',
  oversized_token: `the bearer token is larger than ${MAX_TOKEN_BYTES} bytes`,
  algorithm_not_allowed: 'the token is signed with an algorithm this console does not accept',
  bad_signature: 'the token signature does not verify',
  expired_token: 'the token has expired: ask an admin for a new one',
  not_yet_valid: 'the token is not valid yet (nbf is in the future)',
  wrong_audience: `the token is not meant for this service (aud must be "${TOKEN_AUDIENCE}")`,
  wrong_issuer: `the token was not issued by "${TOKEN_ISSUER}"`,
  invalid_claims: 'the token lacks required claims (sub, roles, jti, exp) or carries invalid ones',
  revoked_token: 'the token has been revoked',
  no_signing_key: 'the console has no signing key, so it accepts no tokens',
};

/** A refused token: 401 with a reason label. */
export class AuthenticationError extends ContractError {
  readonly reason: AuthFailureReason;
  constructor(reason: AuthFailureReason) {
    super('unauthenticated', REASON_TEXT[reason]);
    this.reason = reason;
  }
}

/** The server cannot accept tokens: no keychain and no environment secret (one line, names the fix). */
export class SigningKeyUnavailableError extends Error {}

const Claims = z.object({
  sub: z.string().min(1).max(200),
  jti: z.string().min(1).max(200),
  exp: z.number(),
  iat: z.number().optional(),
  username: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).optional(),
  campaign_access: z.record(z.string().min(1).max(200), z.array(z.enum(PERMISSIONS))).optional(),
  token_kind: z.enum(['api', 'login', 'session']).optional(),
});

export interface MintRequest {
  role: Role;
  campaignId?: string | undefined;
  ttlS: number;
  label?: string;
  subject?: string | undefined;
  kind?: TokenInfo['kind'];
}

interface CachedIdentity {
  identity: Identity;
  /** When the token stops being accepted (exp + tolerance), ms. */
  untilMs: number;
}

export interface TokenServiceOptions {
  db: Db;
  credentials: CredentialStore;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

type TokenRow = {
  jti: string;
  kind: TokenInfo['kind'];
  subject: string;
  role: Role;
  campaign_id: string | null;
  label: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
};

export function createTokenService(options: TokenServiceOptions) {
  const { db, credentials } = options;
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CachedIdentity>();
  const revoked = new Set<string>();
  let secret: Uint8Array | undefined;
  let publicKey: Awaited<ReturnType<typeof importSPKI>> | undefined;
  let loading: Promise<void> | undefined;
  let dataVersion = -1;
  let polledAtMs = 0;

  const s = {
    insert: db.prepare(
      `INSERT INTO auth_tokens (jti, kind, subject, role, campaign_id, label, created_by, created_at, expires_at)
       VALUES (@jti, @kind, @subject, @role, @campaignId, @label, @createdBy, @createdAt, @expiresAt)`,
    ),
    get: db.prepare('SELECT * FROM auth_tokens WHERE jti = ?'),
    listActive: db.prepare('SELECT * FROM auth_tokens WHERE revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT 1000'),
    listAll: db.prepare('SELECT * FROM auth_tokens ORDER BY created_at DESC LIMIT 1000'),
    revoke: db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE jti = ? AND revoked_at IS NULL'),
    revokeForeign: db.prepare('INSERT OR IGNORE INTO auth_revocations (jti, revoked_at, expires_at) VALUES (?, ?, ?)'),
    revokedIds: db.prepare(
      'SELECT jti FROM auth_tokens WHERE revoked_at IS NOT NULL AND expires_at > @now UNION SELECT jti FROM auth_revocations',
    ),
  };

  /** Revocations made by another connection (e.g. `novel-console token revoke`) are picked up within a second. */
  function refreshRevocations(): void {
    const nowMs = now();
    if (nowMs - polledAtMs < REVOCATION_POLL_MS) return;
    polledAtMs = nowMs;
    const version = db.pragma('data_version', { simple: true }) as number;
    if (version === dataVersion) return;
    dataVersion = version;
    const rows = s.revokedIds.all({ now: new Date(nowMs - CLOCK_TOLERANCE_S * 1000).toISOString() }) as { jti: string }[];
    for (const { jti } of rows) {
      if (!revoked.has(jti)) revoked.add(jti);
    }
  }

  async function loadKeys(): Promise<void> {
    let value = await credentials.get('auth.jwtSigningKey');
    if (value === undefined) {
      const status = await credentials.status();
      if (!status.available) {
        const problem = status.problem ?? 'the OS keychain is unavailable';
        // The keychain's own sentence may already name the variable; say it once either way.
        throw new SigningKeyUnavailableError(
          problem.includes(SECRET_VARIABLE)
            ? `no JWT signing key: ${problem} (${SECRET_VARIABLE}: base64url, at least ${MIN_SECRET_BYTES} bytes)`
            : `no JWT signing key: ${problem}; or set ${SECRET_VARIABLE} to a base64url secret of at least ${MIN_SECRET_BYTES} bytes`,
        );
      }
      value = randomBytes(MIN_SECRET_BYTES).toString('base64url');
      await credentials.set('auth.jwtSigningKey', value);
    }
    const bytes = Buffer.from(value.trim(), 'base64url');
    if (bytes.length < MIN_SECRET_BYTES || !/^[A-Za-z0-9_-]+={0,2}$/.test(value.trim())) {
      throw new SigningKeyUnavailableError(
        `the JWT signing key is not base64url of at least ${MIN_SECRET_BYTES} bytes: fix ${SECRET_VARIABLE}`,
      );
    }
    secret = new Uint8Array(bytes);
    const pem = env[PUBLIC_KEY_VARIABLE]?.trim();
    if (pem) {
      try {
        publicKey = await importSPKI(pem, 'EdDSA');
      } catch (error) {
        throw new SigningKeyUnavailableError(
          `${PUBLIC_KEY_VARIABLE} is not an Ed25519 public key in PEM (SPKI): ${(error as Error).message}`,
        );
      }
    }
    refreshRevocations();
  }

  /** Loads (or on first run generates) the signing key; rejects with a one-line reason when it cannot. */
  function init(): Promise<void> {
    loading ??= loadKeys().catch((error) => {
      loading = undefined;
      throw error;
    });
    return loading;
  }

  async function key(): Promise<Uint8Array> {
    await init().catch((error: Error) => {
      throw new ContractError('unavailable', error.message);
    });
    return secret as Uint8Array;
  }

  const keyFor: JWTVerifyGetKey = (header) => {
    if (header.alg === 'HS256' && secret) return secret;
    if (header.alg === 'EdDSA' && publicKey) return publicKey;
    throw new AuthenticationError('algorithm_not_allowed');
  };

  function infoOf(row: TokenRow): TokenInfo {
    const status = row.revoked_at !== null ? 'revoked' : Date.parse(row.expires_at) <= now() ? 'expired' : 'active';
    return {
      id: row.jti,
      kind: row.kind,
      subject: row.subject,
      role: row.role,
      campaignId: row.campaign_id,
      label: row.label,
      createdBy: row.created_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      revokedAt: row.revoked_at,
      status,
    };
  }

  function identityOf(claims: z.infer<typeof Claims>): Identity {
    const permissions = new Set(permissionsOfRoles(claims.roles));
    for (const permission of claims.permissions ?? []) permissions.add(permission);
    return {
      userId: claims.sub,
      username: claims.username ?? claims.sub,
      roles: claims.roles,
      permissions: PERMISSIONS.filter((permission) => permissions.has(permission)),
      campaignAccess: claims.campaign_access ?? null,
      kind: claims.token_kind === 'session' ? 'session' : 'token',
      tokenId: claims.jti,
    };
  }

  function reasonOf(error: unknown): AuthFailureReason {
    if (error instanceof AuthenticationError) return error.reason;
    if (error instanceof joseErrors.JWTExpired) return 'expired_token';
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      if (error.claim === 'nbf' || error.claim === 'iat') return 'not_yet_valid';
      if (error.claim === 'aud') return 'wrong_audience';
      if (error.claim === 'iss') return 'wrong_issuer';
      return 'invalid_claims';
    }
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
    if (error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) return 'algorithm_not_allowed';
    return 'malformed_token';
  }

  async function verifySlow(token: string): Promise<Identity> {
    if (!secret) {
      try {
        await init();
      } catch {
        throw new AuthenticationError('no_signing_key');
      }
    }
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new AuthenticationError('malformed_token');
    }
    if (alg !== 'HS256' && !(alg === 'EdDSA' && publicKey)) throw new AuthenticationError('algorithm_not_allowed');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keyFor, {
        algorithms: publicKey ? ['HS256', 'EdDSA'] : ['HS256'],
        audience: TOKEN_AUDIENCE,
        issuer: TOKEN_ISSUER,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp', 'sub', 'jti'],
        currentDate: new Date(now()),
      }));
    } catch (error) {
      throw new AuthenticationError(reasonOf(error));
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw new AuthenticationError('invalid_claims');
    if (revoked.has(claims.data.jti)) throw new AuthenticationError('revoked_token');
    const identity = identityOf(claims.data);
    // Cached only once valid (nbf passed): until exp, the next request with it costs a lookup.
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(token, { identity, untilMs: (claims.data.exp + CLOCK_TOLERANCE_S) * 1000 });
    return identity;
  }

  /**
   * The identity a bearer token stands for, or AuthenticationError. Returns synchronously when the token
   * was verified before (the hot path of every request).
   */
  function verify(token: string): Identity | Promise<Identity> {
    if (token.length > MAX_TOKEN_BYTES) throw new AuthenticationError('oversized_token');
    refreshRevocations();
    const cached = cache.get(token);
    if (cached !== undefined) {
      if (cached.untilMs > now() && !revoked.has(cached.identity.tokenId as string)) return cached.identity;
      cache.delete(token);
      if (revoked.has(cached.identity.tokenId as string)) throw new AuthenticationError('revoked_token');
      throw new AuthenticationError('expired_token');
    }
    return verifySlow(token);
  }

  async function mint(request: MintRequest, createdBy: string): Promise<{ token: string; info: TokenInfo }> {
    const signingKey = await key();
    const ttlS = Math.min(Math.max(1, Math.round(request.ttlS)), MAX_TTL_S);
    const kind = request.kind ?? 'api';
    const jti = randomUUID();
    const issuedS = Math.floor(now() / 1000);
    const subject =
      request.subject ??
      (request.label
        ? request.label
            .toLowerCase()
            .replace(/[^a-z0-9._-]+/g, '-')
            .slice(0, 64)
        : request.role);
    const permissions = permissionsOfRoles([request.role]);
    const claims: Record<string, unknown> = {
      username: subject,
      roles: [request.role],
      permissions,
      token_kind: kind,
    };
    if (request.campaignId !== undefined) claims.campaign_access = { [request.campaignId]: permissions };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subject)
      .setJti(jti)
      .setIssuedAt(issuedS)
      .setNotBefore(issuedS)
      .setExpirationTime(issuedS + ttlS)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuer(TOKEN_ISSUER)
      .sign(signingKey);
    const row: TokenRow = {
      jti,
      kind,
      subject,
      role: request.role,
      campaign_id: request.campaignId ?? null,
      label: request.label ?? '',
      created_by: createdBy,
      created_at: new Date(issuedS * 1000).toISOString(),
      expires_at: new Date((issuedS + ttlS) * 1000).toISOString(),
      revoked_at: null,
    };
    s.insert.run({
      jti,
      kind,
      subject,
      role: row.role,
      campaignId: row.campaign_id,
      label: row.label,
      createdBy,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    });
    return { token, info: infoOf(row) };
  }

  return {
    init,
    verify,
    mint,
    /** The token of a headless login URL: admin, short-lived, exchangeable for a console session. */
    mintLogin(ttlS = LOGIN_TTL_S) {
      return mint({ role: 'admin', ttlS, kind: 'login', subject: 'console-admin', label: 'headless login URL' }, 'novel-console serve');
    },
    /** Exchanges a login token (the caller's) for a session token of the same role and scope. */
    async exchange(identity: Identity): Promise<{ token: string; info: TokenInfo }> {
      const row = identity.tokenId ? (s.get.get(identity.tokenId) as TokenRow | undefined) : undefined;
      if (row?.kind !== 'login')
        throw new ContractError('forbidden', 'only the token of a login URL can be exchanged for a console session');
      const remainingS = (Date.parse(row.expires_at) - now()) / 1000;
      if (remainingS <= 0) throw new AuthenticationError('expired_token');
      return mint(
        {
          role: row.role,
          campaignId: row.campaign_id ?? undefined,
          ttlS: SESSION_TTL_S,
          kind: 'session',
          subject: row.subject,
          label: 'console session',
        },
        identity.userId,
      );
    },
    get(jti: string): TokenInfo | undefined {
      const row = s.get.get(jti) as TokenRow | undefined;
      return row ? infoOf(row) : undefined;
    },
    list(includeInactive: boolean): TokenInfo[] {
      const rows = (includeInactive ? s.listAll.all() : s.listActive.all(new Date(now()).toISOString())) as TokenRow[];
      return rows.map(infoOf);
    },
    /** Revokes a minted token, or records the jti of a foreign one; false when it was already revoked. */
    revoke(jti: string, expiresAt: string | null = null): boolean {
      const at = new Date(now()).toISOString();
      const changed = s.revoke.run(at, jti).changes > 0 || (!s.get.get(jti) && s.revokeForeign.run(jti, at, expiresAt).changes > 0);
      revoked.add(jti);
      return changed;
    },
    /** Verified tokens held in the cache (for the bench and tests). */
    cacheSize: () => cache.size,
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
