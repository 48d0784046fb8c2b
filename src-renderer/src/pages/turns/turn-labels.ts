/**
 * How turn, phase and compensation states read in the UI: one tone per status (the badge colour) and
 * the spec's words with spaces instead of underscores. The raw value stays in data attributes and titles.
 */
import type { OverallStatus, PhaseStatus } from '../../../../src-shared/domain/turn';
import type { PhaseName } from '../../../../src-shared/domain/turn-configuration';
import type { BadgeTone } from '../../ui/Card';

/** A phase as the live stepper sees it: the stored statuses plus the two states of a turn in flight. */
export type StepStatus = PhaseStatus | 'running' | 'pending';

export const OVERALL_STATUS_TONE: Record<OverallStatus, BadgeTone> = {
  running: 'info',
  completed: 'ok',
  partially_completed: 'warning',
  compensated: 'warning',
  failed: 'error',
  cancelled: 'neutral',
  interrupted: 'error',
};

export const STEP_STATUS_TONE: Record<StepStatus, BadgeTone> = {
  pending: 'neutral',
  running: 'info',
  succeeded: 'ok',
  failed: 'error',
  compensated: 'warning',
  skipped: 'neutral',
  not_run: 'neutral',
};

export const PHASE_LABEL: Record<PhaseName, string> = {
  world_update: 'World update',
  subjective_brief: 'Subjective briefs',
  interaction_orchestration: 'Interactions',
  event_integration: 'Event integration',
  narrative_integration: 'Narrative',
};

/** `partially_completed` -> `partially completed`. */
export function statusLabel(status: string): string {
  return status.replaceAll('_', ' ');
}

/** True once a turn has ended, whatever the outcome. */
export function isFinished(status: OverallStatus | null | undefined): boolean {
  return status !== undefined && status !== null && status !== 'running';
}
