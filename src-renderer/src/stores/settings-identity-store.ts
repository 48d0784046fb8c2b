/**
 * Who the Settings page is talking as (`auth.whoami`), and the campaigns (`campaigns.list`) its token
 * form and scope labels name. Reloaded each time the page opens: a token can be revoked or expire.
 */
import { create } from 'zustand';
import type { CampaignSummary } from '../../../src-shared/contract';
import type { WhoAmI } from '../../../src-shared/domain/security';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

interface SettingsIdentityStore {
  identity: Loadable<WhoAmI>;
  campaigns: Loadable<CampaignSummary[]>;
  load(bridge: Bridge): Promise<void>;
}

export const useSettingsIdentityStore = create<SettingsIdentityStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    identity: idleLoadable(),
    campaigns: idleLoadable(),
    async load(bridge) {
      const isLatest = begin('load');
      set({ identity: loadingFrom(get().identity), campaigns: loadingFrom(get().campaigns) });
      const [identity, campaigns] = await Promise.allSettled([bridge.invoke('auth.whoami', {}), bridge.invoke('campaigns.list', {})]);
      if (!isLatest()) return;
      set({
        identity: identity.status === 'fulfilled' ? loadedWith(identity.value) : failedFrom(get().identity, identity.reason),
        campaigns: campaigns.status === 'fulfilled' ? loadedWith(campaigns.value.campaigns) : failedFrom(get().campaigns, campaigns.reason),
      });
    },
  };
});

/** A campaign's name for labels; its id when the campaign is unknown (deleted, or not visible). */
export function campaignName(campaigns: readonly CampaignSummary[] | null, id: string): string {
  return campaigns?.find((campaign) => campaign.id === id)?.name ?? id;
}
