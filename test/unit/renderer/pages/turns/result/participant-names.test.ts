import { describe, expect, it } from 'vitest';
import { joinNames, nameLookup } from '../../../../../../src-renderer/src/pages/turns/result/participant-names';

describe('participant names', () => {
  it('names known agents, shows unknown ids as they are, and shortens long lists', () => {
    const nameOf = nameLookup([
      { id: 'aria', name: 'Aria Vell' },
      { id: 'borin', name: 'Borin Thale' },
    ]);
    expect(nameOf('aria')).toBe('Aria Vell');
    expect(nameOf('ghost')).toBe('ghost');
    expect(joinNames(['aria', 'borin', 'ghost', 'x'], nameOf, 2)).toBe('Aria Vell, Borin Thale and 2 more');
  });
});
