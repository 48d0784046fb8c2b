import { describe, expect, it } from 'vitest';
import { axisTicks, barGeometry, formatOffset, formatTick } from '../../../../../../src-renderer/src/pages/traces/view/waterfall-geometry';

describe('barGeometry', () => {
  it('places a bar on the shared axis as fractions', () => {
    expect(barGeometry(1100, 200, 1000, 1000)).toEqual({
      left: 0.1,
      width: 0.2,
      label: 'right',
      outside: null,
      visibleStartMs: 1100,
      visibleEndMs: 1300,
    });
  });

  it('clips a bar to a zoomed axis, and has none for a span outside it', () => {
    expect(barGeometry(1000, 400, 1200, 400)).toMatchObject({
      left: 0,
      width: 0.5,
      outside: null,
      visibleStartMs: 1200,
      visibleEndMs: 1400,
    });
    expect(barGeometry(1000, 100, 1200, 400)).toMatchObject({ width: 0, outside: 'before' });
    expect(barGeometry(1700, 100, 1200, 400)).toMatchObject({ width: 0, outside: 'after' });
  });

  it('puts the duration left of a bar ending near the right edge, and inside one spanning the axis', () => {
    expect(barGeometry(1700, 250, 1000, 1000).label).toBe('left');
    expect(barGeometry(1000, 1000, 1000, 1000).label).toBe('inside');
  });

  it('clips a bar to the axis and survives a zero-length axis', () => {
    expect(barGeometry(900, 2000, 1000, 1000)).toMatchObject({ left: 0, width: 1, label: 'inside' });
    expect(barGeometry(1000, 0, 1000, 0)).toMatchObject({ left: 0, width: 0, label: 'right', outside: null });
  });
});

describe('axisTicks', () => {
  it('puts round ticks on the whole trace and on a zoomed window', () => {
    expect(axisTicks(0, 1000).map((tick) => tick.offsetMs)).toEqual([0, 200, 400, 600, 800, 1000]);
    const zoomed = axisTicks(1230, 500);
    expect(zoomed.map((tick) => tick.offsetMs)).toEqual([1300, 1400, 1500, 1600, 1700]);
    expect(zoomed[0]?.at).toBeCloseTo(0.14, 6);
    expect(axisTicks(5, 0)).toEqual([{ offsetMs: 5, at: 0 }]);
  });
});

describe('formatTick', () => {
  it('gives each tick the decimals its step needs', () => {
    expect(formatTick(0, 200)).toBe('0');
    expect(formatTick(131_200, 200)).toBe('2 m 11.2 s');
    expect(formatTick(125_000, 20_000)).toBe('2 m 05 s');
    expect(formatTick(1240, 20)).toBe('1.24 s');
    expect(formatTick(40_000, 10_000)).toBe('40 s');
    expect(formatTick(480, 20)).toBe('480 ms');
    expect(formatTick(0.25, 0.05)).toBe('0.25 ms');
  });
});

describe('formatOffset', () => {
  it('reads short on the axis', () => {
    expect(formatOffset(0)).toBe('0');
    expect(formatOffset(0.25)).toBe('0.25 ms');
    expect(formatOffset(480)).toBe('480 ms');
    expect(formatOffset(1500)).toBe('1.5 s');
    expect(formatOffset(125_000)).toBe('2 m 05 s');
  });
});
