/**
 * The Trust page's data: the campaigns and who is looking (to offer Release only to those who may), the
 * chosen campaign and range, the agents with their scores and trends (`trust.agents`), the campaign's
 * analytics (`trust.analytics`), the agent whose history is open, and a release waiting for its
 * confirmation. Kept while the console is open, so coming back finds the same campaign and agent.
 */
import { create } from 'zustand';
import type { CampaignSummary, ResponseOf } from '../../../src-shared/contract';
import type { WhoAmI } from '../../../src-shared/domain/security';
import type { TrustAgent, TrustAnalytics, TrustChanged, TrustPolicy } from '../../../src-shared/domain/trust';
import { authorize, type Identity } from '../../../src-shared/rbac';
import type { Bridge } from '../bridge';
import { sinceOf, type TrustRangeId } from '../pages/trust/trust-route';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export type TrustAgents = ResponseOf<'trust.agents'>;

interface TrustOverviewStore {
  campaigns: Loadable<CampaignSummary[]>;
  identity: Loadable<WhoAmI>;
  /** The policy in force: its thresholds draw on the chart, its rules show beside it. */
  policy: Loadable<TrustPolicy>;
  campaignId: string;
  range: TrustRangeId;
  agents: Loadable<TrustAgents>;
  analytics: Loadable<TrustAnalytics>;
  /** The agent whose history is shown; null = the page picks (the lowest score). */
  selectedAgent: string | null;
  /** When the newest change announced by `trust.changed` for this campaign was made (epoch ms). */
  lastChangeAt: number | null;
  confirmingRelease: string | null;
  releasing: string | null;
  releaseError: { agentId: string; error: ErrorView } | null;
  /** The agent released last from this page, for the confirmation line. */
  released: string | null;
  load(bridge: Bridge): Promise<void>;
  selectCampaign(bridge: Bridge, campaignId: string): void;
  setRange(bridge: Bridge, range: TrustRangeId): void;
  refresh(bridge: Bridge): Promise<void>;
  selectAgent(agentId: string): void;
  /** Records a `trust.changed` of this campaign (false for another campaign's). */
  noteChange(changed: TrustChanged): boolean;
  askRelease(agentId: string | null): void;
  release(bridge: Bridge, agentId: string): Promise<boolean>;
}

export const useTrustOverviewStore = create<TrustOverviewStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    campaigns: idleLoadable(),
    identity: idleLoadable(),
    policy: idleLoadable(),
    campaignId: '',
    range: '24h',
    agents: idleLoadable(),
    analytics: idleLoadable(),
    selectedAgent: null,
    lastChangeAt: null,
    confirmingRelease: null,
    releasing: null,
    releaseError: null,
    released: null,

    async load(bridge) {
      const isLatest = begin('load');
      set({ campaigns: loadingFrom(get().campaigns), identity: loadingFrom(get().identity), policy: loadingFrom(get().policy) });
      const [campaigns, identity, policy] = await Promise.allSettled([
        bridge.invoke('campaigns.list', {}),
        bridge.invoke('auth.whoami', {}),
        bridge.invoke('trust.policy.get', {}),
      ]);
      if (!isLatest()) return;
      set({
        policy: policy.status === 'fulfilled' ? loadedWith(policy.value.policy) : failedFrom(get().policy, policy.reason),
        campaigns: campaigns.status === 'fulfilled' ? loadedWith(campaigns.value.campaigns) : failedFrom(get().campaigns, campaigns.reason),
        identity: identity.status === 'fulfilled' ? loadedWith(identity.value) : failedFrom(get().identity, identity.reason),
      });
      const list = get().campaigns.data ?? [];
      const keep = list.some((campaign) => campaign.id === get().campaignId);
      const first = list[0];
      if (!keep && first) get().selectCampaign(bridge, first.id);
      else if (keep) await get().refresh(bridge);
    },

    selectCampaign(bridge, campaignId) {
      if (campaignId === get().campaignId && get().agents.data) return;
      set({
        campaignId,
        agents: idleLoadable(),
        analytics: idleLoadable(),
        selectedAgent: null,
        confirmingRelease: null,
        releaseError: null,
        released: null,
        lastChangeAt: null,
      });
      void get().refresh(bridge);
    },

    setRange(bridge, range) {
      set({ range });
      void get().refresh(bridge);
    },

    async refresh(bridge) {
      const { campaignId, range } = get();
      if (!campaignId) return;
      const isLatest = begin('data');
      set({ agents: loadingFrom(get().agents), analytics: loadingFrom(get().analytics) });
      const since = sinceOf(range, Date.now());
      const request = since === undefined ? { campaignId } : { campaignId, since };
      const [agents, analytics] = await Promise.allSettled([
        bridge.invoke('trust.agents', request),
        bridge.invoke('trust.analytics', request),
      ]);
      if (!isLatest() || get().campaignId !== campaignId) return;
      const newest =
        agents.status === 'fulfilled'
          ? Math.max(0, ...agents.value.agents.flatMap((agent) => (agent.lastChange ? [Date.parse(agent.lastChange.at)] : [])))
          : 0;
      set({
        lastChangeAt: newest > 0 ? Math.max(get().lastChangeAt ?? 0, newest) : get().lastChangeAt,
        agents: agents.status === 'fulfilled' ? loadedWith(agents.value) : failedFrom(get().agents, agents.reason),
        analytics: analytics.status === 'fulfilled' ? loadedWith(analytics.value) : failedFrom(get().analytics, analytics.reason),
      });
    },

    selectAgent(agentId) {
      set({ selectedAgent: agentId });
    },

    noteChange(changed) {
      if (changed.campaignId !== get().campaignId) return false;
      const newest = Math.max(...changed.changes.map((change) => Date.parse(change.at)));
      set({ lastChangeAt: Math.max(get().lastChangeAt ?? 0, newest) });
      return true;
    },

    askRelease(agentId) {
      set({ confirmingRelease: agentId, releaseError: null, released: null });
    },

    async release(bridge, agentId) {
      const { campaignId } = get();
      set({ releasing: agentId, releaseError: null });
      try {
        await bridge.invoke('trust.release', { campaignId, agentId });
        set({ releasing: null, confirmingRelease: null, released: agentId });
        await get().refresh(bridge);
        return true;
      } catch (error) {
        set({ releasing: null, releaseError: { agentId, error: toErrorView(error) } });
        return false;
      }
    },
  };
});

/** Whether the caller may release agents of this campaign (campaign.write there, as `trust.release` checks). */
export function canRelease(identity: WhoAmI | null, campaignId: string): boolean {
  if (!identity || !campaignId) return false;
  return authorize(identity as Identity, 'campaign.write', campaignId);
}

/** The agent the history opens on: the chosen one, else the one with the lowest score. */
export function focusedAgent(agents: readonly TrustAgent[], selected: string | null): TrustAgent | undefined {
  const chosen = selected === null ? undefined : agents.find((agent) => agent.agentId === selected);
  if (chosen) return chosen;
  return [...agents].sort((a, b) => a.score - b.score || a.agentId.localeCompare(b.agentId))[0];
}
