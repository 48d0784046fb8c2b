import { describe, expect, it } from 'vitest';
import {
  formatCost,
  formatCostDelta,
  formatCount,
  formatCountDelta,
  formatElapsedMs,
  formatPercent,
} from '../../../../src-renderer/src/ui/format-units';

describe('turn figures', () => {
  it('keeps four decimals for the fractions of a cent a turn costs', () => {
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(0.0023465)).toBe('$0.0023');
    expect(formatCost(0.000023)).toBe('$0.000023');
    expect(formatCostDelta(0.0000031)).toBe('+$0.0000031');
    expect(formatCost(12.5)).toBe('$12.50');
    expect(formatCostDelta(0.0003)).toBe('+$0.0003');
    expect(formatCostDelta(-0.0003)).toBe('-$0.0003');
    expect(formatCostDelta(0)).toBe('±$0');
  });

  it('reads durations from sub-millisecond phases to minutes-long turns', () => {
    expect(formatElapsedMs(0.45)).toBe('0.5 ms');
    expect(formatElapsedMs(454.8)).toBe('455 ms');
    expect(formatElapsedMs(1224.26)).toBe('1.22 s');
    expect(formatElapsedMs(125_000)).toBe('2 m 05 s');
  });

  it('groups counts and signs differences', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCountDelta(12)).toBe('+12');
    expect(formatCountDelta(-1200)).toBe('-1,200');
    expect(formatCountDelta(0)).toBe('±0');
    expect(formatPercent(0.2)).toBe('20%');
  });
});
