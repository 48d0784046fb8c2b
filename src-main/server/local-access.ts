/**
 * The headless face's access token until JWTs arrive (security issue): one random secret per process,
 * printed in the login URL, compared in constant time. Holders act as the local admin operator.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ContractError } from '../../src-shared/errors';
import { type Identity, identityForRole } from '../../src-shared/rbac';

export interface Authenticator {
  /** Returns the caller's identity or throws `unauthenticated`. */
  authenticate(authorization: string | undefined): Identity;
}

export function generateAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

export function createLocalTokenAuthenticator(token: string): Authenticator {
  const expected = Buffer.from(token);
  const operator = identityForRole('local-operator', 'admin');
  return {
    authenticate(authorization) {
      if (!authorization) {
        throw new ContractError('unauthenticated', 'missing bearer token: open the login URL that novel-console serve printed');
      }
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      const presented = Buffer.from(match?.[1] ?? '');
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
        throw new ContractError('unauthenticated', 'invalid access token: open the login URL that novel-console serve printed');
      }
      return operator;
    },
  };
}
