/**
 * The Run view: the run panel beside the turn started from it, live while it runs and with its full
 * result once it ends.
 */
import { useTurnRunStore } from '../../../stores/turn-run-store';
import { TurnView } from '../result/TurnView';
import { turnsHref } from '../turns-route';
import { RunPanel } from './RunPanel';

export function RunView() {
  const current = useTurnRunStore((store) => store.current);
  return (
    <div className="run-layout">
      <RunPanel />
      <div className="run-current" data-testid="current-turn">
        {current ? (
          <TurnView turnId={current.turnId} />
        ) : (
          <section className="empty-panel" data-testid="no-current-turn">
            <h2>No turn started from here yet</h2>
            <p className="muted">
              Pick a campaign and its participants, adjust the configuration if you need to, and press <strong>Run turn</strong>. The five
              phases appear here as they run, then the narrative, events and costs. Earlier turns are in the{' '}
              <a href={turnsHref.history()}>history</a>.
            </p>
          </section>
        )}
      </div>
    </div>
  );
}
