/**
 * Compares two turns (SPEC section 1, "Replay and debugging"): the world each left behind, their events,
 * narratives, cost and per-phase timings. Pure: it takes what the repository read and returns the diff.
 */
import diff from 'microdiff';
import type { PhaseResult, TurnDiff, TurnEvent, TurnSummary, ValueChange } from '../../../src-shared/domain/turn';
import { PHASES } from '../../../src-shared/domain/turn-configuration';
import type { WorldState } from '../../../src-shared/domain/world';

/** More world changes than this are cut (and flagged): a diff is for reading. */
export const MAX_WORLD_CHANGES = 500;

export interface TurnFacts {
  summary: TurnSummary;
  phases: PhaseResult[];
  /** Events still standing (compensation removes some). */
  events: TurnEvent[];
  narrative: string | null;
  worldAfter: WorldState | null;
}

/** Events are compared by content: ids carry turn numbers, which differ between a turn and its replay. */
function eventKey(event: TurnEvent): string {
  return JSON.stringify([event.type, event.phase, event.participants, event.description, event.timestampS, event.spanS]);
}

function unmatched(events: TurnEvent[], against: TurnEvent[]): TurnEvent[] {
  const remaining = new Map<string, number>();
  for (const event of against) remaining.set(eventKey(event), (remaining.get(eventKey(event)) ?? 0) + 1);
  return events.filter((event) => {
    const key = eventKey(event);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return true;
    remaining.set(key, left - 1);
    return false;
  });
}

function worldChanges(a: WorldState | null, b: WorldState | null): ValueChange[] {
  if (a === null || b === null) return a === b ? [] : [{ path: '', kind: a === null ? 'added' : 'removed', a, b }];
  return diff(a, b).map((change) => ({
    path: change.path.join('.'),
    kind: change.type === 'CREATE' ? 'added' : change.type === 'REMOVE' ? 'removed' : 'changed',
    a: change.type === 'CREATE' ? null : change.oldValue,
    b: change.type === 'REMOVE' ? null : change.value,
  }));
}

export function diffTurns(a: TurnFacts, b: TurnFacts): TurnDiff {
  const changes = worldChanges(a.worldAfter, b.worldAfter);
  const onlyA = unmatched(a.events, b.events);
  const onlyB = unmatched(b.events, a.events);
  const narrativeIdentical = a.narrative === b.narrative;
  const costDelta = b.summary.totalAiCost - a.summary.totalAiCost;
  const tokensInDelta = b.summary.tokensIn - a.summary.tokensIn;
  const tokensOutDelta = b.summary.tokensOut - a.summary.tokensOut;
  const phaseOf = (facts: TurnFacts, phase: (typeof PHASES)[number]) => facts.phases.find((p) => p.phase === phase);
  return {
    a: a.summary,
    b: b.summary,
    identical:
      changes.length === 0 &&
      onlyA.length === 0 &&
      onlyB.length === 0 &&
      narrativeIdentical &&
      Math.abs(costDelta) < 1e-12 &&
      tokensInDelta === 0 &&
      tokensOutDelta === 0,
    world: { changes: changes.slice(0, MAX_WORLD_CHANGES), truncated: changes.length > MAX_WORLD_CHANGES },
    events: { onlyA, onlyB, common: a.events.length - onlyA.length },
    narrative: { a: a.narrative, b: b.narrative, identical: narrativeIdentical },
    cost: { a: a.summary.totalAiCost, b: b.summary.totalAiCost, delta: costDelta, tokensInDelta, tokensOutDelta },
    timings: PHASES.map((phase) => ({
      phase,
      aMs: phaseOf(a, phase)?.durationMs ?? null,
      bMs: phaseOf(b, phase)?.durationMs ?? null,
      aStatus: phaseOf(a, phase)?.status ?? null,
      bStatus: phaseOf(b, phase)?.status ?? null,
    })),
  };
}
