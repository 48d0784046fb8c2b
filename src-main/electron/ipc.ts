/**
 * The desktop transport: every message from the renderer is checked to come from our own top-level
 * frame, then dispatched through the same engine rpc as HTTP. Results and errors travel as envelopes.
 */
import { type IpcMainEvent, type IpcMainInvokeEvent, ipcMain, type WebContents } from 'electron';
import { type InvokeResult, IPC } from '../../src-shared/desktop-api';
import { ContractError } from '../../src-shared/errors';
import type { Identity } from '../../src-shared/rbac';
import type { Host } from '../engine/host';

export interface IpcOptions {
  host: Host;
  identity: Identity;
  /** Whether a frame URL belongs to the app (file:// of the bundle, or the dev server). */
  isAppUrl(url: string): boolean;
}

export function registerIpc({ host, identity, isAppUrl }: IpcOptions): () => void {
  const subscriptions = new Map<WebContents, Map<string, () => void>>();

  function trusted(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
    const frame = event.senderFrame;
    return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
  }

  ipcMain.handle(IPC.invoke, async (event, channel: unknown, request: unknown): Promise<InvokeResult> => {
    if (!trusted(event)) return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } };
    try {
      const value = await host.rpc.dispatch(String(channel), request, identity);
      return { ok: true, value };
    } catch (error) {
      const typed = error instanceof ContractError ? error : new ContractError('internal', 'the request failed unexpectedly');
      return { ok: false, error: typed.toBody() };
    }
  });

  ipcMain.on(IPC.subscribe, (event, topic: unknown) => {
    if (!trusted(event) || typeof topic !== 'string') return;
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
    if (!trusted(event) || typeof topic !== 'string') return;
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
