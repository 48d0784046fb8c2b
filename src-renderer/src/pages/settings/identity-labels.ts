/**
 * How roles, token kinds and scopes read on the Settings page.
 */
import type { Role } from '../../../../src-shared/rbac';

const ROLE_LABEL: Record<Role, string> = {
  player: 'player',
  story_master: 'story master',
  developer: 'developer',
  admin: 'admin',
};

export function roleLabel(role: Role | 'none'): string {
  return role === 'none' ? 'no role' : ROLE_LABEL[role];
}

const KIND_LABEL = { api: 'API token', login: 'login URL', session: 'console session' } as const;

export function tokenKindLabel(kind: keyof typeof KIND_LABEL): string {
  return KIND_LABEL[kind];
}

const IDENTITY_KIND_LABEL = { token: 'an API token', session: 'a console session', local: 'the local operator (desktop)' } as const;

export function identityKindLabel(kind: keyof typeof IDENTITY_KIND_LABEL): string {
  return IDENTITY_KIND_LABEL[kind];
}
