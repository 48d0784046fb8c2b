/**
 * The security words both sides use, without zod (the renderer ships none): token lifetimes and kinds,
 * audit outcomes and the credentials the console knows. The schemas in security.ts build on these.
 */

/** A token lifetime: a number and a unit (s, m, h, d), e.g. `8h`; at most 365 days. */
export const TTL_PATTERN = /^([1-9]\d{0,6})([smhd])$/;
const TTL_UNIT_S = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
export const MAX_TTL_S = 365 * 86_400;

/** Seconds of a `8h`-style lifetime, or undefined when it is not one. */
export function ttlSeconds(ttl: string): number | undefined {
  const match = TTL_PATTERN.exec(ttl);
  if (!match) return undefined;
  return Number(match[1]) * TTL_UNIT_S[match[2] as keyof typeof TTL_UNIT_S];
}

/** api: minted by an admin; login: the headless login URL's; session: a console UI session. */
export const TOKEN_KINDS = ['api', 'login', 'session'] as const;

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;

/** Names of the secrets the console keeps; each has a fixed meaning (channel secrets add channel.<id>.secret). */
export const CREDENTIAL_NAMES = ['provider.apiKey', 'auth.jwtSigningKey'] as const;
