import { describe, expect, it } from 'vitest';
import { regenerateResource, regenerateResources, tickStatusEffects } from '../../../../src-main/engine/orchestrator/rules/agent-upkeep';

describe('status effects', () => {
  it('tick down by the seconds that pass and are dropped once expired', () => {
    const effects = [
      { name: 'poisoned', remainingS: 500 },
      { name: 'inspired', remainingS: 300 },
      { name: 'dazed', remainingS: 10 },
    ];
    expect(tickStatusEffects(effects, 300)).toEqual([{ name: 'poisoned', remainingS: 200 }]);
  });
});

describe('resources', () => {
  it('regenerate regen_per_s x seconds', () => {
    expect(regenerateResource({ value: 10, max: 100, regenPerS: 0.1 }, 300)).toEqual({ value: 40, max: 100, regenPerS: 0.1 });
  });

  it('regenerate up to their max and no further', () => {
    expect(regenerateResource({ value: 90, max: 100, regenPerS: 1 }, 300)).toEqual({ value: 100, max: 100, regenPerS: 1 });
  });

  it('leave a resource already above its max for the consistency check to report', () => {
    expect(regenerateResource({ value: 120, max: 100, regenPerS: 1 }, 300).value).toBe(120);
  });

  it('regenerate every resource of an agent', () => {
    expect(
      regenerateResources(
        {
          health: { value: 50, max: 100, regenPerS: 0.1 },
          mana: { value: 0, max: 10, regenPerS: 1 },
        },
        100,
      ),
    ).toEqual({ health: { value: 60, max: 100, regenPerS: 0.1 }, mana: { value: 10, max: 10, regenPerS: 1 } });
  });
});
