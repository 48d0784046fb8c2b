/**
 * Who the console is talking as (`auth.whoami`): pages whose actions depend on permissions (Alerts,
 * Runbooks) read it to disable what the caller cannot do, with the reason, instead of failing with 403
 * after a click. Reloaded each time such a page opens: a session can change role or expire.
 */
import { create } from 'zustand';
import type { WhoAmI } from '../../../src-shared/domain/security';
import type { Bridge } from '../bridge';
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
