/**
 * A provider for any server speaking OpenAI's chat/completions protocol (OpenAI, Ollama, llama.cpp server,
 * vLLM, LM Studio): SPEC section 1, Providers.
 *
 * One call = up to maxRetries + 1 attempts, each bounded by timeoutMs and by the caller's signal.
 * Retried: 429 (waiting Retry-After when given), 5xx, timeouts and network errors, with exponential
 * backoff and jitter. Never retried: other 4xx, malformed answers, and anything after the caller aborts.
 * Every attempt asks the circuit breaker first; an open circuit fails fast with `circuit_open`.
 * The API key never appears in an error message: messages are redacted before they leave this file.
 * Answers carry the output guard's note when their text holds script content (output-guard-note.ts).
 */
import { z } from 'zod';
import { abortError, delay } from './abortable-delay';
import { CircuitBreaker, CircuitBreakerSettings, type CircuitStateChange } from './circuit-breaker';
import { type CredentialSource, envCredentialSource } from './credential-source';
import { withOutputGuardNote } from './output-guard-note';
import { type AiProvider, type AiRequest, type AiResponse, ProviderError } from './provider';
import { estimatePromptTokens, estimateTokens } from './token-estimate';

export const OpenAiCompatibleSettings = z.strictObject({
  /** Base URL of the API, up to and including its version segment, e.g. `http://127.0.0.1:11434/v1`. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL such as http://127.0.0.1:11434/v1' }),
  /** Model sent with every request; when absent, the model the phase asked for (by narrative depth). */
  model: z.string().min(1).max(200).optional(),
  /** Bound of one attempt, body included. */
  timeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
  backoff: z
    .strictObject({
      /** Delay before the first retry; doubles each retry, up to maxMs, with jitter on the upper half. */
      initialMs: z.number().int().min(0).max(60_000).default(250),
      maxMs: z.number().int().min(0).max(300_000).default(8000),
      /** A Retry-After longer than this is not waited for: the call fails as rate_limited at once. */
      maxRetryAfterMs: z.number().int().min(0).max(600_000).default(60_000),
    })
    .prefault({}),
  circuitBreaker: CircuitBreakerSettings.prefault({}),
});
export type OpenAiCompatibleSettings = z.output<typeof OpenAiCompatibleSettings>;
export type OpenAiCompatibleSettingsInput = z.input<typeof OpenAiCompatibleSettings>;

/** What is not configuration: collaborators and seams for tests. */
export interface OpenAiCompatibleDependencies {
  /** Default: envCredentialSource() (NOVEL_CONSOLE_LLM_API_KEY). */
  credentials?: CredentialSource;
  fetch?: typeof fetch;
  /** Clock of the circuit breaker (ms). */
  now?: () => number;
  /** Uniform [0, 1) source of backoff jitter. */
  random?: () => number;
  onCircuitStateChange?: (change: CircuitStateChange) => void;
}

/** Milliseconds a Retry-After header asks for (delta-seconds or HTTP-date), or undefined when absent/invalid. */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Delay before retry number `retry` (0-based): exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffDelayMs(retry: number, backoff: { initialMs: number; maxMs: number }, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const ChatCompletion = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
  usage: z.unknown().optional(),
});

const Usage = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});

type AttemptResult =
  | { ok: true; text: string; model: string; inputTokens: number | undefined; outputTokens: number | undefined }
  | {
      ok: false;
      error: ProviderError;
      /** Whether the failure says the server is unhealthy (counts against the circuit). */
      upstreamFault: boolean;
      retryAfterMs?: number;
    };

export class OpenAiCompatibleProvider implements AiProvider {
  readonly name = 'openai-compatible';
  readonly settings: OpenAiCompatibleSettings;
  readonly circuit: CircuitBreaker;
  private readonly endpoint: string;
  /** The endpoint as shown in messages: no credentials, no query. */
  private readonly shownEndpoint: string;
  private readonly credentials: CredentialSource;
  private readonly fetch: typeof fetch;
  private readonly random: () => number;

