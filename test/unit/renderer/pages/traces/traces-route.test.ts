import { describe, expect, it } from 'vitest';
import { parseTracesRoute, tracesHref } from '../../../../../src-renderer/src/pages/traces/traces-route';

describe('parseTracesRoute', () => {
  it('reads the search, a trace and a span deep link', () => {
    expect(parseTracesRoute([])).toEqual({ view: 'search' });
    expect(parseTracesRoute(['abc'])).toEqual({ view: 'trace', traceId: 'abc', spanId: null });
    expect(parseTracesRoute(['abc', 'def'])).toEqual({ view: 'trace', traceId: 'abc', spanId: 'def' });
    expect(parseTracesRoute(['abc', 'def', 'x'])).toEqual({ view: 'unknown', path: 'abc/def/x' });
  });

  it('builds the same addresses back', () => {
    expect(tracesHref.search()).toBe('#/traces');
    expect(tracesHref.trace('abc')).toBe('#/traces/abc');
    expect(tracesHref.trace('abc', null)).toBe('#/traces/abc');
    expect(tracesHref.trace('abc', 'def')).toBe('#/traces/abc/def');
  });
});
