/**
 * The top bar's connection indicator: a coloured dot and a word, announced politely when it changes.
 */
import type { ConnectionState } from '../bridge';
import { useConnectionStore } from '../stores/connection-store';

const LABELS: Record<ConnectionState, { label: string; hint: string }> = {
  connecting: { label: 'Connecting', hint: 'Opening the connection to the engine…' },
  connected: { label: 'Connected', hint: 'Receiving live data from the engine.' },
  disconnected: { label: 'Disconnected', hint: 'The engine cannot be reached; retrying every 3 s.' },
  unauthenticated: { label: 'Unauthenticated', hint: 'No valid access token: open the login URL that novel-console serve printed.' },
};

export function ConnectionStatus() {
  const state = useConnectionStore((store) => store.state);
  const { label, hint } = LABELS[state];
  return (
    <output
      className={`connection-status state-${state}`}
      data-testid="connection-status"
      data-state={state}
      title={hint}
      aria-live="polite"
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{label}</span>
    </output>
  );
}
