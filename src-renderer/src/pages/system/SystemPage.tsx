/**
 * The System page: health, info and live runtime of the engine this console is connected to.
 * Owns the page's data flow: health every 10 s, info once, ticks as they arrive, and a full reload
 * when the connection comes back after a loss.
 */
import { useCallback, useEffect, useRef } from 'react';
import { useBridge } from '../../bridge-context';
import { ErrorBoundary } from '../../shell/ErrorBoundary';
import { useConnectionStore } from '../../stores/connection-store';
import { useSystemStore } from '../../stores/system-store';
import { HEALTH_REFRESH_MS, HealthCard } from './HealthCard';
import { InfoCard } from './InfoCard';
import { RuntimeCard } from './RuntimeCard';

export function SystemPage() {
  const bridge = useBridge();
  const connection = useConnectionStore((store) => store.state);
  const refreshHealth = useCallback(() => void useSystemStore.getState().loadHealth(bridge), [bridge]);

  useEffect(() => bridge.subscribe('system.tick', (tick) => useSystemStore.getState().addTick(tick)), [bridge]);

  useEffect(() => {
    refreshHealth();
    void useSystemStore.getState().loadInfo(bridge);
    const timer = setInterval(refreshHealth, HEALTH_REFRESH_MS);
    return () => clearInterval(timer);
  }, [bridge, refreshHealth]);

  const previousConnection = useRef(connection);
  useEffect(() => {
    if (previousConnection.current === 'disconnected' && connection === 'connected') {
      refreshHealth();
      void useSystemStore.getState().loadInfo(bridge);
    }
    previousConnection.current = connection;
  }, [bridge, connection, refreshHealth]);

  return (
    <div className="page-grid">
      {/* One boundary per card: a card that fails to render must not take the others with it. */}
      <ErrorBoundary scope="the Health card">
        <HealthCard onRefresh={refreshHealth} />
      </ErrorBoundary>
      <ErrorBoundary scope="the Live runtime card">
        <RuntimeCard />
      </ErrorBoundary>
      <ErrorBoundary scope="the Info card">
        <InfoCard />
      </ErrorBoundary>
    </div>
  );
}
