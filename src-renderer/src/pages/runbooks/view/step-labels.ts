/**
 * The words of a step's button and record line: the verb of each action, and how a record reads.
 */
import { durationLabel, type RunbookAction } from '../../../../../src-shared/domain/runbook-vocabulary';
import type { StepRecord } from '../../../../../src-shared/domain/runbooks';
import { formatClock } from '../../../ui/format-units';

export function actionButtonLabel(action: RunbookAction): string {
  switch (action.name) {
    case 'silence':
      return `Silence for ${durationLabel(action.duration)}`;
    case 'release-agent':
      return 'Release agent';
    case 'rerun-turn-ai-disabled':
      return 'Re-run with AI disabled';
    case 'open-trace':
      return 'Open trace';
  }
}

export function actionBusyLabel(action: RunbookAction): string {
  switch (action.name) {
    case 'silence':
      return 'Silencing…';
    case 'release-agent':
      return 'Releasing…';
    case 'rerun-turn-ai-disabled':
      return 'Starting the turn…';
    case 'open-trace':
      return 'Finding the trace…';
  }
}

export type StepState = 'done' | 'failed' | 'open';

export function stepState(record: StepRecord | undefined): StepState {
  if (!record || record.outcome === 'unchecked') return 'open';
  return record.outcome;
}

/** "Done by sre at 14:03: silence 4b1… until …" */
export function recordLine(record: StepRecord): string {
  const verb = record.outcome === 'done' ? 'Done' : record.outcome === 'failed' ? 'Failed' : 'Unchecked';
  return `${verb} by ${record.actor} at ${formatClock(record.at)}${record.detail ? `: ${record.detail}` : ''}`;
}
