/**
 * "Compare with…": pick another turn of the same campaign and open the diff of the two, the earlier
 * turn as A.
 */
import { useEffect, useId, useState } from 'react';
import type { TurnSummary } from '../../../../../src-shared/domain/turn';
import { useBridge } from '../../../bridge-context';
import { type ErrorView, toErrorView } from '../../../ui/error-view';
import { formatClock } from '../../../ui/format-units';
import { statusLabel } from '../turn-labels';
import { turnsHref } from '../turns-route';

const CANDIDATES = 50;

export function CompareWith({ turn }: { turn: TurnSummary }) {
  const bridge = useBridge();
  const [open, setOpen] = useState(false);
  const [candidates, setCandidates] = useState<TurnSummary[] | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [other, setOther] = useState('');
  const selectId = useId();

  useEffect(() => {
    if (!open) return;
    let current = true;
    bridge
      .invoke('turns.list', { campaignId: turn.campaignId, limit: CANDIDATES })
      .then(({ turns }) => {
        if (!current) return;
        const others = turns.filter((candidate) => candidate.id !== turn.id && candidate.status !== 'running');
        setCandidates(others);
        setOther((previous) => previous || (others[0]?.id ?? ''));
      })
      .catch((failure: unknown) => current && setError(toErrorView(failure)));
    return () => {
      current = false;
    };
  }, [bridge, open, turn.campaignId, turn.id]);

  if (!open) {
    return (
      <button type="button" className="button small" onClick={() => setOpen(true)} data-testid="turn-compare-open">
        Compare with…
      </button>
    );
  }

  const chosen = candidates?.find((candidate) => candidate.id === other);
  const [a, b] = chosen && chosen.startedAt < turn.startedAt ? [chosen.id, turn.id] : [turn.id, other];
  return (
    <div className="compare-with" data-testid="turn-compare">
      <label htmlFor={selectId}>Compare with</label>
      {error && <span className="text-error">{error.message}</span>}
      {!candidates && !error && <span className="muted">loading turns…</span>}
      {candidates && candidates.length === 0 && <span className="muted">no other finished turn in this campaign</span>}
      {candidates && candidates.length > 0 && (
        <>
          <select id={selectId} value={other} onChange={(event) => setOther(event.target.value)} data-testid="turn-compare-select">
            {candidates.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                Turn {candidate.number} · {statusLabel(candidate.status)} · {formatClock(candidate.startedAt)}
                {candidate.replayOf ? ' · replay' : ''}
              </option>
            ))}
          </select>
          <a className="button small primary" href={turnsHref.diff(a, b)} data-testid="turn-compare-go">
            Show diff
          </a>
        </>
      )}
      <button type="button" className="button small" onClick={() => setOpen(false)}>
        Close
      </button>
    </div>
  );
}