  constructor(settings: OpenAiCompatibleSettingsInput, dependencies: OpenAiCompatibleDependencies = {}) {
    this.settings = OpenAiCompatibleSettings.parse(settings);
    this.endpoint = `${this.settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    const url = new URL(this.endpoint);
    this.shownEndpoint = `${url.origin}${url.pathname}`;
    this.credentials = dependencies.credentials ?? envCredentialSource();
    this.fetch = dependencies.fetch ?? globalThis.fetch;
    this.random = dependencies.random ?? Math.random;
    this.circuit = new CircuitBreaker({
      ...this.settings.circuitBreaker,
      ...(dependencies.now ? { now: dependencies.now } : {}),
      ...(dependencies.onCircuitStateChange ? { onStateChange: dependencies.onCircuitStateChange } : {}),
    });
  }

  async complete(request: AiRequest, signal: AbortSignal): Promise<AiResponse> {
    const started = performance.now();
    const what = `${request.operation} request to ${this.shownEndpoint}`;
    if (signal.aborted) throw abortError(signal, what);
    const apiKey = await this.apiKey();
    const redact = (text: string) => (apiKey ? text.replaceAll(apiKey, '[redacted]') : text);
    const model = this.settings.model ?? request.model;
    const body = JSON.stringify({ model, messages: request.messages, max_tokens: request.maxTokens, temperature: request.temperature });
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    if (request.traceparent) headers.traceparent = request.traceparent;

    const attempts = this.settings.maxRetries + 1;
    let last: ProviderError | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const permit = this.circuit.tryAcquire();
      if (!permit) {
        const seconds = Math.ceil(this.circuit.retryInMs / 1000);
        throw new ProviderError(
          'circuit_open',
          redact(
            `${this.shownEndpoint} is failing, so its circuit breaker is ${this.circuit.state.replace('_', '-')}` +
              `${last ? ` (last error: ${last.message})` : ''}; calls resume ${seconds > 0 ? `in about ${seconds} s` : 'after the current probe'}`,
          ),
          { cause: last },
        );
      }
      const result = await this.attempt(body, headers, model, signal, what);
      if (result.ok) {
        permit.success();
        // A model's text is untrusted: the output guard notes script content (the phase replaces it).
        return withOutputGuardNote({
          text: result.text,
          model: result.model,
          inputTokens: result.inputTokens ?? estimatePromptTokens(request.messages),
          outputTokens: result.outputTokens ?? estimateTokens(result.text),
          latencyMs: performance.now() - started,
        });
      }
      if (signal.aborted) {
        permit.release();
        throw abortError(signal, what);
      }
      if (result.upstreamFault) permit.failure();
      else permit.release();
      last = new ProviderError(result.error.kind, redact(result.error.message), {
        retryable: result.error.retryable,
        cause: result.error.cause,
      });
      if (!last.retryable || attempt === attempts) break;
      const wait = result.retryAfterMs ?? backoffDelayMs(attempt - 1, this.settings.backoff, this.random);
      if (wait > this.settings.backoff.maxRetryAfterMs) {
        last = new ProviderError(last.kind, `${last.message}; the server asked to wait ${Math.ceil(wait / 1000)} s, longer than allowed`, {
          retryable: false,
          cause: last.cause,
        });
        break;
      }
      await delay(wait, signal, what);
    }
    const failure = last as ProviderError;
    const tries = failure.retryable && attempts > 1 ? `${request.operation} request failed after ${attempts} attempts: ` : '';
    throw new ProviderError(failure.kind, `${tries}${failure.message}`, { retryable: failure.retryable, cause: failure.cause });
  }

  private async apiKey(): Promise<string | undefined> {
    try {
      return await this.credentials.getApiKey();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProviderError('error', `could not read the API key from ${this.credentials.description}: ${reason}`, { cause: error });
    }
  }

  private async attempt(
    body: string,
    headers: Record<string, string>,
    model: string,
    signal: AbortSignal,
    what: string,
  ): Promise<AttemptResult> {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const attemptSignal = AbortSignal.any([signal, timeout]);
    let status: number;
    let responseHeaders: Headers;
    let text: string;
    try {
      const response = await this.fetch(this.endpoint, { method: 'POST', headers, body, signal: attemptSignal });
      status = response.status;
      responseHeaders = response.headers;
      // The same signal bounds the body: a server that dribbles past the timeout is a timeout.
      text = await response.text();
    } catch (error) {
      if (signal.aborted) return { ok: false, error: abortError(signal, what), upstreamFault: false };
      if (timeout.aborted) {
        return {
          ok: false,
          error: new ProviderError(
            'timeout',
            `${this.shownEndpoint} did not answer within ${this.settings.timeoutMs} ms; raise timeoutMs or check the server's load`,
            {
              retryable: true,
            },
          ),
          upstreamFault: true,
        };
      }
      const cause =
        error instanceof Error && error.cause instanceof Error
          ? error.cause.message
          : error instanceof Error
            ? error.message
            : String(error);
      return {
        ok: false,
        error: new ProviderError(
          'error',
          `could not reach ${this.shownEndpoint} (${cause}); check that the server is running and baseUrl is right`,
          {
            retryable: true,
          },
        ),
        upstreamFault: true,
      };
    }
    if (status < 200 || status >= 300) return this.httpFailure(status, responseHeaders, text);
    return this.parse(text, model);
  }

  private httpFailure(status: number, headers: Headers, text: string): AttemptResult {
    const detail = errorDetail(text);
    const said = detail ? `: ${detail}` : '';
    if (status === 429) {
      return {
        ok: false,
        error: new ProviderError('rate_limited', `${this.shownEndpoint} is rate limiting requests (HTTP 429)${said}`, { retryable: true }),
        upstreamFault: true,
        ...retryAfter(headers),
      };
    }
    if (status >= 500) {
      return {
        ok: false,
        error: new ProviderError('error', `${this.shownEndpoint} failed with HTTP ${status}${said}; check the model server's logs`, {
          retryable: true,
        }),
        upstreamFault: true,
        ...retryAfter(headers),
      };
    }
    const advice =
      status === 401 || status === 403
        ? `; check the API key (${this.credentials.description})`
        : status === 404
          ? '; check baseUrl (it usually ends in /v1) and the model name'
          : '; check the request settings (model, max tokens, temperature)';
    return {
      ok: false,
      error: new ProviderError('error', `${this.shownEndpoint} rejected the request with HTTP ${status}${said}${advice}`, {
        retryable: false,
      }),
      upstreamFault: false,
    };
  }

  private parse(text: string, model: string): AttemptResult {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.malformed(`its answer is not JSON (${JSON.stringify(text.slice(0, 60))}${text.length > 60 ? '…' : ''})`);
    }
    const completion = ChatCompletion.safeParse(json);
    if (!completion.success) return this.malformed('its answer has no choices[0].message.content');
    const usage = Usage.safeParse(completion.data.usage);
    return {
      ok: true,
      text: completion.data.choices[0]?.message.content ?? '',
      model: completion.data.model ?? model,
      inputTokens: usage.success ? usage.data.prompt_tokens : undefined,
      outputTokens: usage.success ? usage.data.completion_tokens : undefined,
    };
  }

  private malformed(why: string): AttemptResult {
    return {
      ok: false,
      error: new ProviderError('malformed', `${this.shownEndpoint} is not speaking the chat/completions protocol: ${why}; check baseUrl`),
      upstreamFault: true,
    };
  }
}

function retryAfter(headers: Headers): { retryAfterMs?: number } {
  const ms = parseRetryAfterMs(headers.get('retry-after'), Date.now());
  return ms === undefined ? {} : { retryAfterMs: ms };
}

/** The server's own error message (OpenAI's `{ error: { message } }` or a short text body), bounded. */
function errorDetail(text: string): string {
  let detail = text;
  try {
    const json = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof json.error === 'string' ? json.error : (json.error?.message ?? json.message);
    if (typeof message === 'string') detail = message;
  } catch {
    // Not JSON: show the text itself.
  }
  const oneLine = detail.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}
