/**
 * The trace search form as the user types it (strings), and the `traces.search` request it stands for.
 * Bad values are named by field before anything is sent; the engine's own checks still apply.
 */
import type { RequestOf } from '../../../../../src-shared/contract';
import type { KeptReason } from '../../../../../src-shared/domain/trace';

export const TIME_RANGES = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '6h', label: 'Last 6 hours', ms: 6 * 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
  { id: 'all', label: 'Any time', ms: null },
  { id: 'custom', label: 'Custom…', ms: null },
] as const;
export type TimeRangeId = (typeof TIME_RANGES)[number]['id'];

export interface TraceFilterForm {
  range: TimeRangeId;
  /** `datetime-local` values (local time), used when range is custom. */
  since: string;
  until: string;
  status: '' | 'ok' | 'error';
  minDurationMs: string;
  /** Dollars. */
  minCost: string;
  campaignId: string;
  turnId: string;
  spanName: string;
}

export type TraceFilterField = keyof TraceFilterForm;
export type TraceFilterErrors = Partial<Record<TraceFilterField, string>>;
export type TraceSearchFilters = Omit<RequestOf<'traces.search'>, 'limit' | 'offset'>;

export const EMPTY_FILTERS: TraceFilterForm = {
  range: 'all',
  since: '',
  until: '',
  status: '',
  minDurationMs: '',
  minCost: '',
  campaignId: '',
  turnId: '',
  spanName: '',
};

/** Why the tail sampler kept a trace (SPEC section 3): a short label and its explanation. */
export const KEPT_REASON_LABEL: Record<KeptReason, string> = {
  error: 'error',
  slow: 'slow',
  ui: 'console turn',
  costly: 'costly',
  sampled: 'sampled',
};

export const KEPT_REASON_HINT: Record<KeptReason, string> = {
  error: 'every trace with an error is kept',
  slow: 'every trace slower than 10 s is kept',
  ui: 'every turn started from the console is kept',
  costly: 'half the traces with turn.total_cost over $1 are kept',
  sampled: 'a tenth of the other traces are kept',
};

function nonNegative(text: string, what: string): { value?: number; error?: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const value = Number(trimmed);
  if (!Number.isFinite(value) || value < 0) return { error: `${what} must be a number of at least 0` };
  return { value };
}

function localInstant(text: string, what: string): { value?: string; error?: string } {
  if (text.trim() === '') return {};
  const ms = new Date(text).getTime();
  if (Number.isNaN(ms)) return { error: `${what} is not a date and time` };
  return { value: new Date(ms).toISOString() };
}

/** The request for a form, or the errors that keep it from being sent. `nowMs` anchors the "last …" ranges. */
export function searchFiltersFromForm(
  form: TraceFilterForm,
  nowMs: number,
): { filters: TraceSearchFilters; errors: null } | { filters: null; errors: TraceFilterErrors } {
  const errors: TraceFilterErrors = {};
  const filters: TraceSearchFilters = {};
  const range = TIME_RANGES.find((candidate) => candidate.id === form.range);
  if (range?.ms) filters.since = new Date(nowMs - range.ms).toISOString();
  if (form.range === 'custom') {
    const since = localInstant(form.since, 'From');
    const until = localInstant(form.until, 'To');
    if (since.error) errors.since = since.error;
    if (until.error) errors.until = until.error;
    if (since.value) filters.since = since.value;
    if (until.value) filters.until = until.value;
    if (since.value && until.value && since.value > until.value) errors.until = 'To must not be before From';
  }
  if (form.status) filters.status = form.status;
  const duration = nonNegative(form.minDurationMs, 'Min duration');
  if (duration.error) errors.minDurationMs = duration.error;
  else if (duration.value !== undefined) filters.minDurationMs = duration.value;
  const cost = nonNegative(form.minCost, 'Min cost');
  if (cost.error) errors.minCost = cost.error;
  else if (cost.value !== undefined) filters.minCost = cost.value;
  if (form.campaignId) filters.campaignId = form.campaignId;
  const turnId = form.turnId.trim();
  if (turnId) filters.turnId = turnId;
  const spanName = form.spanName.trim();
  if (spanName.length > 200) errors.spanName = 'Span name is at most 200 characters';
  else if (spanName) filters.spanName = spanName;
  return Object.keys(errors).length > 0 ? { filters: null, errors } : { filters, errors: null };
}
