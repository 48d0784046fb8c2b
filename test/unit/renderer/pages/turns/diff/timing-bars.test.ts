import { describe, expect, it } from 'vitest';
import { MIN_VISIBLE_SHARE, timingBars } from '../../../../../../src-renderer/src/pages/turns/diff/timing-bars';

describe('timingBars', () => {
  it('scales both turns to the slowest phase of either', () => {
    const bars = timingBars([
      { phase: 'subjective_brief', aMs: 400, bMs: 800 },
      { phase: 'narrative_integration', aMs: 200, bMs: null },
    ]);
    expect(bars).toEqual([
      { phase: 'subjective_brief', a: 0.5, b: 1, ratio: 2 },
      { phase: 'narrative_integration', a: 0.25, b: null, ratio: null },
    ]);
  });

  it('keeps a sliver for a phase that ran in almost no time', () => {
    const [bar] = timingBars([{ phase: 'world_update', aMs: 0.3, bMs: 1000 }]);
    expect(bar?.a).toBe(MIN_VISIBLE_SHARE);
    expect(timingBars([{ phase: 'world_update', aMs: 0, bMs: 0 }])[0]).toMatchObject({ a: MIN_VISIBLE_SHARE, ratio: null });
  });
});
