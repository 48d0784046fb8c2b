import { describe, expect, it } from 'vitest';
import { formatChangeValue, MAX_CELL_CHARS } from '../../../../../../src-renderer/src/pages/turns/diff/change-value';

describe('formatChangeValue', () => {
  it('shows JSON, a dash for an absent side, and cuts long values', () => {
    expect(formatChangeValue({ x: 1 })).toEqual({ text: '{"x":1}', full: '{"x":1}' });
    expect(formatChangeValue(undefined)).toEqual({ text: '—', full: 'absent' });
    const long = formatChangeValue('y'.repeat(500));
    expect(long.text).toHaveLength(MAX_CELL_CHARS);
    expect(long.text.endsWith('…')).toBe(true);
    expect(long.full).toHaveLength(502);
  });
});
