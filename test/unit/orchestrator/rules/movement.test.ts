import { describe, expect, it } from 'vitest';
import { goalPosition, moveAgent, moveToward } from '../../../../src-main/engine/orchestrator/rules/movement';
import { makeAgent, makeWorld } from '../fixtures';

describe('movement', () => {
  it('moves speed x seconds toward the target', () => {
    expect(moveToward({ x: 0, y: 0 }, { x: 100, y: 0 }, 30)).toEqual({ x: 30, y: 0 });
    expect(moveToward({ x: 0, y: 0 }, { x: 30, y: 40 }, 25)).toEqual({ x: 15, y: 20 });
  });

  it('stops on the target rather than overshooting it', () => {
    expect(moveToward({ x: 0, y: 0 }, { x: 100, y: 0 }, 300)).toEqual({ x: 100, y: 0 });
  });

  it("heads for the feature of the agent's first goal", () => {
    const agent = makeAgent('a', {
      speed: 0.1,
      goals: [
        { type: 'personal', target: 'well' },
        { type: 'exclusive', target: 'crown' },
      ],
    });
    const world = makeWorld([agent]);
    expect(goalPosition(agent, world)).toEqual({ x: 100, y: 0 });
    expect(moveAgent(agent, world, 300)).toEqual({ x: 30, y: 0 });
  });

  it('stays put without a goal, or when the goal is not a feature of the world', () => {
    const world = makeWorld([]);
    expect(moveAgent(makeAgent('a', { position: { x: 5, y: 5 } }), world, 300)).toEqual({ x: 5, y: 5 });
    const seeker = makeAgent('b', { position: { x: 5, y: 5 }, goals: [{ type: 'personal', target: 'rope' }] });
    expect(moveAgent(seeker, world, 300)).toEqual({ x: 5, y: 5 });
  });

  it('does not move an agent with no speed', () => {
    const agent = makeAgent('a', { speed: 0, goals: [{ type: 'personal', target: 'well' }] });
    expect(moveAgent(agent, makeWorld([agent]), 300)).toEqual({ x: 0, y: 0 });
  });
});
