/**
 * Notification channels (`notifications.channels.*`) and their recent deliveries
 * (`notifications.deliveries.list`): the list with breaker state, last delivery and error and pending
 * count; saving (the secret goes to the keychain through the save and never comes back), deleting after
 * a confirmation, and "Send test" with its result per channel. Reloaded live on `notifications.changed`
 * (a delivery, a retry, a breaker changing state).
 */
import { create } from 'zustand';
import type { RequestOf, ResponseOf } from '../../../src-shared/contract';
import type { ChannelInfo, DeliveryInfo } from '../../../src-shared/domain/notifications';
import { ContractError, type ErrorIssue } from '../../../src-shared/errors';
import type { Bridge } from '../bridge';
import { type ErrorView, toErrorView } from '../ui/error-view';
import { createLatestGate, failedFrom, idleLoadable, type Loadable, loadedWith, loadingFrom } from './loadable';

export type TestResult = { at: number; answer: ResponseOf<'notifications.channels.test'> } | { at: number; error: ErrorView };

export type SaveOutcome = { channel: ChannelInfo } | { error: ErrorView; issues: ErrorIssue[] };

interface NotificationChannelsStore {
  channels: Loadable<ChannelInfo[]>;
  deliveries: Loadable<DeliveryInfo[]>;
  /** '' = every channel. */
  deliveriesChannel: string;
  testing: string | null;
  tests: Record<string, TestResult>;
  confirmingDelete: string | null;
  deleting: string | null;
  deleteError: { id: string; error: ErrorView } | null;
  load(bridge: Bridge): Promise<void>;
  loadDeliveries(bridge: Bridge): Promise<void>;
  setDeliveriesChannel(bridge: Bridge, channelId: string): void;
  save(bridge: Bridge, request: RequestOf<'notifications.channels.save'>): Promise<SaveOutcome>;
  test(bridge: Bridge, id: string): Promise<void>;
  askDelete(id: string | null): void;
  remove(bridge: Bridge, id: string): Promise<boolean>;
  follow(bridge: Bridge): () => void;
}

export const useNotificationChannelsStore = create<NotificationChannelsStore>()((set, get) => {
  const begin = createLatestGate();
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    channels: idleLoadable(),
    deliveries: idleLoadable(),
    deliveriesChannel: '',
    testing: null,
    tests: {},
    confirmingDelete: null,
    deleting: null,
    deleteError: null,
    async load(bridge) {
      const isLatest = begin('channels');
      set({ channels: loadingFrom(get().channels) });
      try {
        const answer = await bridge.invoke('notifications.channels.list', {});
        if (isLatest()) set({ channels: loadedWith(answer.channels) });
      } catch (error) {
        if (isLatest()) set({ channels: failedFrom(get().channels, error) });
      }
    },
    async loadDeliveries(bridge) {
      const isLatest = begin('deliveries');
      const channelId = get().deliveriesChannel;
      set({ deliveries: loadingFrom(get().deliveries) });
      try {
        const answer = await bridge.invoke('notifications.deliveries.list', { ...(channelId ? { channelId } : {}), limit: 50 });
        if (isLatest()) set({ deliveries: loadedWith(answer.deliveries) });
      } catch (error) {
        if (isLatest()) set({ deliveries: failedFrom(get().deliveries, error) });
      }
    },
    setDeliveriesChannel(bridge, channelId) {
      set({ deliveriesChannel: channelId });
      void get().loadDeliveries(bridge);
    },
    async save(bridge, request) {
      try {
        const { channel } = await bridge.invoke('notifications.channels.save', request);
        void get().load(bridge);
        return { channel };
      } catch (error) {
        return { error: toErrorView(error), issues: error instanceof ContractError ? (error.issues ?? []) : [] };
      }
    },
    async test(bridge, id) {
      set({ testing: id });
      try {
        const answer = await bridge.invoke('notifications.channels.test', { id });
        set({ testing: null, tests: { ...get().tests, [id]: { at: Date.now(), answer } } });
      } catch (error) {
        set({ testing: null, tests: { ...get().tests, [id]: { at: Date.now(), error: toErrorView(error) } } });
      }
      void get().load(bridge);
      void get().loadDeliveries(bridge);
    },
    askDelete(id) {
      set({ confirmingDelete: id, deleteError: null });
    },
    async remove(bridge, id) {
      set({ deleting: id, deleteError: null });
      try {
        await bridge.invoke('notifications.channels.delete', { id });
        set({ deleting: null, confirmingDelete: null });
        await get().load(bridge);
        return true;
      } catch (error) {
        set({ deleting: null, deleteError: { id, error: toErrorView(error) } });
        return false;
      }
    },
    follow(bridge) {
      const unsubscribe = bridge.subscribe('notifications.changed', () => {
        clearTimeout(reloadTimer);
        reloadTimer = setTimeout(() => {
          void get().load(bridge);
          void get().loadDeliveries(bridge);
        }, 300);
      });
      return () => {
        clearTimeout(reloadTimer);
        unsubscribe();
      };
    },
  };
});
