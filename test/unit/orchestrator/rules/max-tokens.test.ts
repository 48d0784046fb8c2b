import { describe, expect, it } from 'vitest';
import { briefMaxTokens, narrativeMaxTokens } from '../../../../src-main/engine/orchestrator/rules/max-tokens';

describe('max_tokens by depth', () => {
  it.each([
    ['basic', 200],
    ['standard', 500],
    ['detailed', 1000],
    ['comprehensive', 2000],
  ] as const)('gives a %s brief %d tokens', (depth, tokens) => {
    expect(briefMaxTokens(depth)).toBe(tokens);
  });

  it.each([
    ['basic', 0, 300],
    ['standard', 0, 800],
    ['standard', 3, 950],
    ['detailed', 10, 2000],
    ['detailed', 11, 2000],
    ['comprehensive', 4, 3200],
    ['comprehensive', 40, 3500],
  ] as const)('gives a %s narrative over %d events %d tokens', (depth, events, tokens) => {
    expect(narrativeMaxTokens(depth, events)).toBe(tokens);
  });
});
