/**
 * The alert rules (`rules.list`) with their health and last evaluation, and the metric catalog
 * (`metrics.catalog`) the rule editor offers metrics and labels from. Reloaded live on `alerts.changed`
 * (the pending and firing counts per rule move with every evaluation that changes a state).
 */
import { create } from 'zustand';
import type { RuleInfo } from '../../../src-shared/domain/alerts';
import type { MetricCatalogEntry } from '../../../src-shared/domain/metrics-query';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

interface AlertRulesStore {
  list: Loadable<RuleInfo[]>;
  catalog: Loadable<MetricCatalogEntry[]>;
  load(bridge: Bridge): Promise<void>;
  loadCatalog(bridge: Bridge): Promise<void>;
  follow(bridge: Bridge): () => void;
}

export const useAlertRulesStore = create<AlertRulesStore>()((set, get) => {
  const begin = createLatestGate();
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    list: idleLoadable(),
    catalog: idleLoadable(),
    async load(bridge) {
      const isLatest = begin('list');
      set({ list: loadingFrom(get().list) });
      try {
        const answer = await bridge.invoke('rules.list', {});
        if (isLatest()) set({ list: loadedWith(answer.rules) });
      } catch (error) {
        if (isLatest()) set({ list: failedFrom(get().list, error) });
      }
    },
    async loadCatalog(bridge) {
      if (get().catalog.data || get().catalog.loading) return;
      set({ catalog: loadingFrom(get().catalog) });
      try {
        const answer = await bridge.invoke('metrics.catalog', {});
        set({ catalog: loadedWith([...answer.metrics].sort((a, b) => a.name.localeCompare(b.name))) });
      } catch (error) {
        set({ catalog: failedFrom(get().catalog, error) });
      }
    },
    follow(bridge) {
      const unsubscribe = bridge.subscribe('alerts.changed', () => {
        clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => void get().load(bridge), 400);
      });
      return () => {
        clearTimeout(reloadTimer);
        unsubscribe();
      };
    },
  };
});
