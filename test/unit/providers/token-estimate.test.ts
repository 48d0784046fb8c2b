import { describe, expect, it } from 'vitest';
import { estimatePromptTokens, estimateTokens, truncateToTokens } from '../../../src-main/engine/orchestrator/providers/token-estimate';

describe('token estimate', () => {
  it('counts about four characters per token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
  });

  it('adds a small per-message overhead to prompts', () => {
    expect(
      estimatePromptTokens([
        { role: 'system', content: 'abcdefgh' },
        { role: 'user', content: 'abcd' },
      ]),
    ).toBe(2 + 4 + 1 + 4);
  });

  it('leaves text within the budget untouched', () => {
    expect(truncateToTokens('a short text', 10)).toBe('a short text');
  });

  it('cuts at a word boundary within the budget and drops trailing separators', () => {
    const text = 'The storm rose, and the lamp went dark over the harbour.';
    const cut = truncateToTokens(text, 4);
    expect(cut).toBe('The storm rose');
    expect(estimateTokens(cut)).toBeLessThanOrEqual(4);
    expect(text.startsWith(cut)).toBe(true);
  });

  it('keeps the whole last word when the cut falls exactly on a space', () => {
    expect(truncateToTokens('abc defg hij', 2)).toBe('abc defg');
  });

  it('cuts a single overlong word hard', () => {
    expect(truncateToTokens('supercalifragilistic', 2)).toBe('supercal');
  });

  it('returns nothing for a zero budget', () => {
    expect(truncateToTokens('anything at all', 0)).toBe('');
  });
});
