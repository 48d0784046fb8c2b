/**
 * Conflict risk per pair before interactions, and the intervention above 0.7 that quarantines the
 * riskier agent (SPEC section 5).
 */
import { describe, expect, it } from 'vitest';
import { assessConflictRisks, conflictRisk, interveneOnConflictRisk } from '../../../src-main/engine/trust/conflict-risk';
import { DEFAULT_TRUST_POLICY_RULES } from '../../../src-shared/domain/trust-vocabulary';
import { makeAgent, makeWorld } from '../orchestrator/fixtures';

const rules = DEFAULT_TRUST_POLICY_RULES;
const rival = (id: string, trust: number, x = 0, strength = 10) =>
  makeAgent(id, { trust, strength, position: { x, y: 0 }, goals: [{ type: 'exclusive', target: 'crown' }] });

describe('conflict risk', () => {
  it('weighs goals, proximity and trust: fully trusted rivals side by side stay at 0.6', () => {
    expect(conflictRisk(rival('ada', 100), rival('bo', 100), 0.7)).toMatchObject({
      risk: 0.6,
      goalTension: 1,
      proximity: 1,
      distrust: 0,
      aboveThreshold: false,
    });
  });

  it('rises as the less trusted of the pair loses trust, and passes 0.7 below 75 at the same spot', () => {
    expect(conflictRisk(rival('ada', 76), rival('bo', 100), 0.7).aboveThreshold).toBe(false);
    expect(conflictRisk(rival('ada', 70), rival('bo', 100), 0.7)).toMatchObject({ risk: 0.72, aboveThreshold: true, riskier: 'ada' });
  });

  it('gives a pair without goal tension at most 0.6, whatever its trust', () => {
    const a = makeAgent('ada', { trust: 0 });
    const b = makeAgent('bo', { trust: 0 });
    expect(conflictRisk(a, b, 0.7).risk).toBe(0.6);
  });

  it('counts a need the other can meet as half a tension', () => {
    const a = makeAgent('ada', { needs: ['rope'] });
    const b = makeAgent('bo', { inventory: ['rope'] });
    expect(conflictRisk(a, b, 0.7).goalTension).toBe(0.5);
  });

  it('assesses only candidate pairs of agents not in quarantine, highest risk first', () => {
    const agents = [rival('ada', 50), rival('bo', 100, 10), makeAgent('cy', { position: { x: 500, y: 0 } }), rival('dee', 10, 5)];
    const risks = assessConflictRisks([...agents.slice(0, 3), { ...(agents[3] as ReturnType<typeof rival>), quarantined: true }], 0.7);
    expect(risks.map((risk) => risk.participants)).toEqual([['ada', 'bo']]);
  });

  it('assesses quarantined agents as they would stand once released, when asked', () => {
    const agents = [rival('ada', 50), { ...rival('bo', 30), quarantined: true }];
    expect(assessConflictRisks(agents, 0.7)).toEqual([]);
    expect(assessConflictRisks(agents, 0.7, true)).toEqual([
      expect.objectContaining({ participants: ['ada', 'bo'], riskier: 'bo', aboveThreshold: true, inQuarantine: true }),
    ]);
  });
});

describe('the intervention above the threshold', () => {
  it('quarantines the riskier agent of each pair above 0.7 at the quarantine penalty, and the pair does not meet', () => {
    const world = makeWorld([rival('ada', 60), rival('bo', 100)]);
    const result = interveneOnConflictRisk(world, ['ada', 'bo'], rules);
    expect(result.changes).toEqual([
      expect.objectContaining({
        agentId: 'ada',
        reason: 'conflict_risk',
        oldScore: 60,
        newScore: 40,
        quarantined: true,
        detail: expect.stringContaining('conflict risk 0.76 with bo'),
      }),
    ]);
    expect(result.world.agents.map((agent) => [agent.id, agent.trust, agent.quarantined])).toEqual([
      ['ada', 40, true],
      ['bo', 100, false],
    ]);
  });

  it('takes the stronger agent on a tie of trust, and quarantines at most one agent per pair', () => {
    const world = makeWorld([rival('ada', 50, 0, 5), rival('bo', 50, 0, 9), rival('cy', 50, 1, 1)]);
    const result = interveneOnConflictRisk(world, ['ada', 'bo', 'cy'], rules);
    // ada-bo and bo-cy and ada-cy are all above; bo (strongest) goes first, then ada-cy: ada is stronger.
    expect(result.changes.map((change) => change.agentId)).toEqual(['bo', 'ada']);
  });

  it('leaves the world as it is when no pair is above the threshold, and ignores agents that do not take part', () => {
    const world = makeWorld([rival('ada', 60), rival('bo', 100)]);
    expect(interveneOnConflictRisk(world, ['bo'], rules).world).toBe(world);
    expect(interveneOnConflictRisk(world, ['ada', 'bo'], { ...rules, interventionRisk: 1 }).world).toBe(world);
  });
});
