/**
 * What the Electron preload exposes to the renderer as `window.novel` — the only door from the page to
 * the main process. Results travel as envelopes because Error objects lose their fields crossing
 * contextBridge; the renderer's bridge turns `{ ok: false }` back into a ContractError.
 */
import type { ErrorBody } from './errors';

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: ErrorBody };

export interface DesktopApi {
  invoke(channel: string, request: unknown): Promise<InvokeResult>;
  /** Subscribes to a topic; returns the unsubscribe function. */
  on(topic: string, listener: (payload: unknown) => void): () => void;
}

/** IPC channel names between preload and main (not contract channels). */
export const IPC = {
  invoke: 'novel:invoke',
  subscribe: 'novel:subscribe',
  unsubscribe: 'novel:unsubscribe',
  event: 'novel:event',
} as const;
