import { describe, expect, it } from 'vitest';
import { parseTurnsRoute, turnsHref } from '../../../../../src-renderer/src/pages/turns/turns-route';
import { hashSegments } from '../../../../../src-renderer/src/shell/hash-route';

describe('parseTurnsRoute', () => {
  it('reads each view of the Turns page', () => {
    expect(parseTurnsRoute([])).toEqual({ view: 'run' });
    expect(parseTurnsRoute(['history'])).toEqual({ view: 'history' });
    expect(parseTurnsRoute(['reviews'])).toEqual({ view: 'reviews' });
    expect(parseTurnsRoute(['0b4e'])).toEqual({ view: 'turn', turnId: '0b4e' });
    expect(parseTurnsRoute(['diff', 'a', 'b'])).toEqual({ view: 'diff', a: 'a', b: 'b' });
  });

  it('calls anything else unknown', () => {
    expect(parseTurnsRoute(['diff', 'a'])).toEqual({ view: 'unknown', path: 'diff/a' });
    expect(parseTurnsRoute(['0b4e', 'extra'])).toEqual({ view: 'unknown', path: '0b4e/extra' });
  });

  it('round-trips through the hrefs and the hash parser', () => {
    const href = turnsHref.diff('a b', 'c/d');
    expect(href).toBe('#/turns/diff/a%20b/c%2Fd');
    const [page, ...rest] = hashSegments(href);
    expect(page).toBe('turns');
    expect(parseTurnsRoute(rest)).toEqual({ view: 'diff', a: 'a b', b: 'c/d' });
  });
});
