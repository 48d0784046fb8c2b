import { describe, expect, it } from 'vitest';
import { deriveSeed, hashString, mulberry32, seededRandom } from '../../../../src-main/engine/orchestrator/rules/seeded-random';

describe('seeded randomness', () => {
  it('hashes strings with 32-bit FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });

  it('draws the same sequence from the same seed, in [0, 1)', () => {
    const first = mulberry32(123);
    const second = mulberry32(123);
    const drawn = Array.from({ length: 1000 }, () => first());
    expect(Array.from({ length: 1000 }, () => second())).toEqual(drawn);
    expect(drawn.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(drawn).size).toBeGreaterThan(990);
  });

  it('derives a different stream for each seed, turn, subject and phase', () => {
    const base = deriveSeed(1, 1, 'ada', 'interaction_orchestration');
    expect(deriveSeed(1, 1, 'ada', 'interaction_orchestration')).toBe(base);
    expect(
      new Set([
        base,
        deriveSeed(2, 1, 'ada', 'interaction_orchestration'),
        deriveSeed(1, 2, 'ada', 'interaction_orchestration'),
        deriveSeed(1, 1, 'bo', 'interaction_orchestration'),
        deriveSeed(1, 1, 'ada', 'world_update'),
      ]).size,
    ).toBe(5);
    expect(seededRandom(1, 1, 'ada', 'world_update')()).toBe(seededRandom(1, 1, 'ada', 'world_update')());
  });
});
