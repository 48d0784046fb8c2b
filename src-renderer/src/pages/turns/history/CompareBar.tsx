/**
 * The turns picked for a diff (kept across pages and filters) and the button that opens it.
 */
import { useTurnHistoryStore } from '../../../stores/turn-history-store';
import { turnsHref } from '../turns-route';
import { MAX_SELECTED, orderedPair } from './turn-selection';

export function CompareBar() {
  const selected = useTurnHistoryStore((store) => store.selected);
  const pair = orderedPair(selected);
  return (
    <div className="compare-bar" data-testid="compare-bar" aria-live="polite">
      <span>
        {selected.length === 0 && 'Tick two turns to compare them.'}
        {selected.length > 0 && (
          <>
            Picked {selected.map((turn) => `Turn ${turn.number}`).join(' and ')}
            {selected.length < MAX_SELECTED && ': tick one more.'}
          </>
        )}
      </span>
      <div className="button-row">
        {pair ? (
          <a className="button small primary" href={turnsHref.diff(pair[0].id, pair[1].id)} data-testid="history-compare">
            Compare Turn {pair[0].number} ↔ Turn {pair[1].number}
          </a>
        ) : (
          <button type="button" className="button small" disabled data-testid="history-compare">
            Compare
          </button>
        )}
        {selected.length > 0 && (
          <button type="button" className="button small" onClick={() => useTurnHistoryStore.getState().clearSelection()}>
            Clear
          </button>
        )}
      </div>
    </div>
  );
}
