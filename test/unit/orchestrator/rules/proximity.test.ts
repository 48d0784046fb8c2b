import { describe, expect, it } from 'vitest';
import { distance, isCandidateProximity, proximity, proximityOfDistance } from '../../../../src-main/engine/orchestrator/rules/proximity';

describe('proximity (SPEC: max(0, 1 - distance / 100))', () => {
  it.each([
    [0, 1],
    [50, 0.5],
    [70, 0.3],
    [100, 0],
    [150, 0],
  ])('is %d units -> %d', (units, expected) => {
    expect(proximityOfDistance(units)).toBe(expected);
  });

  it('measures straight-line distance between positions', () => {
    expect(distance({ x: 0, y: 0 }, { x: 30, y: 40 })).toBe(50);
    expect(proximity({ x: 0, y: 0 }, { x: 30, y: 40 })).toBe(0.5);
  });

  it('makes pairs candidates only above 0.3, so a pair exactly 70 apart is not one', () => {
    expect(isCandidateProximity(proximity({ x: 0, y: 0 }, { x: 70, y: 0 }))).toBe(false);
    expect(isCandidateProximity(proximity({ x: 0, y: 0 }, { x: 69.9, y: 0 }))).toBe(true);
    expect(isCandidateProximity(0.3)).toBe(false);
    expect(isCandidateProximity(0.300001)).toBe(true);
  });
});
