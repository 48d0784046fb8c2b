/**
 * Who the Alerts page talks as (`auth.whoami`) and what that allows: seeing alerts, rules, silences and
 * channels needs metrics.view; silencing, editing rules and channels and sending tests needs
 * metrics.admin. Edit actions a caller cannot use are disabled with the reason, instead of failing
 * with 403 after a click. Reloaded each time the page opens: a session can change role.
 */
import { create } from 'zustand';
import type { WhoAmI } from '../../../src-shared/domain/security';
import { type Permission, primaryRole } from '../../../src-shared/rbac';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

interface AlertAccessStore {
  identity: Loadable<WhoAmI>;
  load(bridge: Bridge): Promise<void>;
}

export const useAlertAccessStore = create<AlertAccessStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    identity: idleLoadable(),
    async load(bridge) {
      const isLatest = begin('whoami');
      set({ identity: loadingFrom(get().identity) });
      try {
        const identity = await bridge.invoke('auth.whoami', {});
        if (isLatest()) set({ identity: loadedWith(identity) });
      } catch (error) {
        if (isLatest()) set({ identity: failedFrom(get().identity, error) });
      }
    },
  };
});

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
  const identity = useAlertAccessStore((store) => store.identity.data);
  return accessTo(identity, 'metrics.admin', action);
}
