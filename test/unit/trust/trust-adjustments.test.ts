/**
 * The policy applied to interaction outcomes and AI failures (SPEC section 5): deltas per outcome,
 * clamping to 0..100, and quarantine when a score falls below the threshold, at a further -20.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustmentsForAiFailures,
  adjustmentsForInteraction,
  adjustmentsForInteractions,
  applyAdjustments,
} from '../../../src-main/engine/trust/trust-adjustments';
import { DEFAULT_TRUST_POLICY_RULES, TRUST_REASONS, type TrustPolicyRules } from '../../../src-shared/domain/trust-vocabulary';
import { makeAgent, makeInteraction, makeWorld } from '../orchestrator/fixtures';

const rules = DEFAULT_TRUST_POLICY_RULES;

describe('trust adjustments of the policy', () => {
  it('gives the conflict loser -10 and the winner -2', () => {
    const conflict = makeInteraction('i1', ['ada', 'bo'], { type: 'conflict', outcome: 'victory', winner: 'bo', loser: 'ada' });
    expect(adjustmentsForInteraction(conflict, rules).map(({ agentId, delta, reason }) => ({ agentId, delta, reason }))).toEqual([
      { agentId: 'bo', delta: -2, reason: 'conflict_winner' },
      { agentId: 'ada', delta: -10, reason: 'conflict_loser' },
    ]);
  });

  it.each([
    ['cooperation', 5],
    ['agreement', 3],
    ['compromise', 1],
    ['deadlock', -2],
  ] as const)('gives both participants of a %s %d', (outcome, delta) => {
    const interaction = makeInteraction('i1', ['ada', 'bo'], { outcome });
    expect(
      adjustmentsForInteraction(interaction, rules).map((adjustment) => [adjustment.agentId, adjustment.delta, adjustment.reason]),
    ).toEqual([
      ['ada', delta, outcome],
      ['bo', delta, outcome],
    ]);
  });

  it('leaves out general exchanges (0 by default) and interactions that did not complete', () => {
    const interactions = [
      makeInteraction('i1', ['ada', 'bo'], { outcome: 'exchange' }),
      makeInteraction('i2', ['cy', 'dee'], { outcome: null, completed: false }),
    ];
    expect(adjustmentsForInteractions(interactions, rules)).toEqual([]);
  });

  it('charges an AI failure once per agent, whatever the number of failed calls', () => {
    expect(adjustmentsForAiFailures(['bo', 'ada', 'bo'], rules).map((adjustment) => [adjustment.agentId, adjustment.delta])).toEqual([
      ['ada', -5],
      ['bo', -5],
    ]);
  });

  it('clamps scores to 0..100', () => {
    const world = makeWorld([makeAgent('ada', { trust: 98 }), makeAgent('bo', { trust: 3, quarantined: true })]);
    const result = applyAdjustments(
      world,
      [
        { agentId: 'ada', delta: 5, reason: 'cooperation', interactionId: 'i1', detail: '' },
        { agentId: 'bo', delta: -10, reason: 'conflict_loser', interactionId: 'i2', detail: '' },
      ],
      rules,
    );
    expect(result.world.agents.map((agent) => agent.trust)).toEqual([100, 0]);
    expect(result.changes.map((change) => change.delta)).toEqual([2, -3]);
  });

  it('quarantines an agent whose score falls below 30, at a further -20, in the same batch of changes', () => {
    const world = makeWorld([makeAgent('ada', { trust: 35 })]);
    const result = applyAdjustments(
      world,
      [{ agentId: 'ada', delta: -10, reason: 'conflict_loser', interactionId: 'i1', detail: '' }],
      rules,
    );
    expect(result.changes).toEqual([
      expect.objectContaining({ reason: 'conflict_loser', oldScore: 35, newScore: 25, wasQuarantined: false, quarantined: false }),
      expect.objectContaining({ reason: 'quarantine', oldScore: 25, newScore: 5, delta: -20, wasQuarantined: false, quarantined: true }),
    ]);
    expect(result.world.agents[0]).toMatchObject({ trust: 5, quarantined: true });
  });

  it('does not quarantine on a gain, nor twice', () => {
    const low = makeWorld([makeAgent('ada', { trust: 10 }), makeAgent('bo', { trust: 20, quarantined: true })]);
    const result = applyAdjustments(
      low,
      [
        { agentId: 'ada', delta: 5, reason: 'cooperation', interactionId: null, detail: '' },
        { agentId: 'bo', delta: -5, reason: 'ai_failure', interactionId: null, detail: '' },
      ],
      rules,
    );
    expect(result.changes.map((change) => change.reason)).toEqual(['cooperation', 'ai_failure']);
    expect(result.world.agents.map((agent) => agent.quarantined)).toEqual([false, true]);
  });

  it('returns the same world when there is nothing to adjust', () => {
    const world = makeWorld([makeAgent('ada')]);
    expect(applyAdjustments(world, [], rules).world).toBe(world);
  });
});

const policyArb: fc.Arbitrary<TrustPolicyRules> = fc.record({
  conflictLoser: fc.integer({ min: -100, max: 100 }),
  conflictWinner: fc.integer({ min: -100, max: 100 }),
  cooperation: fc.integer({ min: -100, max: 100 }),
  agreement: fc.integer({ min: -100, max: 100 }),
  compromise: fc.integer({ min: -100, max: 100 }),
  deadlock: fc.integer({ min: -100, max: 100 }),
  exchange: fc.integer({ min: -100, max: 100 }),
  aiFailure: fc.integer({ min: -100, max: 100 }),
  quarantineBelow: fc.integer({ min: 0, max: 100 }),
  quarantinePenalty: fc.integer({ min: -100, max: 0 }),
  interventionRisk: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('trust adjustments, for any policy and any sequence', () => {
  it('keeps every score in 0..100 and every change consistent with the agent it came from', () => {
    const ids = ['ada', 'bo', 'cy'];
    fc.assert(
      fc.property(
        policyArb,
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
        fc.array(
          fc.record({
            agentId: fc.constantFrom(...ids),
            delta: fc.integer({ min: -100, max: 100 }),
            reason: fc.constantFrom(...TRUST_REASONS),
          }),
          { maxLength: 40 },
        ),
        (policy, start, adjustments) => {
          const world = makeWorld(ids.map((id, index) => makeAgent(id, { trust: start[index] ?? 100 })));
          const result = applyAdjustments(
            world,
            adjustments.map((adjustment) => ({ ...adjustment, interactionId: null, detail: '' })),
            policy,
          );
          const last = new Map(world.agents.map((agent) => [agent.id, { score: agent.trust, quarantined: agent.quarantined }]));
          for (const change of result.changes) {
            expect(change.newScore).toBeGreaterThanOrEqual(0);
            expect(change.newScore).toBeLessThanOrEqual(100);
            expect(change.delta).toBe(change.newScore - change.oldScore);
            // Each change starts where the agent's previous one ended.
            expect({ score: change.oldScore, quarantined: change.wasQuarantined }).toEqual(last.get(change.agentId));
            last.set(change.agentId, { score: change.newScore, quarantined: change.quarantined });
          }
          for (const agent of result.world.agents) {
            expect(agent.trust).toBeGreaterThanOrEqual(0);
            expect(agent.trust).toBeLessThanOrEqual(100);
            expect({ score: agent.trust, quarantined: agent.quarantined }).toEqual(last.get(agent.id));
          }
        },
      ),
    );
  });
});
