/**
 * Who is using the Runbooks page (`auth.whoami`): its permissions decide which steps' buttons are enabled
 * and whether Edit shows. Reloaded each time the page opens, as a token's rights can change.
 */
import { create } from 'zustand';
import type { WhoAmI } from '../../../src-shared/domain/security';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

interface RunbookAccessStore {
  identity: Loadable<WhoAmI>;
  load(bridge: Bridge): Promise<void>;
}

export const useRunbookAccessStore = create<RunbookAccessStore>()((set, get) => {
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
