import { describe, expect, it } from 'vitest';
import { envCredentialSource } from '../../../src-main/engine/orchestrator/providers/credential-source';
import {
  backoffDelayMs,
  OpenAiCompatibleProvider,
  parseRetryAfterMs,
} from '../../../src-main/engine/orchestrator/providers/openai-compatible';
import { briefRequest, harbourWorld, neverAborted } from './fixtures';

const request = () => briefRequest(harbourWorld(), 'mira');

/** A fetch that answers from a script and counts calls (the integration tests use a real server). */
function scriptedFetch(answers: (() => Response)[]) {
  let calls = 0;
  const fetch = (async () => {
    const answer = answers[Math.min(calls, answers.length - 1)] as () => Response;
    calls += 1;
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

describe('openai-compatible retry policy', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });

  it('backs off exponentially with jitter on the upper half, up to the cap', () => {
    const backoff = { initialMs: 100, maxMs: 1000 };
    expect(backoffDelayMs(0, backoff, () => 0)).toBe(50);
    expect(backoffDelayMs(0, backoff, () => 0.999999)).toBe(100);
    expect(backoffDelayMs(2, backoff, () => 0)).toBe(200);
    expect(backoffDelayMs(10, backoff, () => 1)).toBe(1000);
  });

  it('fails at once as rate_limited when Retry-After asks for longer than allowed', async () => {
    const { fetch, calls } = scriptedFetch([() => new Response('{}', { status: 429, headers: { 'retry-after': '120' } })]);
    const provider = new OpenAiCompatibleProvider({ baseUrl: 'http://127.0.0.1:9/v1', backoff: { maxRetryAfterMs: 1000 } }, { fetch });
    const started = performance.now();
    await expect(provider.complete(request(), neverAborted())).rejects.toMatchObject({ kind: 'rate_limited', retryable: false });
    expect(calls()).toBe(1);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses a second call while the half-open probe is in flight', async () => {
    let now = 0;
    let release: (response: Response) => void = () => {};
    const answers: (() => Response | Promise<Response>)[] = [
      () => new Response('{}', { status: 500 }),
      () =>
        new Promise<Response>((resolve) => {
          release = resolve;
        }),
    ];
    let calls = 0;
    const fetch = (async () => (answers[calls++] as () => Response)()) as typeof globalThis.fetch;
    const provider = new OpenAiCompatibleProvider(
      { baseUrl: 'http://127.0.0.1:9/v1', maxRetries: 0, circuitBreaker: { failureThreshold: 1, coolDownMs: 10, successThreshold: 1 } },
      { fetch, now: () => now },
    );
    await expect(provider.complete(request(), neverAborted())).rejects.toMatchObject({ kind: 'error' });
    now += 10;
    const probe = provider.complete(request(), neverAborted());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(provider.complete(request(), neverAborted())).rejects.toMatchObject({ kind: 'circuit_open' });
    release(new Response(JSON.stringify({ choices: [{ message: { content: 'probe answered' } }] }), { status: 200 }));
    await expect(probe).resolves.toMatchObject({ text: 'probe answered' });
    expect(provider.circuit.state).toBe('closed');
  });

  it('says where the API key could not be read from', async () => {
    const provider = new OpenAiCompatibleProvider(
      { baseUrl: 'http://127.0.0.1:9/v1' },
      {
        credentials: {
          description: 'the OS keychain',
          getApiKey: async () => {
            throw new Error('no Secret Service on D-Bus');
          },
        },
      },
    );
    await expect(provider.complete(request(), neverAborted())).rejects.toThrow(
      'could not read the API key from the OS keychain: no Secret Service on D-Bus',
    );
  });

  it('reads the API key from NOVEL_CONSOLE_LLM_API_KEY by default, ignoring blanks', async () => {
    expect(await envCredentialSource(undefined, { NOVEL_CONSOLE_LLM_API_KEY: ' sk-abc ' }).getApiKey()).toBe('sk-abc');
    expect(await envCredentialSource(undefined, { NOVEL_CONSOLE_LLM_API_KEY: '  ' }).getApiKey()).toBeUndefined();
    expect(await envCredentialSource('OTHER_KEY', { OTHER_KEY: 'k' }).getApiKey()).toBe('k');
    expect(envCredentialSource().description).toBe('environment variable NOVEL_CONSOLE_LLM_API_KEY');
  });
});
