import { describe, expect, it } from 'vitest';
import { orderedPair, toggleSelection } from '../../../../../../src-renderer/src/pages/turns/history/turn-selection';

const turn = (id: string, startedAt: string) => ({ id, number: 1, campaignId: 'c', startedAt });
const a = turn('a', '2026-01-01T00:00:01Z');
const b = turn('b', '2026-01-01T00:00:02Z');
const c = turn('c', '2026-01-01T00:00:03Z');

describe('toggleSelection', () => {
  it('adds, removes, and drops the oldest pick beyond two', () => {
    expect(toggleSelection([], a)).toEqual([a]);
    expect(toggleSelection([a, b], a)).toEqual([b]);
    expect(toggleSelection([a, b], c)).toEqual([b, c]);
  });
});

describe('orderedPair', () => {
  it('puts the turn that started first as A', () => {
    expect(orderedPair([c, a])).toEqual([a, c]);
    expect(orderedPair([a, c])).toEqual([a, c]);
  });

  it('is null until exactly two are picked', () => {
    expect(orderedPair([a])).toBeNull();
  });
});
