import { describe, expect, it } from 'vitest';
import { barGeometry, formatOffset } from '../../../../../../src-renderer/src/pages/traces/view/waterfall-geometry';

describe('barGeometry', () => {
  it('places a bar on the shared axis as fractions', () => {
    expect(barGeometry(1100, 200, 1000, 1000)).toEqual({ left: 0.1, width: 0.2, label: 'right' });
  });

  it('puts the duration left of a bar ending near the right edge, and inside one spanning the axis', () => {
    expect(barGeometry(1700, 250, 1000, 1000).label).toBe('left');
    expect(barGeometry(1000, 1000, 1000, 1000).label).toBe('inside');
  });

  it('clips a bar to the axis and survives a zero-length axis', () => {
    expect(barGeometry(900, 2000, 1000, 1000)).toEqual({ left: 0, width: 1, label: 'inside' });
    expect(barGeometry(1000, 0, 1000, 0)).toEqual({ left: 0, width: 0, label: 'right' });
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
