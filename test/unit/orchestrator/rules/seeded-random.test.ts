import { describe, expect, it } from 'vitest';
import { deriveSeedKey, seededRandom } from '../../../../src-main/engine/orchestrator/rules/seeded-random';

describe('seeded randomness of the rules', () => {
  it('derives a different stream for each seed, turn, subject and phase', () => {
    const first = (rng: () => number) => Array.from({ length: 4 }, () => rng());
    const base = first(seededRandom(1, 1, 'ada', 'interaction_orchestration'));
    expect(first(seededRandom(1, 1, 'ada', 'interaction_orchestration'))).toEqual(base);
    const others = [
      seededRandom(2, 1, 'ada', 'interaction_orchestration'),
      seededRandom(1, 2, 'ada', 'interaction_orchestration'),
      seededRandom(1, 1, 'bo', 'interaction_orchestration'),
      seededRandom(1, 1, 'ada', 'world_update'),
    ].map((rng) => JSON.stringify(first(rng)));
    expect(new Set([JSON.stringify(base), ...others]).size).toBe(5);
  });

  it('keys streams by the unsigned seed, so a seed and its 32-bit wrap draw alike', () => {
    expect(deriveSeedKey(-1, 3, 'world', 'world_update')).toBe('4294967295:3:world:world_update');
    expect(seededRandom(-1, 3, 'world', 'world_update')()).toBe(seededRandom(4294967295, 3, 'world', 'world_update')());
  });
});
