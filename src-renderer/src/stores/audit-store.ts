/**
 * The audit log view (`audit.list`, `audit.verify`): filters, the page on screen, the last chain
 * verification and the progress of a JSONL export.
 */
import { create } from 'zustand';
import type { AuditEntry, AuditVerification } from '../../../src-shared/domain/security';
import type { AUDIT_OUTCOMES } from '../../../src-shared/domain/security-vocabulary';
import type { Bridge } from '../bridge';
import { auditJsonl, collectAuditEntries } from '../pages/settings/audit/audit-export';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  /** '' = anyone. */
  actor: string;
  /** '' = every action. */
  action: string;
  /** '' = every outcome. */
  outcome: (typeof AUDIT_OUTCOMES)[number] | '';
}

export interface AuditExport {
  running: boolean;
  fetched: number;
  total: number | null;
  error: ErrorView | null;
  /** Entries in the last finished export. */
  done: number | null;
}

interface AuditStore {
  filters: AuditFilters;
  offset: number;
  /** The page on screen, with the filters it was asked for (the form's may be newer while it loads). */
  list: Loadable<{ entries: AuditEntry[]; total: number; filters: AuditFilters }>;
  verification: Loadable<AuditVerification>;
  exporting: AuditExport;
  load(bridge: Bridge): Promise<void>;
  setFilters(bridge: Bridge, filters: Partial<AuditFilters>): void;
  setOffset(bridge: Bridge, offset: number): void;
  verify(bridge: Bridge): Promise<void>;
  /** Every entry as JSONL, or null when the export failed (the error is in `exporting`). */
  exportJsonl(bridge: Bridge): Promise<{ jsonl: string; count: number } | null>;
}

const IDLE_EXPORT: AuditExport = { running: false, fetched: 0, total: null, error: null, done: null };

export const useAuditStore = create<AuditStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    filters: { actor: '', action: '', outcome: '' },
    offset: 0,
    list: idleLoadable(),
    verification: idleLoadable(),
    exporting: IDLE_EXPORT,
    async load(bridge) {
      const isLatest = begin('list');
      const { filters, offset } = get();
      set({ list: loadingFrom(get().list) });
      try {
        const answer = await bridge.invoke('audit.list', {
          ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
          ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
          ...(filters.outcome ? { outcome: filters.outcome } : {}),
          limit: AUDIT_PAGE_SIZE,
          offset,
        });
        if (isLatest()) set({ list: loadedWith({ ...answer, filters }) });
      } catch (error) {
        if (isLatest()) set({ list: failedFrom(get().list, error) });
      }
    },
    setFilters(bridge, filters) {
      set({ filters: { ...get().filters, ...filters }, offset: 0 });
      void get().load(bridge);
    },
    setOffset(bridge, offset) {
      set({ offset: Math.max(0, offset) });
      void get().load(bridge);
    },
    async verify(bridge) {
      const isLatest = begin('verify');
      set({ verification: loadingFrom(get().verification) });
      try {
        const answer = await bridge.invoke('audit.verify', {});
        if (isLatest()) set({ verification: loadedWith(answer) });
      } catch (error) {
        if (isLatest()) set({ verification: failedFrom(get().verification, error) });
      }
    },
    async exportJsonl(bridge) {
      if (get().exporting.running) return null;
      set({ exporting: { ...IDLE_EXPORT, running: true } });
      try {
        const entries = await collectAuditEntries(
          (offset, limit) => bridge.invoke('audit.list', { limit, offset }),
          (fetched, total) => set({ exporting: { ...get().exporting, fetched, total } }),
        );
        set({ exporting: { ...IDLE_EXPORT, done: entries.length } });
        return { jsonl: auditJsonl(entries), count: entries.length };
      } catch (error) {
        set({ exporting: { ...IDLE_EXPORT, error: toErrorView(error) } });
        return null;
      }
    },
  };
});
