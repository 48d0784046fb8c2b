/**
 * The providers' front door: a validated configuration (what settings store) and the factory that turns
 * it into an AiProvider. Collaborators that are not data (credentials, clocks, observers) come in
 * separately so configuration stays plain JSON.
 */
import { z } from 'zod';
import { type OpenAiCompatibleDependencies, OpenAiCompatibleProvider, OpenAiCompatibleSettings } from './openai-compatible';
import type { AiProvider } from './provider';
import { SimulatedProvider, SimulatedProviderOptions } from './simulated';

export const SimulatedProviderConfig = SimulatedProviderOptions.extend({ kind: z.literal('simulated') });
export const OpenAiCompatibleProviderConfig = OpenAiCompatibleSettings.extend({ kind: z.literal('openai-compatible') });

export const ProviderConfig = z.discriminatedUnion('kind', [SimulatedProviderConfig, OpenAiCompatibleProviderConfig]);
export type ProviderConfig = z.output<typeof ProviderConfig>;
export type ProviderConfigInput = z.input<typeof ProviderConfig>;
export type ProviderKind = ProviderConfig['kind'];

export const DEFAULT_PROVIDER_CONFIG: ProviderConfigInput = { kind: 'simulated' };

export type ProviderDependencies = OpenAiCompatibleDependencies;

/** Builds the provider a configuration describes; throws a ZodError naming the field when it is invalid. */
export function createProvider(config: ProviderConfigInput = DEFAULT_PROVIDER_CONFIG, dependencies: ProviderDependencies = {}): AiProvider {
  const parsed = ProviderConfig.parse(config);
  switch (parsed.kind) {
    case 'simulated': {
      const { kind: _kind, ...options } = parsed;
      return new SimulatedProvider(options);
    }
    case 'openai-compatible': {
      const { kind: _kind, ...settings } = parsed;
      return new OpenAiCompatibleProvider(settings, dependencies);
    }
  }
}

export { abortError, delay } from './abortable-delay';
export { CircuitBreaker, type CircuitState, type CircuitStateChange } from './circuit-breaker';
export { type CredentialSource, envCredentialSource, noCredentials } from './credential-source';
export { OpenAiCompatibleProvider } from './openai-compatible';
export { DEFAULT_PRICE_TABLE, lookupPrice, ModelPrice, PriceTable, priceCall, validatePriceTable } from './price-table';
export type { AiOperation, AiProvider, AiRequest, AiResponse, ChatMessage } from './provider';
export { ProviderError } from './provider';
export { SIMULATED_MODELS, SimulatedProvider } from './simulated';
