/**
 * Silences (`silences.list`, `silences.create`, `silences.expire`): the list by state, the silence just
 * created (so the form can say "Silenced until …" and link to it), and the expiry waiting for its
 * confirmation. Also the pending and firing alerts a silence form previews its matchers against.
 */
import { create } from 'zustand';
import type { RequestOf } from '../../../src-shared/contract';
import type { Alert, Silence, SilenceState } from '../../../src-shared/domain/alerts';
import { ContractError, type ErrorIssue } from '../../../src-shared/errors';
import type { Bridge } from '../bridge';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export type SilenceStateFilter = SilenceState | 'all';

export type CreateOutcome = { silence: Silence } | { error: ErrorView; issues: ErrorIssue[] };

interface AlertSilencesStore {
  stateFilter: SilenceStateFilter;
  list: Loadable<Silence[]>;
  /** Pending and firing alerts, for the form's "would mute" preview. */
  activeAlerts: Loadable<Alert[]>;
  confirmingExpire: string | null;
  expiring: string | null;
  expireError: { id: string; error: ErrorView } | null;
  /** The silence created last from this page (highlighted in the list). */
  created: Silence | null;
  load(bridge: Bridge): Promise<void>;
  loadActiveAlerts(bridge: Bridge): Promise<void>;
  setStateFilter(bridge: Bridge, filter: SilenceStateFilter): void;
  create(bridge: Bridge, request: RequestOf<'silences.create'>): Promise<CreateOutcome>;
  askExpire(id: string | null): void;
  expire(bridge: Bridge, id: string): Promise<boolean>;
}

const STATES_OF: Record<SilenceStateFilter, SilenceState[]> = {
  all: ['active', 'pending', 'expired'],
  active: ['active'],
  pending: ['pending'],
  expired: ['expired'],
};

export const useAlertSilencesStore = create<AlertSilencesStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    stateFilter: 'all',
    list: idleLoadable(),
    activeAlerts: idleLoadable(),
    confirmingExpire: null,
    expiring: null,
    expireError: null,
    created: null,
    async load(bridge) {
      const isLatest = begin('list');
      set({ list: loadingFrom(get().list) });
      try {
        const answer = await bridge.invoke('silences.list', { states: STATES_OF[get().stateFilter], limit: 500 });
        if (isLatest()) set({ list: loadedWith(answer.silences) });
      } catch (error) {
        if (isLatest()) set({ list: failedFrom(get().list, error) });
      }
    },
    async loadActiveAlerts(bridge) {
      const isLatest = begin('active-alerts');
      set({ activeAlerts: loadingFrom(get().activeAlerts) });
      try {
        const answer = await bridge.invoke('alerts.list', { states: ['pending', 'firing'], limit: 1000 });
        if (isLatest()) set({ activeAlerts: loadedWith(answer.alerts) });
      } catch (error) {
        if (isLatest()) set({ activeAlerts: failedFrom(get().activeAlerts, error) });
      }
    },
    setStateFilter(bridge, filter) {
      set({ stateFilter: filter });
      void get().load(bridge);
    },
    async create(bridge, request) {
      try {
        const { silence } = await bridge.invoke('silences.create', request);
        set({ created: silence });
        void get().load(bridge);
        return { silence };
      } catch (error) {
        return { error: toErrorView(error), issues: error instanceof ContractError ? (error.issues ?? []) : [] };
      }
    },
    askExpire(id) {
      set({ confirmingExpire: id, expireError: null });
    },
    async expire(bridge, id) {
      set({ expiring: id, expireError: null });
      try {
        await bridge.invoke('silences.expire', { id });
        set({ expiring: null, confirmingExpire: null });
        await get().load(bridge);
        return true;
      } catch (error) {
        set({ expiring: null, expireError: { id, error: toErrorView(error) } });
        return false;
      }
    },
  };
});
