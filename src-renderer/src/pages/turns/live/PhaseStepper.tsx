/**
 * The five phases as a horizontal stepper: each step's state (pending, running, succeeded, failed,
 * compensated, skipped, not run), its duration and AI cost as they become known.
 */
import { formatCost, formatElapsedMs } from '../../../ui/format-units';
import { PHASE_LABEL, type StepStatus, statusLabel } from '../turn-labels';
import type { PhaseStep } from './phase-steps';

const MARK: Record<StepStatus, string> = {
  pending: '',
  running: '',
  succeeded: '✓',
  failed: '✕',
  compensated: '↺',
  skipped: '–',
  not_run: '–',
};

export function PhaseStepper({ steps }: { steps: readonly PhaseStep[] }) {
  return (
    <ol className="stepper" data-testid="phase-stepper">
      {steps.map((step, index) => (
        <li
          key={step.phase}
          className={`step step-${step.status}`}
          data-testid={`phase-step-${step.phase}`}
          data-status={step.status}
          aria-current={step.status === 'running' ? 'step' : undefined}
        >
          <span className="step-marker" aria-hidden="true">
            {step.status === 'running' ? <span className="step-spinner" /> : MARK[step.status] || index + 1}
          </span>
          <span className="step-text">
            <span className="step-label" title={step.phase}>
              {PHASE_LABEL[step.phase]}
            </span>
            <span className="step-status" data-testid={`phase-step-status-${step.phase}`}>
              {statusLabel(step.status)}
            </span>
            <span className="step-figures num">
              {step.durationMs !== null && (
                <span data-testid={`phase-step-duration-${step.phase}`}>{formatElapsedMs(step.durationMs)}</span>
              )}
              {step.aiCost !== null && step.aiCost > 0 && (
                <span data-testid={`phase-step-cost-${step.phase}`}>{formatCost(step.aiCost)}</span>
              )}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}
