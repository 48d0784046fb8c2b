/**
 * Messages of the security channels (SPEC section 4): tokens an admin mints and revokes, the console
 * session the headless login URL turns into, the credentials kept in the OS keychain, and the
 * hash-chained audit log.
 */
import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../rbac';
import { AUDIT_OUTCOMES, CREDENTIAL_NAMES, MAX_TTL_S, TOKEN_KINDS, TTL_PATTERN, ttlSeconds } from './security-vocabulary';

export { AUDIT_OUTCOMES, CREDENTIAL_NAMES, MAX_TTL_S, TOKEN_KINDS, TTL_PATTERN, ttlSeconds };

const Id = z.string().min(1).max(200);

export const Ttl = z
  .string()
  .regex(TTL_PATTERN, 'a lifetime such as 30m, 8h or 7d')
  .refine((ttl) => (ttlSeconds(ttl) ?? Number.POSITIVE_INFINITY) <= MAX_TTL_S, 'at most 365d');

export const TokenInfo = z.strictObject({
  /** The token's jti. */
  id: z.string(),
  kind: z.enum(TOKEN_KINDS),
  subject: z.string(),
  role: z.enum(ROLES),
  campaignId: z.string().nullable(),
  label: z.string(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  /** active | expired | revoked, as of the answer. */
  status: z.enum(['active', 'expired', 'revoked']),
});
export type TokenInfo = z.infer<typeof TokenInfo>;

export const TokensMintRequest = z.strictObject({
  role: z.enum(ROLES),
  /** Scope the token to one campaign (its campaign_access claim); absent = every campaign. */
  campaignId: Id.optional(),
  ttl: Ttl.default('8h'),
  /** Who or what the token is for; shown in the list. */
  label: z.string().max(200).default(''),
  /** The token's sub; defaults to a name derived from the label or role. */
  subject: z.string().min(1).max(200).optional(),
});

export const TokensMintResponse = z.strictObject({
  /** The signed JWT: shown once, never stored. */
  token: z.string(),
  info: TokenInfo,
});

export const WhoAmI = z.strictObject({
  userId: z.string(),
  username: z.string(),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(PERMISSIONS)),
  campaignAccess: z.record(z.string(), z.array(z.enum(PERMISSIONS))).nullable(),
  kind: z.enum(['token', 'session', 'local']),
  tokenId: z.string().nullable(),
});
export type WhoAmI = z.infer<typeof WhoAmI>;

export const SessionResponse = z.strictObject({
  /** A console session token replacing the one-time login token. */
  token: z.string(),
  expiresAt: z.iso.datetime(),
  identity: WhoAmI,
});

export const CredentialName = z.union(
  [
    z.enum(CREDENTIAL_NAMES),
    /** Secrets of alert channels (webhook URLs with tokens, routing keys), one per channel id. */
    z.string().regex(/^channel\.[a-z0-9][a-z0-9_-]{0,63}\.secret$/),
  ],
  { error: `a credential name: ${CREDENTIAL_NAMES.join(', ')} or channel.<id>.secret (id: lowercase letters, digits, - and _)` },
);

export const CredentialInfo = z.strictObject({
  name: z.string(),
  description: z.string(),
  /** Whether a value is set; the value itself never leaves the engine. */
  set: z.boolean(),
  /** Where the value comes from: the keychain, an environment variable, or nowhere. */
  source: z.enum(['keychain', 'environment']).nullable(),
  /** The environment variable that may supply it on headless servers, if any. */
  environmentVariable: z.string().nullable(),
});
export type CredentialInfo = z.infer<typeof CredentialInfo>;

export const CredentialsListResponse = z.strictObject({
  /** Whether the OS keychain (Secret Service) answers. */
  keychainAvailable: z.boolean(),
  /** When it does not: what is missing and how to fix it. */
  keychainProblem: z.string().nullable(),
  credentials: z.array(CredentialInfo),
});

export const CredentialsSetRequest = z.strictObject({
  name: CredentialName,
  value: z.string().min(1).max(16_384),
});

export const AuditEntry = z.strictObject({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  actor: z.string(),
  role: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** The error code when the outcome is not ok. */
  detail: z.string().nullable(),
  traceId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditListRequest = z.strictObject({
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});

export const AuditVerification = z.strictObject({
  ok: z.boolean(),
  /** Entries checked. */
  entries: z.number().int().nonnegative(),
  /** The first link that does not hold, or null. */
  firstBroken: z
    .strictObject({
      seq: z.number().int(),
      reason: z.string(),
    })
    .nullable(),
  checkedAt: z.iso.datetime(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
