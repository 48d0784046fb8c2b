import { describe, expect, it } from 'vitest';
import { gridPlacement, mappedValue, thresholdColor } from '../../../../src-shared/charts/panel-style';
import { formatValue } from '../../../../src-shared/charts/unit-format';

describe('formatValue', () => {
  it('reads seconds as µs, ms, s, min or h', () => {
    expect(formatValue(0.00042, 'seconds')).toBe('420 µs');
    expect(formatValue(0.4567, 'seconds')).toBe('457 ms');
    expect(formatValue(2.5, 'seconds')).toBe('2.5 s');
    expect(formatValue(0, 'seconds')).toBe('0 s');
    expect(formatValue(600, 'seconds')).toBe('10 min');
    expect(formatValue(9000, 'seconds')).toBe('2.5 h');
    expect(formatValue(1500, 'milliseconds')).toBe('1.5 s');
  });

  it('reads dollars with cents, and four decimals below a dollar', () => {
    expect(formatValue(12.5, 'dollars')).toBe('$12.50');
    expect(formatValue(0.01234, 'dollars')).toBe('$0.0123');
    expect(formatValue(0, 'dollars')).toBe('$0.00');
    expect(formatValue(1234.5, 'dollars')).toBe('$1,234.50');
  });

  it('reads bytes in binary units', () => {
    expect(formatValue(512, 'bytes')).toBe('512 B');
    expect(formatValue(150 * 1024 * 1024, 'bytes')).toBe('150 MiB');
    expect(formatValue(1.5 * 1024 ** 3, 'bytes')).toBe('1.5 GiB');
  });

  it('reads percentages, ratios and rates', () => {
    expect(formatValue(97.456, 'percent', 1)).toBe('97.5%');
    expect(formatValue(0.25, 'ratio')).toBe('25%');
    expect(formatValue(42, 'per_hour', 0)).toBe('42/h');
    expect(formatValue(125_000, 'per_hour')).toBe('125k/h');
    expect(formatValue(0.5, 'per_second')).toBe('0.5/s');
    expect(formatValue(1234, 'count')).toBe('1,234');
    expect(formatValue(3_400_000, 'count')).toBe('3.4M');
  });

  it('says — for no value', () => {
    expect(formatValue(null, 'seconds')).toBe('—');
    expect(formatValue(Number.NaN, 'count')).toBe('—');
  });
});

describe('thresholds and mappings', () => {
  const thresholds = [
    { value: 95, color: 'green' as const },
    { value: 0, color: 'red' as const },
    { value: 80, color: 'orange' as const },
  ];
  it('colours a value by the highest threshold at or below it', () => {
    expect(thresholdColor(99, thresholds)).toBe('green');
    expect(thresholdColor(95, thresholds)).toBe('green');
    expect(thresholdColor(80, thresholds)).toBe('orange');
    expect(thresholdColor(12, thresholds)).toBe('red');
    expect(thresholdColor(-1, thresholds)).toBeNull();
    expect(thresholdColor(null, thresholds)).toBeNull();
  });

  it('maps a breaker state to its word', () => {
    const mappings = [
      { value: 0, text: 'closed', color: 'green' as const },
      { value: 2, text: 'open', color: 'red' as const },
    ];
    expect(mappedValue(2, mappings)?.text).toBe('open');
    expect(mappedValue(1, mappings)).toBeNull();
  });

  it('places a panel on 1-based grid lines', () => {
    expect(gridPlacement({ x: 0, y: 4, w: 12, h: 8 })).toEqual({ '--grid-x': 1, '--grid-y': 5, '--grid-w': 12, '--grid-h': 8 });
  });
});
