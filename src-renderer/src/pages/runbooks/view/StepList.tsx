/**
 * One checklist of a runbook, live: each step with its state on the incident (the newest record of it).
 */
import type { RunbookStep } from '../../../../../src-shared/domain/runbook-vocabulary';
import type { StepRecord } from '../../../../../src-shared/domain/runbooks';
import { StepRow } from './StepRow';
import type { StepContext } from './step-actions';
import type { StepTarget } from './take-step';

interface StepListProps {
  steps: readonly RunbookStep[];
  target: StepTarget;
  context: StepContext;
  /** Newest record per `slug/stepKey`. */
  latest: ReadonlyMap<string, StepRecord>;
}

export function StepList({ steps, target, context, latest }: StepListProps) {
  return (
    <ol className="runbook-steps" data-testid="runbook-steps">
      {steps.map((step) => (
        <StepRow key={step.key} step={step} target={target} context={context} record={latest.get(`${target.slug}/${step.key}`)} />
      ))}
    </ol>
  );
}
