import { describe, expect, it } from 'vitest';
import {
  assignSessions,
  classifyPair,
  compareOpportunities,
  countedOpportunities,
  findOpportunities,
  interactionPriority,
  isWorthPursuing,
  type Opportunity,
  orchestrationSucceeded,
  planInteractions,
} from '../../../../src-main/engine/orchestrator/rules/interaction-planning';
import { makeAgent } from '../fixtures';

const at = (x: number, y = 0) => ({ position: { x, y } });

function opportunity(a: string, b: string, priority: number): Opportunity {
  return { participants: [a, b], type: 'general', subject: null, proximity: 0.5, priority };
}

describe('interaction type', () => {
  it('is conflict when both hold an exclusive goal on the same target', () => {
    const a = makeAgent('a', { goals: [{ type: 'exclusive', target: 'crown' }] });
    const b = makeAgent('b', { goals: [{ type: 'exclusive', target: 'crown' }] });
    expect(classifyPair(a, b)).toEqual({ type: 'conflict', subject: 'crown' });
  });

  it('puts conflict before cooperation and negotiation', () => {
    const a = makeAgent('a', {
      goals: [
        { type: 'shared', target: 'well' },
        { type: 'exclusive', target: 'crown' },
      ],
      needs: ['rope'],
    });
    const b = makeAgent('b', {
      goals: [
        { type: 'shared', target: 'well' },
        { type: 'exclusive', target: 'crown' },
      ],
      inventory: ['rope'],
    });
    expect(classifyPair(a, b).type).toBe('conflict');
  });

  it('is not conflict when the exclusive goals are on different targets', () => {
    const a = makeAgent('a', { goals: [{ type: 'exclusive', target: 'crown' }] });
    const b = makeAgent('b', { goals: [{ type: 'exclusive', target: 'well' }] });
    expect(classifyPair(a, b).type).toBe('general');
  });

  it('is cooperation for a shared goal on a target the other also pursues', () => {
    const a = makeAgent('a', { goals: [{ type: 'shared', target: 'well' }] });
    const b = makeAgent('b', { goals: [{ type: 'exclusive', target: 'well' }] });
    expect(classifyPair(a, b)).toEqual({ type: 'cooperation', subject: 'well' });
  });

  it('is cooperation for the same goal target, whatever the goal types (short of both exclusive)', () => {
    const a = makeAgent('a', { goals: [{ type: 'personal', target: 'well' }] });
    const b = makeAgent('b', { goals: [{ type: 'personal', target: 'well' }] });
    expect(classifyPair(a, b)).toEqual({ type: 'cooperation', subject: 'well' });
  });

  it('puts cooperation before negotiation', () => {
    const a = makeAgent('a', { goals: [{ type: 'shared', target: 'well' }], needs: ['rope'] });
    const b = makeAgent('b', { goals: [{ type: 'shared', target: 'well' }], inventory: ['rope'] });
    expect(classifyPair(a, b).type).toBe('cooperation');
  });

  it('is negotiation when one needs an item the other holds, either way round', () => {
    const needy = makeAgent('a', { needs: ['rope'] });
    const holder = makeAgent('b', { inventory: ['lamp', 'rope'] });
    expect(classifyPair(needy, holder)).toEqual({ type: 'negotiation', subject: 'rope' });
    expect(classifyPair(holder, needy)).toEqual({ type: 'negotiation', subject: 'rope' });
  });

  it('is general otherwise', () => {
    const a = makeAgent('a', { needs: ['rope'], goals: [{ type: 'personal', target: 'well' }] });
    const b = makeAgent('b', { inventory: ['lamp'], goals: [{ type: 'personal', target: 'crown' }] });
    expect(classifyPair(a, b)).toEqual({ type: 'general', subject: null });
  });
});

describe('interaction priority (SPEC: min(1, base + 0.3 x proximity))', () => {
  it.each([
    ['conflict', 0.5, 0.95],
    ['conflict', 1, 1],
    ['cooperation', 0.5, 0.85],
    ['cooperation', 1, 1],
    ['negotiation', 0.5, 0.75],
    ['negotiation', 0.4, 0.72],
    ['general', 0.4, 0.42],
    ['general', 0, 0.3],
  ] as const)('gives %s at proximity %d a priority of %d', (type, closeness, expected) => {
    expect(interactionPriority(type, closeness)).toBe(expected);
  });

  it('drops opportunities with priority at or below 0.2', () => {
    expect(isWorthPursuing(0.1)).toBe(false);
    expect(isWorthPursuing(0.2)).toBe(false);
    expect(isWorthPursuing(0.2000001)).toBe(true);
  });
});

