/**
 * Hands the one bridge created at startup to every view, so pages never create transports themselves.
 */
import { createContext, type ReactNode, useContext } from 'react';
import type { Bridge } from './bridge';

const BridgeContext = createContext<Bridge | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: Bridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function useBridge(): Bridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge() called outside <BridgeProvider>');
  return bridge;
}
