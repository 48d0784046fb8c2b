/**
 * The alerts list (`alerts.list`): the state tab (firing, pending, resolved or all) with the counts per
 * state for the tabs, severity, label matcher and mute filters, a free-text search over names, labels
 * and summaries, and live updates — every `alerts.changed` event reloads the list (coalesced, so a
 * burst of transitions costs one request).
 */
import { create } from 'zustand';
import type { ResponseOf } from '../../../src-shared/contract';
import type { Alert, Severity } from '../../../src-shared/domain/alerts';
import type { Bridge } from '../bridge';
import { LISTED_STATES, type ListedState } from '../pages/alerts/alert-labels';
import { parseMatchers } from '../pages/alerts/label-matchers';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

/** active = firing and pending: what needs attention now (Alertmanager's default view). */
export type StateTab = 'active' | ListedState | 'all';
/** all, only silenced or inhibited, or only unmuted (what still notifies). */
export type MuteFilter = 'all' | 'muted' | 'unmuted';

export interface AlertFilters {
  tab: StateTab;
  /** '' = every severity. */
  severity: Severity | '';
  /** Prometheus selector text, e.g. `{participants_range="4-5"}`. */
  matcherText: string;
  search: string;
  mute: MuteFilter;
  /** Hide acknowledged alerts (what still needs someone). */
  hideAcknowledged: boolean;
}

export const ALERTS_PAGE_SIZE = 200;
const RELOAD_COALESCE_MS = 250;

interface AlertListStore {
  filters: AlertFilters;
  matcherError: string | null;
  list: Loadable<ResponseOf<'alerts.list'>>;
  /** When the last alerts.changed event arrived (epoch ms), for the "live" note. */
  lastEventAt: number | null;
  load(bridge: Bridge): Promise<void>;
  setFilters(bridge: Bridge, filters: Partial<AlertFilters>): void;
  /** Subscribes to alerts.changed; returns the unsubscribe. */
  follow(bridge: Bridge): () => void;
}

export const INITIAL_ALERT_FILTERS: AlertFilters = {
  tab: 'active',
  severity: '',
  matcherText: '',
  search: '',
  mute: 'all',
  hideAcknowledged: false,
};

export const useAlertListStore = create<AlertListStore>()((set, get) => {
  const begin = createLatestGate();
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    filters: INITIAL_ALERT_FILTERS,
    matcherError: null,
    list: idleLoadable(),
    lastEventAt: null,
    async load(bridge) {
      const { filters } = get();
      const parsed = parseMatchers(filters.matcherText);
      if ('error' in parsed) {
        set({ matcherError: parsed.error });
        return;
      }
      const isLatest = begin('list');
      set({ list: loadingFrom(get().list), matcherError: null });
      try {
        const answer = await bridge.invoke('alerts.list', {
          states: filters.tab === 'all' ? [...LISTED_STATES] : filters.tab === 'active' ? ['firing', 'pending'] : [filters.tab],
          ...(filters.severity ? { severities: [filters.severity] } : {}),
          matchers: parsed.matchers,
          ...(filters.mute === 'all' ? {} : { muted: filters.mute === 'muted' }),
          ...(filters.hideAcknowledged ? { acknowledged: false } : {}),
          limit: ALERTS_PAGE_SIZE,
        });
        if (isLatest()) set({ list: loadedWith(answer) });
      } catch (error) {
        if (isLatest()) set({ list: failedFrom(get().list, error) });
      }
    },
    setFilters(bridge, filters) {
      set({ filters: { ...get().filters, ...filters } });
      // The search filters what is loaded; everything else asks the engine.
      if (Object.keys(filters).some((key) => key !== 'search')) void get().load(bridge);
    },
    follow(bridge) {
      const unsubscribe = bridge.subscribe('alerts.changed', () => {
        set({ lastEventAt: Date.now() });
        clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => void get().load(bridge), RELOAD_COALESCE_MS);
      });
      return () => {
        clearTimeout(reloadTimer);
        unsubscribe();
      };
    },
  };
});

/** The alerts whose name, labels or annotations contain every word of the search (case-insensitive). */
export function searchAlerts(alerts: readonly Alert[], search: string): Alert[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...alerts];
  return alerts.filter((alert) => {
    const haystack = [
      alert.ruleName,
      ...Object.entries(alert.labels).map(([key, value]) => `${key}=${value}`),
      ...Object.values(alert.annotations),
    ]
      .join('\n')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