describe('finding opportunities', () => {
  it('keeps only pairs with proximity above 0.3', () => {
    const agents = [makeAgent('a', at(0)), makeAgent('b', at(69)), makeAgent('c', at(138))];
    const found = findOpportunities(agents);
    expect(found.map((entry) => entry.participants)).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
    expect(found[0]?.proximity).toBe(0.31);
  });

  it('sorts by priority, highest first, ties broken by pair ids', () => {
    const agents = [
      makeAgent('d', at(0)),
      makeAgent('c', at(0)),
      makeAgent('b', { ...at(0), goals: [{ type: 'exclusive', target: 'crown' }] }),
      makeAgent('a', { ...at(0), goals: [{ type: 'exclusive', target: 'crown' }] }),
    ];
    const keys = findOpportunities(agents).map((entry) => `${entry.participants.join('-')}:${entry.type}`);
    expect(keys).toEqual(['a-b:conflict', 'a-c:general', 'a-d:general', 'b-c:general', 'b-d:general', 'c-d:general']);
  });

  it('orders opportunities of equal priority by pair key', () => {
    expect(compareOpportunities(opportunity('a', 'c', 0.5), opportunity('a', 'b', 0.5))).toBeGreaterThan(0);
    expect(compareOpportunities(opportunity('a', 'c', 0.6), opportunity('a', 'b', 0.5))).toBeLessThan(0);
  });

  it('leaves quarantined agents out of every opportunity', () => {
    const agents = [makeAgent('a', at(0)), makeAgent('b', { ...at(10), quarantined: true }), makeAgent('c', at(20))];
    const found = findOpportunities(agents);
    expect(found.map((entry) => entry.participants)).toEqual([['a', 'c']]);
  });
});

describe('session assignment', () => {
  it('gives an agent wanted by two opportunities only the higher-priority one', () => {
    const plan = assignSessions([opportunity('a', 'b', 0.9), opportunity('a', 'c', 0.8), opportunity('c', 'd', 0.7)], 10);
    expect(plan.sessions.map((entry) => entry.participants)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(plan.deferred).toEqual([{ opportunity: opportunity('a', 'c', 0.8), reason: 'agent_busy' }]);
  });

  it('opens at most maxConcurrentOperations sessions', () => {
    const plan = assignSessions([opportunity('a', 'b', 0.9), opportunity('c', 'd', 0.8), opportunity('e', 'f', 0.7)], 2);
    expect(plan.sessions.map((entry) => entry.participants)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(plan.deferred).toEqual([{ opportunity: opportunity('e', 'f', 0.7), reason: 'concurrency_limit' }]);
  });

  it('plans from the agents in one call', () => {
    const agents = [makeAgent('a', at(0)), makeAgent('b', at(1)), makeAgent('c', at(500)), makeAgent('d', at(501))];
    const plan = planInteractions(agents, 10);
    expect(plan.sessions.map((entry) => entry.participants)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});

describe('orchestration success (SPEC: completed / max(1, opportunities) > 0.3)', () => {
  it('succeeds on a quiet turn with no opportunities', () => {
    expect(orchestrationSucceeded(0, 0)).toBe(true);
  });

  it('succeeds above 30% and fails at or below it', () => {
    expect(orchestrationSucceeded(1, 3)).toBe(true);
    expect(orchestrationSucceeded(3, 10)).toBe(false);
    expect(orchestrationSucceeded(0, 1)).toBe(false);
  });

  it('counts the sessions and the opportunities the concurrency limit kept out, not those whose agent was busy', () => {
    const plan = assignSessions([opportunity('a', 'b', 0.9), opportunity('a', 'c', 0.8), opportunity('d', 'e', 0.7)], 1);
    expect(plan.deferred.map((entry) => entry.reason)).toEqual(['agent_busy', 'concurrency_limit']);
    expect(countedOpportunities(plan)).toBe(2);
  });
});
