/**
 * Proximity of SPEC section 1: proximity = max(0, 1 - distance / 100); pairs with proximity > 0.3
 * (closer than 70 units) are interaction candidates.
 */
import type { Position } from '../../../../src-shared/domain/world';
import { roundRule } from './numeric';

/** Distance at which proximity reaches 0. */
export const INTERACTION_RANGE = 100;
/** Candidates need a proximity strictly above this. */
export const CANDIDATE_PROXIMITY = 0.3;

export function distance(a: Position, b: Position): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function proximityOfDistance(distanceUnits: number): number {
  return roundRule(Math.max(0, 1 - distanceUnits / INTERACTION_RANGE));
}

export function proximity(a: Position, b: Position): number {
  return proximityOfDistance(distance(a, b));
}

export function isCandidateProximity(value: number): boolean {
  return value > CANDIDATE_PROXIMITY;
}
