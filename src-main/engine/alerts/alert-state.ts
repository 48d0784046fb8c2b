/**
 * The alert state machine (SPEC section 6), as Prometheus evaluates it, pure: one step per evaluation of
 * one series. inactive -> pending when the condition starts to hold; pending -> firing once it has held
 * for `for` (straight to firing when `for` is 0); pending -> inactive when it stops holding before that;
 * firing -> resolved when it stops holding, or, with `keep_firing_for`, once it has not held for that long
 * (holding again meanwhile keeps it firing); resolved or inactive -> pending again starts a new episode.
 * Every change of state is returned as a transition for the caller to store.
 */
import type { AlertState } from '../../../src-shared/domain/alerts';

export interface AlertStatus {
  state: AlertState;
  /** 1 for the first activation, +1 for each later one. */
  episode: number;
  /** When the condition began to hold in this episode (epoch ms). */
  activeAt: number;
  firedAt: number | null;
  resolvedAt: number | null;
  /** When the current state was entered. */
  since: number;
  /** Firing, condition no longer holding, kept firing since (keep_firing_for). */
  keepFiringSince: number | null;
  value: number | null;
}

export interface StepTiming {
  forMs: number;
  keepFiringForMs: number;
}

export interface StateChange {
  from: AlertState;
  to: AlertState;
  at: number;
  value: number | null;
}

export interface StepResult {
  /** Null: there is no alert (the condition never held for this series). */
  status: AlertStatus | null;
  changes: StateChange[];
}

function activate(previous: AlertStatus | null, value: number | null, at: number, timing: StepTiming): StepResult {
  const from: AlertState = previous?.state ?? 'inactive';
  const firing = timing.forMs <= 0;
  const to: AlertState = firing ? 'firing' : 'pending';
  return {
    status: {
      state: to,
      episode: (previous?.episode ?? 0) + 1,
      activeAt: at,
      firedAt: firing ? at : null,
      resolvedAt: null,
      since: at,
      keepFiringSince: null,
      value,
    },
    changes: [{ from, to, at, value }],
  };
}

/** One evaluation of one series at `at`: `holds` is whether the rule's condition holds for it now. */
export function stepAlert(previous: AlertStatus | null, holds: boolean, value: number | null, at: number, timing: StepTiming): StepResult {
  if (previous === null || previous.state === 'inactive' || previous.state === 'resolved') {
    if (holds) return activate(previous, value, at, timing);
    return { status: previous, changes: [] };
  }
  if (previous.state === 'pending') {
    if (!holds) {
      return {
        status: { ...previous, state: 'inactive', since: at, value, keepFiringSince: null },
        changes: [{ from: 'pending', to: 'inactive', at, value }],
      };
    }
    if (at - previous.activeAt >= timing.forMs) {
      return {
        status: { ...previous, state: 'firing', firedAt: at, since: at, value },
        changes: [{ from: 'pending', to: 'firing', at, value }],
      };
    }
    return { status: { ...previous, value }, changes: [] };
  }
  // firing
  if (holds) return { status: { ...previous, keepFiringSince: null, value }, changes: [] };
  const keptSince = previous.keepFiringSince ?? at;
  if (timing.keepFiringForMs > 0 && at - keptSince < timing.keepFiringForMs) {
    return { status: { ...previous, keepFiringSince: keptSince, value }, changes: [] };
  }
  return {
    status: { ...previous, state: 'resolved', resolvedAt: at, since: at, keepFiringSince: null, value },
    changes: [{ from: 'firing', to: 'resolved', at, value }],
  };
}

/** Ends an alert at once (its rule was deleted or disabled past keep_firing_for): firing resolves, pending goes inactive. */
export function endAlert(previous: AlertStatus, at: number): StepResult {
  if (previous.state === 'firing') {
    return {
      status: { ...previous, state: 'resolved', resolvedAt: at, since: at, keepFiringSince: null },
      changes: [{ from: 'firing', to: 'resolved', at, value: previous.value }],
    };
  }
  if (previous.state === 'pending') {
    return {
      status: { ...previous, state: 'inactive', since: at },
      changes: [{ from: 'pending', to: 'inactive', at, value: previous.value }],
    };
  }
  return { status: previous, changes: [] };
}

export function compare(value: number, comparison: string, threshold: number): boolean {
  switch (comparison) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
    default:
      return false;
  }
}
