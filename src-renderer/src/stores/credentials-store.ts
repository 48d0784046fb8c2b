/**
 * The secrets the console keeps (`credentials.list`, `.set`, `.delete`): which are set and from where,
 * never their values. A value typed into the form lives here only until it is sent (or the form is
 * closed), then it is dropped.
 */
import { create } from 'zustand';
import type { CredentialInfo } from '../../../src-shared/domain/security';
import type { Bridge } from '../bridge';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export interface CredentialsList {
  keychainAvailable: boolean;
  keychainProblem: string | null;
  credentials: CredentialInfo[];
}

interface CredentialsStore {
  list: Loadable<CredentialsList>;
  /** The credential whose set/replace form is open, and what is typed in it. */
  editing: string | null;
  value: string;
  saving: boolean;
  confirmingDelete: string | null;
  deleting: string | null;
  /** The last failed set or delete, shown beside that credential. */
  actionError: { name: string; error: ErrorView } | null;
  /** The last change that went through, for a short confirmation line. */
  lastChange: { name: string; action: 'set' | 'deleted' } | null;
  load(bridge: Bridge): Promise<void>;
  edit(name: string | null): void;
  setValue(value: string): void;
  save(bridge: Bridge): Promise<boolean>;
  askDelete(name: string | null): void;
  remove(bridge: Bridge, name: string): Promise<boolean>;
}

export const useCredentialsStore = create<CredentialsStore>()((set, get) => {
  const begin = createLatestGate();
  return {
    list: idleLoadable(),
    editing: null,
    value: '',
    saving: false,
    confirmingDelete: null,
    deleting: null,
    actionError: null,
    lastChange: null,
    async load(bridge) {
      const isLatest = begin('list');
      set({ list: loadingFrom(get().list) });
      try {
        const answer = await bridge.invoke('credentials.list', {});
        if (isLatest()) set({ list: loadedWith(answer) });
      } catch (error) {
        if (isLatest()) set({ list: failedFrom(get().list, error) });
      }
    },
    edit(name) {
      set({ editing: name, value: '', actionError: null, confirmingDelete: null, lastChange: null });
    },
    setValue(value) {
      set({ value, actionError: null });
    },
    async save(bridge) {
      const { editing: name, value } = get();
      if (!name) return false;
      if (value === '') {
        set({ actionError: { name, error: { code: 'invalid_request', message: 'Enter the secret before saving.' } } });
        return false;
      }
      set({ saving: true, actionError: null });
      try {
        await bridge.invoke('credentials.set', { name, value });
        set({ saving: false, editing: null, value: '', lastChange: { name, action: 'set' } });
        await get().load(bridge);
        return true;
      } catch (error) {
        set({ saving: false, actionError: { name, error: toErrorView(error) } });
        return false;
      }
    },
    askDelete(name) {
      set({ confirmingDelete: name, actionError: null, editing: null, value: '', lastChange: null });
    },
    async remove(bridge, name) {
      set({ deleting: name, actionError: null });
      try {
        await bridge.invoke('credentials.delete', { name });
        set({ deleting: null, confirmingDelete: null, lastChange: { name, action: 'deleted' } });
        await get().load(bridge);
        return true;
      } catch (error) {
        set({ deleting: null, actionError: { name, error: toErrorView(error) } });
        return false;
      }
    },
  };
});
