/**
 * Replays a finished turn from its recorded input — with the recorded provider responses, or with the
 * simulated provider — without touching the campaign's world. The result shows in the Replay card.
 */
import type { ReplayMode } from '../../../../../src-shared/domain/turn';
import { useBridge } from '../../../bridge-context';
import { useTurnDiffStore } from '../../../stores/turn-diff-store';

const MODES: { mode: ReplayMode; label: string; title: string }[] = [
  {
    mode: 'recorded',
    label: 'Recorded',
    title: 'Replay with the provider responses recorded during the turn: should reproduce it exactly',
  },
  { mode: 'simulated', label: 'Simulated', title: 'Replay with the simulated provider from the same seed and input world' },
];

export function ReplayButtons({ turnId }: { turnId: string }) {
  const bridge = useBridge();
  const replay = useTurnDiffStore((store) => store.replays[turnId]);
  return (
    <fieldset className="button-group" aria-label="Replay this turn">
      <legend className="button-group-label">Replay</legend>
      {MODES.map(({ mode, label, title }) => (
        <button
          key={mode}
          type="button"
          className="button small"
          title={title}
          disabled={replay?.loading}
          aria-busy={replay?.loading && replay.mode === mode}
          onClick={() => void useTurnDiffStore.getState().replay(bridge, turnId, mode)}
          data-testid={`turn-replay-${mode}`}
        >
          {replay?.loading && replay.mode === mode ? 'Replaying…' : label}
        </button>
      ))}
    </fieldset>
  );
}
