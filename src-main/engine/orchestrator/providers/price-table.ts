/**
 * What an AI call costs (SPEC section 1): cost = input_tokens x price_in + output_tokens x price_out, with
 * prices in US dollars per 1,000 tokens per model, from a table the user can edit in settings. Providers
 * never price their own calls; the orchestrator prices them here.
 */
import { z } from 'zod';

/** A price per 1,000 tokens, in dollars; the upper bound only catches a slipped decimal point. */
const pricePer1k = z.number().finite().nonnegative().max(100);

export const ModelPrice = z.strictObject({
  inputPer1k: pricePer1k,
  outputPer1k: pricePer1k,
});
export type ModelPrice = z.infer<typeof ModelPrice>;

export const PriceTable = z.strictObject({
  /** Prices by model name (matched exactly, then case-insensitively, then by the longest versioned prefix). */
  models: z.record(z.string().trim().min(1).max(200), ModelPrice),
  /** Price of a model the table does not know. */
  fallback: ModelPrice,
});
export type PriceTable = z.infer<typeof PriceTable>;

/**
 * Defaults. The simulated models have small, nonzero prices so cost panels, budgets and the cost cap
 * show something offline; real prices are list prices at the time of writing (edit them in settings);
 * local models (Ollama, llama.cpp) cost nothing per token. The fallback is priced like a mid-range hosted
 * model, on the expensive side on purpose, so an unknown model still counts against max_ai_cost.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  models: {
    'sim-basic': { inputPer1k: 0.0002, outputPer1k: 0.0006 },
    'sim-standard': { inputPer1k: 0.0005, outputPer1k: 0.0015 },
    'sim-detailed': { inputPer1k: 0.001, outputPer1k: 0.003 },
    'sim-comprehensive': { inputPer1k: 0.003, outputPer1k: 0.012 },
    'gpt-4o': { inputPer1k: 0.0025, outputPer1k: 0.01 },
    'gpt-4o-mini': { inputPer1k: 0.00015, outputPer1k: 0.0006 },
    'gpt-4.1': { inputPer1k: 0.002, outputPer1k: 0.008 },
    'gpt-4.1-mini': { inputPer1k: 0.0004, outputPer1k: 0.0016 },
    'gpt-4.1-nano': { inputPer1k: 0.0001, outputPer1k: 0.0004 },
    'gpt-3.5-turbo': { inputPer1k: 0.0005, outputPer1k: 0.0015 },
    'o3-mini': { inputPer1k: 0.0011, outputPer1k: 0.0044 },
    'llama3.1': { inputPer1k: 0, outputPer1k: 0 },
    mistral: { inputPer1k: 0, outputPer1k: 0 },
    'qwen2.5': { inputPer1k: 0, outputPer1k: 0 },
  },
  fallback: { inputPer1k: 0.0025, outputPer1k: 0.01 },
};

export type PriceMatch = 'exact' | 'prefix' | 'fallback';

export interface PriceLookup {
  /** The model asked about. */
  model: string;
  /** The table entry used, or null for the fallback. */
  entry: string | null;
  match: PriceMatch;
  /** True when the model is unknown and the fallback price was used (show it; it is a guess). */
  fallback: boolean;
  price: ModelPrice;
}

export interface PricedCall extends PriceLookup {
  /** Dollars. */
  cost: number;
  inputCost: number;
  outputCost: number;
}

/** Separators after which a longer name is a version of a table entry: `gpt-4o-2024-08-06`, `llama3.1:8b`. */
const VERSION_SEPARATORS = ['-', ':', '@'];

export function lookupPrice(table: PriceTable, model: string): PriceLookup {
  const exact = table.models[model];
  if (exact) return { model, entry: model, match: 'exact', fallback: false, price: exact };
  // Routers prefix the vendor (`openai/gpt-4o`); compare the bare name, case-insensitively.
  const bare = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  let best: { entry: string; price: ModelPrice; prefix: boolean } | undefined;
  for (const [entry, price] of Object.entries(table.models)) {
    const name = entry.toLowerCase();
    if (name === bare) return { model, entry, match: 'exact', fallback: false, price };
    const versioned = VERSION_SEPARATORS.some((separator) => bare.startsWith(name + separator));
    if (versioned && (!best || entry.length > best.entry.length)) best = { entry, price, prefix: true };
  }
  if (best) return { model, entry: best.entry, match: 'prefix', fallback: false, price: best.price };
  return { model, entry: null, match: 'fallback', fallback: true, price: table.fallback };
}

/** Prices one call. Token counts must be nonnegative integers (a negative count is a caller bug). */
export function priceCall(table: PriceTable, model: string, inputTokens: number, outputTokens: number): PricedCall {
  for (const [name, tokens] of [
    ['inputTokens', inputTokens],
    ['outputTokens', outputTokens],
  ] as const) {
    if (!Number.isInteger(tokens) || tokens < 0) throw new RangeError(`${name} must be a nonnegative integer, got ${tokens}`);
  }
  const lookup = lookupPrice(table, model);
  const inputCost = (inputTokens / 1000) * lookup.price.inputPer1k;
  const outputCost = (outputTokens / 1000) * lookup.price.outputPer1k;
  return { ...lookup, inputCost, outputCost, cost: inputCost + outputCost };
}

export type PriceTableValidation = { ok: true; table: PriceTable } | { ok: false; issues: string[] };

/** Checks a user-edited table; each issue names its field (`models.gpt-4o.inputPer1k: ...`). */
export function validatePriceTable(input: unknown): PriceTableValidation {
  const result = PriceTable.safeParse(input);
  if (result.success) return { ok: true, table: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(table)'}: ${issue.message}`),
  };
}
