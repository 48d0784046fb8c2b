/**
 * One alert (`alerts.get`): its labels, annotations, every transition, the notifications sent and its
 * rule's value over the chosen hours; acknowledging it (`alerts.ack`). Reloaded live when an
 * `alerts.changed` event concerns it (a transition of its fingerprint, or an ack, silence, rule or route
 * change, which can change its markers).
 */
import { create } from 'zustand';
import type { AlertDetail } from '../../../src-shared/domain/alerts';
import type { Bridge } from '../bridge';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export const DETAIL_HOURS = [1, 3, 6, 12, 24] as const;

interface AlertDetailStore {
  fingerprint: string | null;
  hours: number;
  detail: Loadable<AlertDetail>;
  ackComment: string;
  acking: boolean;
  ackError: ErrorView | null;
  open(bridge: Bridge, fingerprint: string): void;
  load(bridge: Bridge): Promise<void>;
  setHours(bridge: Bridge, hours: number): void;
  setAckComment(comment: string): void;
  acknowledge(bridge: Bridge): Promise<boolean>;
  follow(bridge: Bridge): () => void;
}

export const useAlertDetailStore = create<AlertDetailStore>()((set, get) => {
  const begin = createLatestGate();
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    fingerprint: null,
    hours: 6,
    detail: idleLoadable(),
    ackComment: '',
    acking: false,
    ackError: null,
    open(bridge, fingerprint) {
      if (get().fingerprint !== fingerprint) set({ fingerprint, detail: idleLoadable(), ackComment: '', ackError: null });
      void get().load(bridge);
    },
    async load(bridge) {
      const { fingerprint, hours } = get();
      if (!fingerprint) return;
      const isLatest = begin('detail');
      set({ detail: loadingFrom(get().detail) });
      try {
        const detail = await bridge.invoke('alerts.get', { fingerprint, hours });
        if (isLatest()) set({ detail: loadedWith(detail) });
      } catch (error) {
        if (isLatest()) set({ detail: failedFrom(get().detail, error) });
      }
    },
    setHours(bridge, hours) {
      set({ hours });
      void get().load(bridge);
    },
    setAckComment(comment) {
      set({ ackComment: comment, ackError: null });
    },
    async acknowledge(bridge) {
      const { fingerprint, ackComment } = get();
      if (!fingerprint) return false;
      set({ acking: true, ackError: null });
      try {
        await bridge.invoke('alerts.ack', { fingerprint, comment: ackComment.trim() });
        set({ acking: false, ackComment: '' });
        await get().load(bridge);
        return true;
      } catch (error) {
        set({ acking: false, ackError: toErrorView(error) });
        return false;
      }
    },
    follow(bridge) {
      const unsubscribe = bridge.subscribe('alerts.changed', (event) => {
        const { fingerprint } = get();
        const concerns = event.cause !== 'evaluation' || event.transitions.some((transition) => transition.fingerprint === fingerprint);
        if (!concerns) return;
        clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => void get().load(bridge), 250);
      });
      return () => {
        clearTimeout(reloadTimer);
        unsubscribe();
      };
    },
  };
});
