/**
 * The live context a runbook is read in: the alert it was opened for (`alerts.get`: state, value, its
 * rule's series and transitions), the turns of the incident's window (`turns.list`) and the agents in
 * quarantine (`campaigns.list` + `trust.agents`) — what the steps act on. Without an alert the window is
 * the last 24 hours. Each part loads on its own, so a role that may not see alerts still gets the rest.
 */
import { create } from 'zustand';
import type { AlertDetail } from '../../../src-shared/domain/alerts';
import type { TurnSummary } from '../../../src-shared/domain/turn';
import type { Bridge } from '../bridge';
import type { AgentCandidate } from '../pages/runbooks/view/step-actions';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

/** How far before the alert became active its turns are looked for (rule windows are up to an hour). */
export const INCIDENT_LOOKBACK_MS = 3600_000;
const NO_ALERT_WINDOW_MS = 24 * 3600_000;
export const ALERT_CHART_HOURS = 6;

interface RunbookIncidentStore {
  /** The alert shown (null: the runbook was opened without one). */
  fingerprint: string | null;
  alert: Loadable<AlertDetail>;
  turns: Loadable<TurnSummary[]>;
  agents: Loadable<AgentCandidate[]>;
  /**
   * Set after a step acted (a silence, a release, a re-run): the alert's next evaluation shows the
   * effect, so the next metrics tick refreshes the alert whatever the usual gap.
   */
  refreshOnTick: boolean;
  expectChange(): void;
  /** Starts over for another alert (or none), then loads every part. */
  open(bridge: Bridge, fingerprint: string | null): Promise<void>;
  loadAlert(bridge: Bridge): Promise<void>;
  loadTurns(bridge: Bridge): Promise<void>;
  loadAgents(bridge: Bridge): Promise<void>;
}

export const useRunbookIncidentStore = create<RunbookIncidentStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    fingerprint: null,
    alert: idleLoadable(),
    turns: idleLoadable(),
    agents: idleLoadable(),
    refreshOnTick: false,
    expectChange() {
      set({ refreshOnTick: true });
    },
    async open(bridge, fingerprint) {
      if (fingerprint !== get().fingerprint) set({ fingerprint, alert: idleLoadable(), turns: idleLoadable(), agents: idleLoadable() });
      // The turns' window starts from the alert's activeAt, so they wait for it.
      await Promise.all([
        get()
          .loadAlert(bridge)
          .then(() => get().loadTurns(bridge)),
        get().loadAgents(bridge),
      ]);
    },
    async loadAlert(bridge) {
      const { fingerprint } = get();
      if (fingerprint === null) return;
      const isLatest = begin('alert');
      set({ alert: loadingFrom(get().alert), refreshOnTick: false });
      try {
        const detail = await bridge.invoke('alerts.get', { fingerprint, hours: ALERT_CHART_HOURS });
        if (isLatest() && get().fingerprint === fingerprint) set({ alert: loadedWith(detail) });
      } catch (error) {
        if (isLatest()) set({ alert: failedFrom(get().alert, error) });
      }
    },
    async loadTurns(bridge) {
      const isLatest = begin('turns');
      const activeAt = get().alert.data?.alert.activeAt;
      const sinceMs = activeAt ? Date.parse(activeAt) - INCIDENT_LOOKBACK_MS : Date.now() - NO_ALERT_WINDOW_MS;
      set({ turns: loadingFrom(get().turns) });
      try {
        const { turns } = await bridge.invoke('turns.list', { since: new Date(sinceMs).toISOString(), limit: 50 });
        if (isLatest()) set({ turns: loadedWith(turns) });
      } catch (error) {
        if (isLatest()) set({ turns: failedFrom(get().turns, error) });
      }
    },
    async loadAgents(bridge) {
      const isLatest = begin('agents');
      set({ agents: loadingFrom(get().agents) });
      try {
        const { campaigns } = await bridge.invoke('campaigns.list', {});
        const answers = await Promise.all(
          campaigns.map(async (campaign) => ({ campaign, answer: await bridge.invoke('trust.agents', { campaignId: campaign.id }) })),
        );
        const quarantined = answers.flatMap(({ campaign, answer }) =>
          answer.agents
            .filter((agent) => agent.quarantined)
            .map((agent) => ({
              campaignId: campaign.id,
              campaignName: campaign.name,
              agentId: agent.agentId,
              name: agent.name,
              score: agent.score,
            })),
        );
        if (isLatest()) set({ agents: loadedWith(quarantined) });
      } catch (error) {
        if (isLatest()) set({ agents: failedFrom(get().agents, error) });
      }
    },
  };
});
