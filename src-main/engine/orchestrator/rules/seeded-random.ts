/**
 * Deterministic randomness for replay (SPEC section 1, "Replay and debugging"): every random choice of a
 * turn is drawn from a PRNG seeded by (seed, turn, subject, phase), so the same turn replayed with the same
 * seed makes the same choices, and one subject's draws never shift another's.
 */
import type { PhaseName } from '../../../../src-shared/domain/turn-configuration';

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small, fast PRNG with a 32-bit state; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed of one (turn seed, turn number, subject, phase) combination; the subject is an agent id, a pair key or 'world'. */
export function deriveSeed(seed: number, turnNumber: number, subject: string, phase: PhaseName): number {
  return hashString(`${seed >>> 0}:${turnNumber}:${subject}:${phase}`);
}

export function seededRandom(seed: number, turnNumber: number, subject: string, phase: PhaseName): () => number {
  return mulberry32(deriveSeed(seed, turnNumber, subject, phase));
}
