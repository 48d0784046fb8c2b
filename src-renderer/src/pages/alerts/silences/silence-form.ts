/**
 * The silence form as plain data: matchers (one row each), when it starts, how long it lasts (presets
 * or any duration) and why. Builds the `silences.create` request, refusing what the engine would
 * refuse — no matcher, a matcher that is not valid, matchers that would mute everything, no comment —
 * with a message for the field that is wrong.
 */
import type { RequestOf } from '../../../../../src-shared/contract';
import type { LabelMatcher } from '../../../../../src-shared/domain/metrics-query';
import { matcherError, matchesEverything } from '../label-matchers';
import { DURATION_HINT, parseDurationText } from '../prom-duration';
import type { MatcherRow } from '../rules/rule-form';

export const SILENCE_DURATION_PRESETS = [
  { value: '1h', label: '1 hour' },
  { value: '2h', label: '2 hours' },
  { value: '4h', label: '4 hours' },
  { value: '8h', label: '8 hours' },
  { value: '1d', label: '1 day' },
  { value: '3d', label: '3 days' },
  { value: '1w', label: '1 week' },
] as const;

export interface SilenceForm {
  matchers: MatcherRow[];
  /** A preset's value, or `custom` (then `customDuration`). */
  duration: string;
  customDuration: string;
  /** '' = now; otherwise a local date-time from a datetime-local input (`2025-01-31T14:00`). */
  startsAt: string;
  comment: string;
}

export type SilenceField = 'matchers' | 'duration' | 'startsAt' | 'comment';
export type SilenceFieldErrors = Partial<Record<SilenceField, string>>;

export function newSilenceForm(matchers: readonly LabelMatcher[] = []): SilenceForm {
  return {
    matchers: matchers.length > 0 ? matchers.map((matcher) => ({ ...matcher })) : [{ label: '', op: '=', value: '' }],
    duration: '1h',
    customDuration: '',
    startsAt: '',
    comment: '',
  };
}

/** The rows that say something (an all-empty row is a row not filled in yet). */
export function silenceMatchers(form: SilenceForm): LabelMatcher[] {
  return form.matchers
    .filter((row) => row.label.trim() !== '' || row.value !== '')
    .map((row) => ({ label: row.label.trim(), op: row.op, value: row.value }));
}

export type BuiltSilence = { request: RequestOf<'silences.create'> } | { errors: SilenceFieldErrors };

export function buildSilenceRequest(form: SilenceForm): BuiltSilence {
  const errors: SilenceFieldErrors = {};
  const matchers = silenceMatchers(form);
  if (matchers.length === 0) errors.matchers = 'add at least one matcher';
  else {
    const invalid = matchers.map(matcherError).find((message) => message !== null);
    if (invalid) errors.matchers = invalid;
    else if (matchesEverything(matchers))
      errors.matchers = 'at least one matcher must require a non-empty label, or the silence would mute every alert';
  }
  const duration = form.duration === 'custom' ? form.customDuration.trim() : form.duration;
  const durationMs = parseDurationText(duration);
  if (durationMs === null) errors.duration = DURATION_HINT;
  else if (durationMs <= 0) errors.duration = 'a silence must last longer than 0s';
  let startsAt: string | undefined;
  if (form.startsAt !== '') {
    const start = new Date(form.startsAt);
    if (Number.isNaN(start.getTime())) errors.startsAt = 'a date and time, or empty for now';
    else startsAt = start.toISOString();
  }
  const comment = form.comment.trim();
  if (comment === '') errors.comment = 'say why (a comment is required)';
  if (Object.keys(errors).length > 0) return { errors };
  return { request: { matchers, duration, comment, ...(startsAt ? { startsAt } : {}) } };
}

/** Maps an engine issue path (`matchers.0.value`, `endsAt`, `comment`) to the form's field. */
export function silenceFieldOfIssue(path: string): SilenceField | null {
  const first = path.split('.')[0] ?? '';
  if (first === 'matchers') return 'matchers';
  if (first === 'duration' || first === 'endsAt') return 'duration';
  if (first === 'startsAt') return 'startsAt';
  if (first === 'comment') return 'comment';
  return null;
}
