/**
 * Cancellation checks shared by the phases (SPEC section 1: "A turn can be cancelled at any moment;
 * cancellation is a failure with reason `cancelled`"). When the orchestrator aborts with a PhaseFailure
 * as the reason (a turn timeout, say), that failure is thrown as it is so its reason survives.
 */
import type { PhaseName } from '../../../../src-shared/domain/turn-configuration';
import { PhaseFailure } from './phase';

export function cancellationOf(signal: AbortSignal, phase: PhaseName): PhaseFailure {
  if (signal.reason instanceof PhaseFailure) return signal.reason;
  return new PhaseFailure('cancelled', `${phase} stopped: the turn was cancelled`, { cause: signal.reason });
}

export function throwIfCancelled(signal: AbortSignal, phase: PhaseName): void {
  if (signal.aborted) throw cancellationOf(signal, phase);
}
