import { describe, expect, it } from 'vitest';
import type { Opportunity } from '../../../../src-main/engine/orchestrator/rules/interaction-planning';
import {
  actionStrength,
  confidenceModifier,
  goodwill,
  negotiationOdds,
  resolveConflict,
  resolveCooperation,
  resolveInteraction,
  resolveNegotiation,
  resourceModifier,
} from '../../../../src-main/engine/orchestrator/rules/interaction-resolution';
import { seededRandom } from '../../../../src-main/engine/orchestrator/rules/seeded-random';
import { makeAgent } from '../fixtures';

/** A PRNG stand-in that returns the given draws in order. */
function draws(...values: number[]): () => number {
  let index = 0;
  return () => {
    const value = values[index % values.length] as number;
    index += 1;
    return value;
  };
}

describe('negotiation', () => {
  it('weighs goodwill from relationship and trust', () => {
    expect(goodwill(makeAgent('a'), makeAgent('b'))).toBe(0.75);
    const hostile = { trust: 0, relationships: { a: -1, b: -1 } };
    expect(goodwill(makeAgent('a', hostile), makeAgent('b', hostile))).toBe(0);
    const friendly = { trust: 100, relationships: { a: 1, b: 1 } };
    expect(goodwill(makeAgent('a', friendly), makeAgent('b', friendly))).toBe(1);
  });

  it('makes agreement likelier and deadlock rarer as goodwill grows', () => {
    const hostile = { trust: 0, relationships: { a: -1, b: -1 } };
    const worst = negotiationOdds(makeAgent('a', hostile), makeAgent('b', hostile));
    expect(worst.agreement).toBeCloseTo(0.2, 12);
    expect(worst.compromise).toBeCloseTo(0.4, 12);
    expect(worst.deadlock).toBeCloseTo(0.4, 12);
    const friendly = { trust: 100, relationships: { a: 1, b: 1 } };
    const best = negotiationOdds(makeAgent('a', friendly), makeAgent('b', friendly));
    expect(best.agreement).toBeCloseTo(0.7, 12);
    expect(best.compromise).toBeCloseTo(0.3, 12);
    expect(best.deadlock).toBeCloseTo(0, 12);
  });

  it('picks agreement, compromise or deadlock by where the draw falls', () => {
    // goodwill 0.75: agreement below 0.575, compromise below 0.9, deadlock above.
    const [a, b] = [makeAgent('a'), makeAgent('b')];
    expect(resolveNegotiation(a, b, draws(0.1)).outcome).toBe('agreement');
    expect(resolveNegotiation(a, b, draws(0.6)).outcome).toBe('compromise');
    expect(resolveNegotiation(a, b, draws(0.95)).outcome).toBe('deadlock');
    expect(resolveNegotiation(a, b, draws(0.95)).completed).toBe(true);
  });
});

describe('conflict', () => {
  it('scales action strength by the seeded factor, resources and confidence', () => {
    const agent = makeAgent('a', { strength: 10, confidence: 1, resources: { stamina: { value: 50, max: 100, regenPerS: 0 } } });
    expect(resourceModifier(agent)).toBe(0.75);
    expect(confidenceModifier(agent)).toBe(1.25);
    expect(confidenceModifier(makeAgent('b', { confidence: 0 }))).toBe(0.75);
    expect(resourceModifier(makeAgent('c'))).toBe(1);
    expect(actionStrength(agent, 0.5)).toBe(10 * 1 * 0.75 * 1.25);
    expect(actionStrength(agent, 0)).toBe(10 * 0.75 * 0.75 * 1.25);
  });

  it('lets the stronger action win', () => {
    const strong = makeAgent('a', { strength: 20 });
    const weak = makeAgent('b', { strength: 10 });
    expect(resolveConflict(strong, weak, draws(0.5))).toEqual({
      completed: true,
      outcome: 'victory',
      winner: 'a',
      loser: 'b',
      benefit: null,
    });
    expect(resolveConflict(weak, strong, draws(0.5))).toMatchObject({ winner: 'a', loser: 'b' });
  });

  it('lets a lucky draw turn a slightly weaker agent into the winner', () => {
    const a = makeAgent('a', { strength: 10 });
    const b = makeAgent('b', { strength: 11 });
    expect(resolveConflict(a, b, draws(0.99, 0))).toMatchObject({ winner: 'a', loser: 'b' });
  });

  it('breaks a tie of action strengths by base strength, then by the smaller id', () => {
    const sturdy = makeAgent('b', { strength: 15, confidence: 0 });
    const sure = makeAgent('a', { strength: 9, confidence: 1 });
    expect(actionStrength(sturdy, 0.5)).toBe(actionStrength(sure, 0.5));
    expect(resolveConflict(sure, sturdy, draws(0.5))).toMatchObject({ winner: 'b', loser: 'a' });
    expect(resolveConflict(makeAgent('a'), makeAgent('b'), draws(0.5))).toMatchObject({ winner: 'a', loser: 'b' });
  });
});

describe('cooperation', () => {
  it('sums both contributions into the benefit', () => {
    expect(resolveCooperation(makeAgent('a'), makeAgent('b'), draws(0.5))).toEqual({
      completed: true,
      outcome: 'cooperation',
      winner: null,
      loser: null,
      benefit: 2,
    });
  });

  it('rewards cooperation experience, up to ten', () => {
    const veteran = makeAgent('a', { cooperationExperience: 10 });
    expect(resolveCooperation(veteran, makeAgent('b'), draws(0.5)).benefit).toBe(3);
    const legend = makeAgent('a', { cooperationExperience: 50 });
    expect(resolveCooperation(legend, makeAgent('b'), draws(0.5)).benefit).toBe(3);
  });
});

describe('resolving a session', () => {
  const session = (type: Opportunity['type']): Opportunity => ({
    participants: ['a', 'b'],
    type,
    subject: null,
    proximity: 1,
    priority: 1,
  });

  it('resolves a general interaction as a completed exchange', () => {
    expect(resolveInteraction(session('general'), makeAgent('a'), makeAgent('b'), draws(0.5))).toMatchObject({
      completed: true,
      outcome: 'exchange',
    });
  });

  it('resolves the same way from the same seed', () => {
    const [a, b] = [makeAgent('a', { strength: 10 }), makeAgent('b', { strength: 10 })];
    for (const type of ['negotiation', 'conflict', 'cooperation'] as const) {
      const first = resolveInteraction(session(type), a, b, seededRandom(7, 3, 'a|b', 'interaction_orchestration'));
      const second = resolveInteraction(session(type), a, b, seededRandom(7, 3, 'a|b', 'interaction_orchestration'));
      expect(second).toEqual(first);
    }
  });
});
