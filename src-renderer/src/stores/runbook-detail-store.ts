/**
 * One runbook at a time (`runbooks.get`), current or an earlier version, and the saves and reverts made
 * from the editor and the history (`runbooks.save`, `runbooks.revert`). A save answers the new current
 * version, which becomes what the view shows.
 */
import { create } from 'zustand';
import type { RunbookDetail } from '../../../src-shared/domain/runbooks';
import type { Bridge } from '../bridge';
import { createLatestGate, failedFrom, type Loadable, loadedWith, loadingFrom } from './loadable';

/** `slug` for the current version, `slug@3` for version 3. */
export function runbookKey(slug: string, version?: number | null): string {
  return version === undefined || version === null ? slug : `${slug}@${version}`;
}

export interface SaveInput {
  slug: string;
  source: string;
  baseVersion: number | null;
  note: string;
}

interface RunbookDetailStore {
  byKey: Record<string, Loadable<RunbookDetail>>;
  load(bridge: Bridge, slug: string, version?: number | null): Promise<void>;
  /** Saves and returns the new current version (throws the ContractError for the form to show). */
  save(bridge: Bridge, input: SaveInput): Promise<RunbookDetail>;
  revert(bridge: Bridge, slug: string, toVersion: number, baseVersion: number): Promise<RunbookDetail>;
}

export const useRunbookDetailStore = create<RunbookDetailStore>()((set, get) => {
  const begin = createLatestGate();
  const put = (key: string, value: Loadable<RunbookDetail>) => set({ byKey: { ...get().byKey, [key]: value } });
  const current = (runbook: RunbookDetail) => {
    // The answer is the new current version: it replaces the cached current one and is cached as its number.
    set({
      byKey: { ...get().byKey, [runbook.slug]: loadedWith(runbook), [runbookKey(runbook.slug, runbook.version)]: loadedWith(runbook) },
    });
    return runbook;
  };
  return {
    byKey: {},
    async load(bridge, slug, version) {
      const key = runbookKey(slug, version);
      const isLatest = begin(key);
      put(key, loadingFrom(get().byKey[key]));
      try {
        const { runbook } = await bridge.invoke('runbooks.get', version === undefined || version === null ? { slug } : { slug, version });
        if (isLatest()) put(key, loadedWith(runbook));
      } catch (error) {
        if (isLatest()) put(key, failedFrom(get().byKey[key], error));
      }
    },
    async save(bridge, input) {
      const { runbook } = await bridge.invoke('runbooks.save', input);
      return current(runbook);
    },
    async revert(bridge, slug, toVersion, baseVersion) {
      const { runbook } = await bridge.invoke('runbooks.revert', { slug, toVersion, baseVersion });
      return current(runbook);
    },
  };
});
