import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRICE_TABLE,
  lookupPrice,
  type PriceTable,
  priceCall,
  validatePriceTable,
} from '../../../src-main/engine/orchestrator/providers/price-table';
import { SIMULATED_MODELS } from '../../../src-main/engine/orchestrator/providers/simulated';

const TABLE: PriceTable = {
  models: {
    'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01 },
    'gpt-4o-mini': { inputPer1k: 0.00015, outputPer1k: 0.0006 },
    'llama3.1': { inputPer1k: 0, outputPer1k: 0 },
  },
  fallback: { inputPer1k: 0.003, outputPer1k: 0.015 },
};

describe('price table', () => {
  it('costs input and output tokens at their own per-1k prices', () => {
    const priced = priceCall(TABLE, 'gpt-4o', 1000, 500);
    expect(priced.inputCost).toBeCloseTo(0.0025, 12);
    expect(priced.outputCost).toBeCloseTo(0.005, 12);
    expect(priced.cost).toBeCloseTo(0.0075, 12);
    expect(priced).toMatchObject({ match: 'exact', fallback: false, entry: 'gpt-4o' });
  });

  it('costs nothing for zero tokens and for free local models', () => {
    expect(priceCall(TABLE, 'gpt-4o', 0, 0).cost).toBe(0);
    expect(priceCall(TABLE, 'llama3.1:8b', 5000, 5000).cost).toBe(0);
  });

  it('matches case-insensitively, without a vendor prefix, and by the longest versioned prefix', () => {
    expect(lookupPrice(TABLE, 'GPT-4o')).toMatchObject({ entry: 'gpt-4o', match: 'exact' });
    expect(lookupPrice(TABLE, 'openai/gpt-4o-mini')).toMatchObject({ entry: 'gpt-4o-mini', match: 'exact' });
    expect(lookupPrice(TABLE, 'gpt-4o-2024-08-06')).toMatchObject({ entry: 'gpt-4o', match: 'prefix', fallback: false });
    expect(lookupPrice(TABLE, 'gpt-4o-mini-2024-07-18')).toMatchObject({ entry: 'gpt-4o-mini', match: 'prefix' });
    expect(lookupPrice(TABLE, 'llama3.1:70b')).toMatchObject({ entry: 'llama3.1', match: 'prefix' });
  });

  it('falls back for unknown models and says so', () => {
    const lookup = lookupPrice(TABLE, 'mystery-model');
    expect(lookup).toEqual({ model: 'mystery-model', entry: null, match: 'fallback', fallback: true, price: TABLE.fallback });
    // A name that merely starts like an entry is not a version of it.
    expect(lookupPrice(TABLE, 'gpt-4omega').fallback).toBe(true);
    expect(priceCall(TABLE, 'mystery-model', 1000, 1000).cost).toBeCloseTo(0.018, 12);
  });

  it('refuses token counts that are not nonnegative integers', () => {
    expect(() => priceCall(TABLE, 'gpt-4o', -1, 0)).toThrow(/inputTokens/);
    expect(() => priceCall(TABLE, 'gpt-4o', 0, 1.5)).toThrow(/outputTokens/);
  });

  it('ships a valid default table pricing every simulated model above zero', () => {
    expect(validatePriceTable(DEFAULT_PRICE_TABLE).ok).toBe(true);
    for (const model of Object.values(SIMULATED_MODELS)) {
      const lookup = lookupPrice(DEFAULT_PRICE_TABLE, model);
      expect(lookup.fallback).toBe(false);
      expect(lookup.price.inputPer1k).toBeGreaterThan(0);
      expect(lookup.price.outputPer1k).toBeGreaterThan(0);
    }
    const basic = DEFAULT_PRICE_TABLE.models['sim-basic'];
    const comprehensive = DEFAULT_PRICE_TABLE.models['sim-comprehensive'];
    expect(comprehensive?.outputPer1k).toBeGreaterThan(basic?.outputPer1k ?? Infinity);
    expect(lookupPrice(DEFAULT_PRICE_TABLE, 'gpt-4o-mini').fallback).toBe(false);
  });

  it('checks a user-edited table and names each bad field', () => {
    const result = validatePriceTable({
      models: { 'gpt-4o': { inputPer1k: -1, outputPer1k: 0.01 }, cheap: { inputPer1k: 0.001 } },
      fallback: { inputPer1k: 0.001, outputPer1k: 0.002, currency: 'EUR' },
    });
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    expect(issues.some((issue) => issue.startsWith('models.gpt-4o.inputPer1k:'))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('models.cheap.outputPer1k:'))).toBe(true);
    expect(issues.some((issue) => issue.startsWith('fallback:') && issue.includes('currency'))).toBe(true);
  });

  it('rejects a table without a fallback, an empty model name and an implausible price', () => {
    expect(validatePriceTable({ models: {} }).ok).toBe(false);
    expect(validatePriceTable({ models: { '': { inputPer1k: 0, outputPer1k: 0 } }, fallback: TABLE.fallback }).ok).toBe(false);
    expect(validatePriceTable({ models: { x: { inputPer1k: 2500, outputPer1k: 0 } }, fallback: TABLE.fallback }).ok).toBe(false);
  });
});
