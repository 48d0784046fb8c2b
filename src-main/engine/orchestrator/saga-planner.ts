/**
 * Saga planning (SPEC section 1, "Saga compensation"), as a pure function: which compensations undo a
 * failed turn, in which order. The compensator executes the plan against the database.
 *
 * When a failure ends the turn (SPEC leaves the combination with fail_fast open; this is our rule):
 * - a failure of world_update or event_integration, a critical failure, the turn's own timeout,
 *   cancellation and interruption always end the turn: the world would otherwise be inconsistent;
 * - a failure of subjective_brief, interaction_orchestration or narrative_integration (validation,
 *   provider error, phase timeout, cost cap) ends it only with fail_fast_on_phase_failure; otherwise the
 *   turn goes on and ends partially_completed, keeping what succeeded.
 * A turn that ends on a failure is compensated when rollback_enabled, else left as it is ("failed").
 */
import type { CompensationType, FailureReason } from '../../../src-shared/domain/turn';
import { PHASES, type PhaseName } from '../../../src-shared/domain/turn-configuration';

export interface CompensationStep {
  type: CompensationType;
  /** The committed phase this step undoes; null for the closing steps (log, notify, review). */
  phase: PhaseName | null;
}

const UNDO: Record<PhaseName, CompensationType[]> = {
  world_update: ['rollback_world_state'],
  subjective_brief: ['invalidate_subjective_briefs'],
  interaction_orchestration: ['cancel_interactions'],
  event_integration: ['remove_events', 'rollback_world_state'],
  narrative_integration: ['revert_narrative_changes'],
};

const TURN_ENDING_REASONS: ReadonlySet<FailureReason> = new Set(['turn_timeout', 'cancelled', 'interrupted', 'internal']);
const STRUCTURAL_PHASES: ReadonlySet<PhaseName> = new Set(['world_update', 'event_integration']);

export interface PhaseFailureFacts {
  phase: PhaseName;
  reason: FailureReason;
  critical: boolean;
}

/** Does this failure end the turn, or may the remaining phases still run? */
export function failureEndsTurn(failure: PhaseFailureFacts, failFast: boolean): boolean {
  return failFast || failure.critical || STRUCTURAL_PHASES.has(failure.phase) || TURN_ENDING_REASONS.has(failure.reason);
}

export interface SagaInput {
  /** Phases whose results were committed, in the order they ran. */
  committed: readonly PhaseName[];
  failure: PhaseFailureFacts;
  rollbackEnabled: boolean;
}

export function planCompensation({ committed, failure, rollbackEnabled }: SagaInput): CompensationStep[] {
  const steps: CompensationStep[] = [];
  if (rollbackEnabled) {
    const ordered = [...committed].sort((a, b) => PHASES.indexOf(a) - PHASES.indexOf(b));
    for (const phase of ordered.reverse()) {
      for (const type of UNDO[phase]) steps.push({ type, phase });
    }
  }
  steps.push({ type: 'log_failure', phase: null }, { type: 'notify_participants', phase: null });
  if (STRUCTURAL_PHASES.has(failure.phase) || failure.critical) steps.push({ type: 'trigger_manual_review', phase: null });
  return steps;
}
