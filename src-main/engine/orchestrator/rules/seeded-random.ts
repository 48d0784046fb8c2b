/**
 * Deterministic randomness for replay (SPEC section 1, "Replay and debugging"): every random choice of a
 * turn's rules is drawn from a stream seeded by (seed, turn, subject, phase), so the same turn replayed
 * with the same seed makes the same choices, and one subject's draws never shift another's.
 */
import type { PhaseName } from '../../../../src-shared/domain/turn-configuration';
import { createSeededRandom } from '../seeded-random';

/** The seed key of one (turn seed, turn number, subject, phase); the subject is an agent id, a pair key or 'world'. */
export function deriveSeedKey(seed: number, turnNumber: number, subject: string, phase: PhaseName): string {
  return `${seed >>> 0}:${turnNumber}:${subject}:${phase}`;
}

export function seededRandom(seed: number, turnNumber: number, subject: string, phase: PhaseName): () => number {
  return createSeededRandom(deriveSeedKey(seed, turnNumber, subject, phase)).next;
}
