/**
 * What an output card says when it has nothing to show, from the state of the phase that produces it:
 * a quiet phase, a phase still to come, one that failed, or one the turn never reached.
 */
import type { StepStatus } from '../turn-labels';

export type OutputKind = 'briefs' | 'interactions' | 'narrative' | 'events';

const WHAT: Record<OutputKind, { noun: string; phase: string; quiet: string }> = {
  briefs: { noun: 'Briefs', phase: 'subjective brief phase', quiet: 'No participant got a brief.' },
  interactions: { noun: 'Interactions', phase: 'interaction phase', quiet: 'No interactions: no two participants were close enough.' },
  narrative: { noun: 'The narrative', phase: 'narrative phase', quiet: 'The narrative phase committed no narrative.' },
  events: { noun: 'Events', phase: 'turn', quiet: 'No events.' },
};

export function emptyOutputText(kind: OutputKind, status: StepStatus | undefined): string {
  const { noun, phase, quiet } = WHAT[kind];
  switch (status) {
    case 'pending':
    case 'running':
      return `${noun} appear${noun.startsWith('The ') ? 's' : ''} when the ${phase} succeeds.`;
    case 'failed':
      return `The ${phase} failed, so nothing was committed.`;
    case 'skipped':
      return `The ${phase} was disabled for this turn.`;
    case 'not_run':
      return `The turn ended before the ${phase}.`;
    default:
      return quiet;
  }
}
