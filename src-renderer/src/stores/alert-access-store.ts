/**
 * What the caller (caller-identity-store) may do on the Alerts page: seeing alerts, rules, silences and
 * channels needs metrics.view; silencing, editing rules and channels and sending tests needs
 * metrics.admin. Edit actions a caller cannot use are disabled with the reason.
 */
import type { WhoAmI } from '../../../src-shared/domain/security';
import { type Permission, primaryRole } from '../../../src-shared/rbac';
import { useCallerIdentityStore } from './caller-identity-store';

export interface Access {
  /** Null while whoami has not answered (actions stay enabled; the engine still checks). */
  allowed: boolean;
  /** Why an action is disabled, for its title and the note beside it; null when allowed. */
  reason: string | null;
}

const ROLE_WORD: Record<string, string> = {
  player: 'player',
  story_master: 'story master',
  developer: 'developer',
  admin: 'admin',
  none: 'no role',
};

/** Whether the caller holds `permission`, with the reason in words when it does not. */
export function accessTo(identity: WhoAmI | null, permission: Permission, action: string): Access {
  if (!identity || identity.permissions.includes(permission)) return { allowed: true, reason: null };
  return {
    allowed: false,
    reason: `${action} needs the ${permission} permission; you are signed in as ${identity.username} (${ROLE_WORD[primaryRole(identity)] ?? 'no role'}).`,
  };
}

/** The caller's right to change alerting (silence, edit rules and channels, send tests). */
export function useAdminAccess(action: string): Access {
  const identity = useCallerIdentityStore((store) => store.identity.data);
  return accessTo(identity, 'metrics.admin', action);
}
