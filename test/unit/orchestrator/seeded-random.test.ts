import { describe, expect, it } from 'vitest';
import { createSeededRandom, hashSeed } from '../../../src-main/engine/orchestrator/seeded-random';

describe('seeded random', () => {
  it('hashes a string to the same safe integer every time, and different strings apart', () => {
    expect(hashSeed('turn-1')).toBe(hashSeed('turn-1'));
    expect(hashSeed('turn-1')).not.toBe(hashSeed('turn-2'));
    expect(Number.isSafeInteger(hashSeed('turn-1'))).toBe(true);
  });

  it('draws the same sequence from the same seed and a different one from another seed', () => {
    const draw = (seed: string) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw('alpha')).toEqual(draw('alpha'));
    expect(draw('alpha')).not.toEqual(draw('beta'));
  });

  it('draws uniformly in [0, 1)', () => {
    const random = createSeededRandom('uniform');
    const values = Array.from({ length: 10_000 }, () => random.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const buckets = new Array<number>(10).fill(0);
    for (const value of values) buckets[Math.floor(value * 10)] = (buckets[Math.floor(value * 10)] ?? 0) + 1;
    expect(Math.min(...buckets)).toBeGreaterThan(850);
  });

  it('picks integers within inclusive bounds and rejects an empty pick', () => {
    const random = createSeededRandom('ints');
    const seen = new Set<number>();
    for (let index = 0; index < 500; index++) seen.add(random.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(() => random.pick([])).toThrow(RangeError);
    expect(() => random.int(5, 1)).toThrow(RangeError);
  });

  it('shuffles without losing or duplicating items', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const shuffled = createSeededRandom('shuffle').shuffle(items);
    expect([...shuffled].sort()).toEqual(items);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('draws standard normals with mean ~0 and deviation ~1', () => {
    const random = createSeededRandom('normal');
    const values = Array.from({ length: 5000 }, () => random.normal());
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(Math.sqrt(variance)).toBeGreaterThan(0.95);
    expect(Math.sqrt(variance)).toBeLessThan(1.05);
  });

  it('forks independent, reproducible streams by label', () => {
    const a = createSeededRandom('root').fork('text');
    const b = createSeededRandom('root').fork('text');
    const c = createSeededRandom('root').fork('latency');
    const first = [a.next(), a.next()];
    expect([b.next(), b.next()]).toEqual(first);
    expect([c.next(), c.next()]).not.toEqual(first);
  });
});
