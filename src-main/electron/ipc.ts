/**
 * The desktop transport: binds ipc-dispatch.ts to ipcMain. Every message from the renderer (invoke,
 * subscribe, unsubscribe) is checked to come from our own top-level frame showing the app, then goes
 * through the same engine rpc and topic bus as HTTP with the desktop operator's identity, so RBAC and the
 * audit log apply unchanged. Results and errors travel as envelopes.
 */
import { ipcMain, type WebContents } from 'electron';
import { type InvokeResult, IPC } from '../../src-shared/desktop-api';
import type { Identity } from '../../src-shared/rbac';
import type { Host } from '../engine/host';
import { createIpcDispatcher, isIpcName } from './ipc-dispatch';

export interface IpcOptions {
  host: Host;
  /** The desktop operator (desktop-identity.ts): admin by default, lower on shared workstations. */
  identity: Identity;
  /** Whether a frame URL belongs to the app (file:// of the bundle, or the dev server). */
  isAppUrl(url: string): boolean;
}

export function registerIpc({ host, identity, isAppUrl }: IpcOptions): () => void {
  const subscriptions = new Map<WebContents, Map<string, () => void>>();
  const dispatcher = createIpcDispatcher({ rpc: host.rpc, identity, isAppUrl, logger: host.logger });

  ipcMain.handle(
    IPC.invoke,
    (event, channel: unknown, request: unknown): Promise<InvokeResult> => dispatcher.invoke(event, channel, request),
  );

  ipcMain.on(IPC.subscribe, (event, topic: unknown) => {
    if (!dispatcher.admits(event, 'subscribe') || !isIpcName(topic)) return;
    const sender = event.sender;
    let forSender = subscriptions.get(sender);
    if (!forSender) {
      const created = new Map<string, () => void>();
      forSender = created;
      subscriptions.set(sender, created);
      sender.once('destroyed', () => {
        for (const unsubscribe of created.values()) unsubscribe();
        subscriptions.delete(sender);
      });
    }
    if (forSender.has(topic)) return;
    try {
      // The topic bus checks the topic's permission against the same identity.
      forSender.set(
        topic,
        host.topics.subscribe(identity, topic, (payload) => {
          if (!sender.isDestroyed()) sender.send(IPC.event, topic, payload);
        }),
      );
      const latest = host.topics.latest(topic as never);
      if (latest !== undefined) sender.send(IPC.event, topic, latest);
    } catch (error) {
      host.logger.warn({ topic, err: error }, 'renderer subscription refused');
    }
  });

  ipcMain.on(IPC.unsubscribe, (event, topic: unknown) => {
    if (!dispatcher.admits(event, 'unsubscribe') || !isIpcName(topic)) return;
    const forSender = subscriptions.get(event.sender);
    forSender?.get(topic)?.();
    forSender?.delete(topic);
  });

  return () => {
    ipcMain.removeHandler(IPC.invoke);
    ipcMain.removeAllListeners(IPC.subscribe);
    ipcMain.removeAllListeners(IPC.unsubscribe);
    for (const forSender of subscriptions.values()) for (const unsubscribe of forSender.values()) unsubscribe();
    subscriptions.clear();
  };
}
