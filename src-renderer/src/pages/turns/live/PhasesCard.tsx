/**
 * The phases of a turn: the live stepper, and once results are stored, the per-phase table.
 */
import { useTurnDetailStore } from '../../../stores/turn-detail-store';
import { Card } from '../../../ui/Card';
import { formatCost } from '../../../ui/format-units';
import { PhaseStepper } from './PhaseStepper';
import { PhaseTable } from './PhaseTable';
import type { LiveTurnState } from './phase-steps';

export function PhasesCard({ live, finished, turnId }: { live: LiveTurnState; finished: boolean; turnId: string }) {
  const results = useTurnDetailStore((store) => store.details[turnId]?.data?.phases);
  return (
    <Card
      id="phases-card"
      title="Phases"
      className="card-wide"
      actions={
        <span className="card-meta num">
          {finished ? 'total' : 'so far'} {formatCost(live.totalAiCost)}
        </span>
      }
    >
      <PhaseStepper steps={live.steps} />
      {results && results.length > 0 && <PhaseTable steps={live.steps} results={results} />}
    </Card>
  );
}
