/**
 * Deterministic randomness for everything a turn draws (phase rules and the simulated provider): a string seed is hashed (cyrb53) into the state of
 * a mulberry32 generator, so the same seed always draws the same sequence on every platform and Node
 * version (Math.random is never used). Streams are derived by label (`fork`) so that, for example,
 * turning fault injection on does not change the text a seed produces.
 */

/** cyrb53 (public domain, bryc): a fast 53-bit string hash with good avalanche, as a safe integer. */
export function hashSeed(seed: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let index = 0; index < seed.length; index++) {
    const code = seed.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export interface SeededRandom {
  /** The seed this stream was built from (forks append `/label`). */
  readonly seed: string;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  /** A uniformly chosen element; throws on an empty array (a caller bug, not bad luck). */
  pick<T>(items: readonly T[]): T;
  /** A new array with the items in a random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** Standard normal draw (Box–Muller). */
  normal(): number;
  /** An independent stream derived from this seed and a label. */
  fork(label: string): SeededRandom;
}

/** mulberry32 (public domain, Tommy Ettinger): 32-bit state, period 2^32, plenty for a few draws per call. */
function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createSeededRandom(seed: string): SeededRandom {
  // Fold the 53-bit hash into 32 bits of state (xor of high and low halves keeps both halves' entropy).
  const hash = hashSeed(seed);
  const next = mulberry32((hash % 4294967296) ^ Math.floor(hash / 4294967296));
  const random: SeededRandom = {
    seed,
    next,
    int(min, max) {
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new RangeError(`invalid integer range [${min}, ${max}]`);
      return min + Math.floor(next() * (max - min + 1));
    },
    chance(probability) {
      return next() < probability;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    shuffle(items) {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = Math.floor(next() * (index + 1));
        [copy[index], copy[other]] = [copy[other] as (typeof copy)[number], copy[index] as (typeof copy)[number]];
      }
      return copy;
    },
    normal() {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u1 = 1 - next();
      const u2 = next();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    fork(label) {
      return createSeededRandom(`${seed}/${label}`);
    },
  };
  return random;
}
