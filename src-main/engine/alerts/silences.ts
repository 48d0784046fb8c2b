/**
 * Silences (SPEC section 6, Alertmanager's): label matchers with a start and an end; pending before the
 * start, active until the end, expired after. An active silence mutes every alert whose labels match all
 * its matchers. A silence must have at least one matcher that does not match an empty label, or it would
 * mute every alert (Alertmanager refuses those too).
 */
import type { LabelMatcher, SilenceState } from '../../../src-shared/domain/alerts';
import { ContractError } from '../../../src-shared/errors';
import { compileMatchers, type LabelPredicate, type Labels, matchesEmpty } from './label-matchers';

export interface SilenceRecord {
  id: string;
  matchers: LabelMatcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
  updatedAt: number;
}

export function silenceState(silence: Pick<SilenceRecord, 'startsAt' | 'endsAt'>, nowMs: number): SilenceState {
  if (nowMs >= silence.endsAt) return 'expired';
  if (nowMs < silence.startsAt) return 'pending';
  return 'active';
}

/** Throws invalid_request for a silence that would mute everything or has a broken regular expression. */
export function validateSilenceMatchers(matchers: readonly LabelMatcher[]): void {
  compileMatchers(matchers, 'matchers');
  if (matchers.every(matchesEmpty)) {
    throw new ContractError(
      'invalid_request',
      'a silence needs at least one matcher that does not match an empty label, or it would mute every alert',
      [{ field: 'matchers', message: 'every matcher matches an empty label' }],
    );
  }
}

export interface ActiveSilences {
  /** Ids of the active silences that mute these labels. */
  muting(labels: Labels): string[];
}

export function activeSilences(silences: readonly SilenceRecord[], nowMs: number): ActiveSilences {
  const active: { id: string; matches: LabelPredicate }[] = silences
    .filter((silence) => silenceState(silence, nowMs) === 'active')
    .map((silence) => ({ id: silence.id, matches: compileMatchers(silence.matchers) }));
  return {
    muting: (labels) => (active.length === 0 ? [] : active.filter((silence) => silence.matches(labels)).map((silence) => silence.id)),
  };
}
