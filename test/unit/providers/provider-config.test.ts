import { describe, expect, it } from 'vitest';
import {
  createProvider,
  OpenAiCompatibleProvider,
  ProviderConfig,
  SimulatedProvider,
} from '../../../src-main/engine/orchestrator/providers/index';

describe('provider configuration', () => {
  it('builds the simulated provider by default', () => {
    const provider = createProvider();
    expect(provider).toBeInstanceOf(SimulatedProvider);
    expect(provider.name).toBe('simulated');
  });

  it('passes latency and faults to the simulated provider', () => {
    const provider = createProvider({
      kind: 'simulated',
      latency: { kind: 'none' },
      faults: { narrative_integration: { errorRate: 0.5 } },
    });
    expect(provider).toBeInstanceOf(SimulatedProvider);
    expect((provider as SimulatedProvider).options).toEqual({
      latency: { kind: 'none' },
      faults: { narrative_integration: { errorRate: 0.5, timeoutRate: 0, slowRate: 0, slowMs: 3000 } },
    });
  });

  it('builds an openai-compatible provider with defaults filled in', () => {
    const provider = createProvider({ kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1' });
    expect(provider).toBeInstanceOf(OpenAiCompatibleProvider);
    const settings = (provider as OpenAiCompatibleProvider).settings;
    expect(settings).toMatchObject({ model: 'llama3.1', timeoutMs: 30_000, maxRetries: 2 });
    expect(settings.circuitBreaker).toEqual({ failureThreshold: 5, windowMs: 60_000, coolDownMs: 30_000, successThreshold: 3 });
    expect((provider as OpenAiCompatibleProvider).circuit.state).toBe('closed');
  });

  it('rejects invalid configurations, naming the field', () => {
    const paths = (input: unknown) => {
      const result = ProviderConfig.safeParse(input);
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(paths({ kind: 'openai-compatible', baseUrl: 'file:///etc/passwd' })).toEqual(['baseUrl']);
    expect(paths({ kind: 'openai-compatible', baseUrl: 'http://localhost:8080/v1', maxRetries: -1 })).toEqual(['maxRetries']);
    expect(paths({ kind: 'simulated', latency: { kind: 'fixed', ms: -5 } })).toEqual(['latency.ms']);
    expect(paths({ kind: 'simulated', faults: { subjective_brief: { errorRate: 2 } } })).toContain('faults.subjective_brief.errorRate');
    expect(paths({ kind: 'simulated', baseUrl: 'http://x' })).toEqual(['']);
    expect(paths({ kind: 'anthropic' })).toEqual(['kind']);
    expect(() => createProvider({ kind: 'openai-compatible', baseUrl: 'not a url' })).toThrow(/baseUrl/);
  });
});
