/**
 * Who the console is talking as (`auth.whoami`): pages whose actions depend on permissions (Alerts,
 * Runbooks) read it to disable what the caller cannot do, with the reason, instead of failing with 403
 * after a click. Reloaded each time such a page opens: a session can change role or expire.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { WhoAmI } from '../../../src-shared/domain/security';
import type { Permission } from '../../../src-shared/rbac';
import type { Bridge } from '../bridge';
import { useBridge } from '../bridge-context';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

interface CallerIdentityStore {
  identity: Loadable<WhoAmI>;
  load(bridge: Bridge): Promise<void>;
}

export const useCallerIdentityStore = create<CallerIdentityStore>()((set, get) => {
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

/**
 * True once whoami says the caller holds `permission`; false while unknown or refused (actions that need
 * it stay hidden). Loads whoami when nothing has yet.
 */
export function useCallerMay(permission: Permission): boolean {
  const bridge = useBridge();
  const identity = useCallerIdentityStore((store) => store.identity);
  useEffect(() => {
    if (!useCallerIdentityStore.getState().identity.data) void useCallerIdentityStore.getState().load(bridge);
  }, [bridge]);
  return identity.data?.permissions.includes(permission) ?? false;
}
