import { describe, expect, it } from 'vitest';
import { hashSegments, pageHref, pageIdFromHash } from '../../../../src-renderer/src/shell/hash-route';

describe('hashSegments', () => {
  it('splits the path, drops the query and keeps the page id first', () => {
    expect(hashSegments('')).toEqual([]);
    expect(hashSegments('#/system')).toEqual(['system']);
    expect(hashSegments('#/turns/history?x=1')).toEqual(['turns', 'history']);
    expect(pageIdFromHash('#/turns/diff/a/b')).toBe('turns');
    expect(pageIdFromHash('#/')).toBeNull();
  });
});

describe('pageHref', () => {
  it('encodes each path segment below the page id', () => {
    expect(pageHref('system')).toBe('#/system');
    expect(pageHref('turns', 'diff', 'a/b', 'c')).toBe('#/turns/diff/a%2Fb/c');
  });
});
