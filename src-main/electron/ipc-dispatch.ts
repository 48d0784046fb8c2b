/**
 * What the desktop transport does with a renderer's message, without Electron: admit it only from the
 * window's own top-level frame showing the app, then hand it to the engine's rpc with the desktop
 * operator's identity (the same validation, RBAC and audit as HTTP) and wrap the outcome in an envelope.
 * ipc.ts binds this to ipcMain; tests drive it in plain Node.
 */
import type { InvokeResult } from '../../src-shared/desktop-api';
import { ContractError } from '../../src-shared/errors';
import type { Identity } from '../../src-shared/rbac';
import type { Logger } from '../engine/logger';
import type { Rpc } from '../engine/rpc';
import { isTrustedSender } from './window-policy';

/** Longest channel or topic name accepted from the renderer; anything longer is not one of ours. */
const MAX_NAME_LENGTH = 100;

/** The parts of an IPC event the checks read (Electron's IpcMainEvent / IpcMainInvokeEvent have them). */
export interface IpcSender {
  senderFrame: { url: string } | null | undefined;
  sender: { mainFrame: unknown };
}

export interface IpcDispatcherOptions {
  rpc: Pick<Rpc, 'dispatch'>;
  /** The desktop operator (desktop-identity.ts): admin by default, lower on shared workstations. */
  identity: Identity;
  /** Whether a frame URL belongs to the app (file:// of the bundle, or the dev server). */
  isAppUrl(url: string): boolean;
  logger?: Logger;
}

export interface IpcDispatcher {
  /** Whether a message may be acted on at all (every invoke, subscribe and unsubscribe asks). */
  admits(event: IpcSender, kind: 'invoke' | 'subscribe' | 'unsubscribe'): boolean;
  invoke(event: IpcSender, channel: unknown, request: unknown): Promise<InvokeResult>;
}

export function isIpcName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH;
}

export function createIpcDispatcher(options: IpcDispatcherOptions): IpcDispatcher {
  const { rpc, identity, isAppUrl, logger } = options;

  function admits(event: IpcSender, kind: 'invoke' | 'subscribe' | 'unsubscribe'): boolean {
    if (isTrustedSender(event.senderFrame, event.sender.mainFrame, isAppUrl)) return true;
    logger?.warn({ kind, url: event.senderFrame?.url?.slice(0, 200) ?? null }, 'IPC from an untrusted frame refused');
    return false;
  }

  return {
    admits,
    async invoke(event, channel, request) {
      if (!admits(event, 'invoke')) return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } };
      if (!isIpcName(channel)) return { ok: false, error: { code: 'not_found', message: 'unknown channel' } };
      try {
        return { ok: true, value: await rpc.dispatch(channel, request, identity) };
      } catch (error) {
        const typed = error instanceof ContractError ? error : new ContractError('internal', 'the request failed unexpectedly');
        return { ok: false, error: typed.toBody() };
      }
    },
  };
}
