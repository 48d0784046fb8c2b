/**
 * Sandboxed preload: exposes exactly `window.novel = { invoke, on }` and never ipcRenderer itself.
 * Channel and topic names are checked against the contract before anything is sent.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { isChannelName, isTopicName } from '../../src-shared/contract';
import { type DesktopApi, type InvokeResult, IPC } from '../../src-shared/desktop-api';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(IPC.event, (_event, topic: string, payload: unknown) => {
  for (const listener of listeners.get(topic) ?? []) listener(payload);
});

const api: DesktopApi = {
  async invoke(channel, request): Promise<InvokeResult> {
    if (!isChannelName(channel)) return { ok: false, error: { code: 'not_found', message: `unknown channel "${String(channel)}"` } };
    return ipcRenderer.invoke(IPC.invoke, channel, request) as Promise<InvokeResult>;
  },
  on(topic, listener) {
    if (!isTopicName(topic) || typeof listener !== 'function') return () => {};
    let set = listeners.get(topic);
    if (!set) {
      set = new Set();
      listeners.set(topic, set);
      ipcRenderer.send(IPC.subscribe, topic);
    }
    set.add(listener);
    return () => {
      const current = listeners.get(topic);
      current?.delete(listener);
      if (current && current.size === 0) {
        listeners.delete(topic);
        ipcRenderer.send(IPC.unsubscribe, topic);
      }
    };
  },
};

contextBridge.exposeInMainWorld('novel', api);
