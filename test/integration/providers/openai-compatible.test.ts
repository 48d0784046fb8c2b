import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CircuitStateChange } from '../../../src-main/engine/orchestrator/providers/circuit-breaker';
import type { CredentialSource } from '../../../src-main/engine/orchestrator/providers/credential-source';
import {
  type OpenAiCompatibleDependencies,
  OpenAiCompatibleProvider,
  type OpenAiCompatibleSettingsInput,
} from '../../../src-main/engine/orchestrator/providers/openai-compatible';
import { ProviderError } from '../../../src-main/engine/orchestrator/providers/provider';
import { estimateTokens } from '../../../src-main/engine/orchestrator/providers/token-estimate';
import { briefRequest, harbourWorld, neverAborted } from '../../unit/providers/fixtures';

/** A real chat/completions server on 127.0.0.1; each test scripts how it answers. */
type Handler = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: unknown;
}

const API_KEY = 'sk-test-0123456789abcdef';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

let server: Server;
let baseUrl: string;
let handler: Handler;
let received: Received[] = [];

function completion(content: string, extra: Record<string, unknown> = {}) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'test-model-2024',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 42, completion_tokens: 17, total_tokens: 59 },
    ...extra,
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const ok: Handler = (_request, response) =>
  sendJson(response, 200, completion('Mira Sol watches the Lighthouse and waits for the storm to break.'));
const fixedKey: CredentialSource = { description: 'test key', getApiKey: async () => API_KEY };

function provider(settings: Partial<OpenAiCompatibleSettingsInput> = {}, dependencies: OpenAiCompatibleDependencies = {}) {
  return new OpenAiCompatibleProvider(
    { baseUrl: `${baseUrl}/v1`, timeoutMs: 1000, maxRetries: 2, backoff: { initialMs: 10, maxMs: 40 }, ...settings },
    { credentials: fixedKey, ...dependencies },
  );
}

const request = (overrides = {}) =>
  briefRequest(harbourWorld(), 'mira', { model: 'sim-standard', maxTokens: 200, temperature: 0.4, ...overrides });

async function failure(call: Promise<unknown>): Promise<ProviderError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Keep the raw text.
      }
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      handler(request, response, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

beforeEach(() => {
  received = [];
  handler = ok;
});

describe('openai-compatible provider against a real HTTP server', () => {
  it('posts the chat/completions request and parses text and usage', async () => {
    const response = await provider().complete(request({ traceparent: TRACEPARENT }), neverAborted());
    expect(response).toMatchObject({
      text: 'Mira Sol watches the Lighthouse and waits for the storm to break.',
      model: 'test-model-2024',
      inputTokens: 42,
      outputTokens: 17,
    });
    expect(response.latencyMs).toBeGreaterThan(0);
    expect(received).toHaveLength(1);
    const [call] = received;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe('/v1/chat/completions');
    expect(call?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(call?.headers.traceparent).toBe(TRACEPARENT);
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.body).toEqual({ model: 'sim-standard', messages: request().messages, max_tokens: 200, temperature: 0.4 });
  });

  it('sends the configured model instead of the phase model, and no traceparent when there is none', async () => {
    await provider({ model: 'llama3.1:8b', baseUrl: `${baseUrl}/v1/` }).complete(request(), neverAborted());
    expect(received[0]?.url).toBe('/v1/chat/completions');
    expect(received[0]?.body).toMatchObject({ model: 'llama3.1:8b' });
    expect(received[0]?.headers.traceparent).toBeUndefined();
  });

  it('estimates tokens when usage is absent and sends no authorization without a key', async () => {
    handler = (_request, response) =>
      sendJson(response, 200, { choices: [{ message: { role: 'assistant', content: 'A short reply from a local model.' } }] });
    const noKey: CredentialSource = { description: 'none', getApiKey: async () => undefined };
    const response = await provider({}, { credentials: noKey }).complete(request(), neverAborted());
    expect(response.outputTokens).toBe(estimateTokens('A short reply from a local model.'));
    expect(response.inputTokens).toBeGreaterThan(0);
    expect(response.model).toBe('sim-standard');
    expect(received[0]?.headers.authorization).toBeUndefined();
  });

  it('waits for Retry-After on 429, then succeeds', async () => {
    handler = (request, response, attempt) =>
      attempt === 1 ? sendJson(response, 429, { error: { message: 'slow down' } }, { 'retry-after': '1' }) : ok(request, response, attempt);
    const started = performance.now();
    const response = await provider().complete(request(), neverAborted());
    expect(response.outputTokens).toBe(17);
    expect(received).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('retries a 500, then succeeds', async () => {
    handler = (request, response, attempt) =>
      attempt === 1 ? sendJson(response, 500, { error: { message: 'overloaded' } }) : ok(request, response, attempt);
    const response = await provider().complete(request(), neverAborted());
    expect(response.inputTokens).toBe(42);
    expect(received).toHaveLength(2);
  });

  it('gives up after maxRetries + 1 attempts when the server keeps failing', async () => {
    handler = (_request, response) => sendJson(response, 500, { error: { message: 'model crashed' } });
    const error = await failure(provider({ maxRetries: 2 }).complete(request(), neverAborted()));
    expect(error.kind).toBe('error');
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain('model crashed');
    expect(error.message).toContain('after 3 attempts');
    expect(received).toHaveLength(3);
  });

  it('does not retry a 400, and never shows the API key even when the server echoes it', async () => {
    handler = (request, response) => sendJson(response, 400, { error: { message: `bad request from ${request.headers.authorization}` } });
    const error = await failure(provider().complete(request(), neverAborted()));
    expect(error).toMatchObject({ kind: 'error', retryable: false });
    expect(error.message).toContain('HTTP 400');
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(API_KEY);
    expect(received).toHaveLength(1);
  });

  it('points at the API key on 401', async () => {
    handler = (_request, response) => sendJson(response, 401, { error: { message: 'invalid api key' } });
    const error = await failure(provider().complete(request(), neverAborted()));
    expect(error.message).toMatch(/check the API key/);
    expect(received).toHaveLength(1);
  });

  it('times out an attempt the server never answers', async () => {
    handler = () => {};
    const started = performance.now();
    const error = await failure(provider({ timeoutMs: 150, maxRetries: 1 }).complete(request(), neverAborted()));
    expect(error.kind).toBe('timeout');
    expect(received).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('reports malformed JSON without retrying', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"choices": [ {"message": ');
    };
    const error = await failure(provider().complete(request(), neverAborted()));
    expect(error.kind).toBe('malformed');
    expect(received).toHaveLength(1);
  });

  it('reports an answer without choices[0].message.content as malformed', async () => {
    handler = (_request, response) => sendJson(response, 200, { choices: [] });
    expect((await failure(provider().complete(request(), neverAborted()))).kind).toBe('malformed');
  });

  it('reads a body dribbled in chunks within the timeout', async () => {
    const body = JSON.stringify(completion('Slowly, word by word, the narrative arrived.'));
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const pieces = body.match(/[\s\S]{1,40}/g) ?? [];
      let index = 0;
      const timer = setInterval(() => {
        const piece = pieces[index++];
        if (piece === undefined) {
          clearInterval(timer);
          response.end();
        } else {
          response.write(piece);
        }
      }, 25);
    };
    const response = await provider({ timeoutMs: 2000 }).complete(request(), neverAborted());
    expect(response.text).toBe('Slowly, word by word, the narrative arrived.');
  });

  it('times out a body that dribbles past the timeout', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"choices": [');
      const timer = setInterval(() => {
        if (response.destroyed || response.writableEnded) clearInterval(timer);
        else response.write(' ');
      }, 30);
      response.on('close', () => clearInterval(timer));
    };
    const error = await failure(provider({ timeoutMs: 200, maxRetries: 0 }).complete(request(), neverAborted()));
    expect(error.kind).toBe('timeout');
  });

  it('stops at once when the caller aborts, without retrying or blaming the server', async () => {
    handler = () => {};
    const changes: CircuitStateChange[] = [];
    const subject = provider({ circuitBreaker: { failureThreshold: 1 } }, { onCircuitStateChange: (change) => changes.push(change) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await failure(subject.complete(request(), controller.signal));
    expect(error.kind).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(500);
    expect(received).toHaveLength(1);
    expect(subject.circuit.state).toBe('closed');
    expect(changes).toEqual([]);
  });

  it('retries network errors and then reports the server unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const subject = new OpenAiCompatibleProvider(
      { baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1, backoff: { initialMs: 5, maxMs: 10 } },
      { credentials: fixedKey },
    );
    const error = await failure(subject.complete(request(), neverAborted()));
    expect(error.kind).toBe('error');
    expect(error.message).toMatch(/could not reach/);
    expect(error.message).toContain('after 2 attempts');
    expect(error.message).not.toContain(API_KEY);
  });

  it('opens the circuit after repeated failures, fails fast, then closes through half-open probes', async () => {
    let now = 0;
    const changes: CircuitStateChange[] = [];
    const subject = provider(
      { maxRetries: 0, circuitBreaker: { failureThreshold: 3, windowMs: 60_000, coolDownMs: 30_000, successThreshold: 2 } },
      { now: () => now, onCircuitStateChange: (change) => changes.push(change) },
    );
    handler = (_request, response) => sendJson(response, 503, { error: { message: 'unavailable' } });
    for (let call = 0; call < 3; call++) expect((await failure(subject.complete(request(), neverAborted()))).kind).toBe('error');
    expect(subject.circuit.state).toBe('open');

    const fastFail = await failure(subject.complete(request(), neverAborted()));
    expect(fastFail.kind).toBe('circuit_open');
    expect(fastFail.message).toMatch(/circuit breaker is open/);
    expect(received).toHaveLength(3);

    now += 30_000;
    handler = ok;
    await subject.complete(request(), neverAborted());
    expect(subject.circuit.state).toBe('half_open');
    await subject.complete(request(), neverAborted());
    expect(subject.circuit.state).toBe('closed');
    expect(received).toHaveLength(5);
    expect(changes.map((change) => `${change.from}->${change.to}`)).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
  });

  it('re-opens the circuit when the half-open probe fails', async () => {
    let now = 0;
    const subject = provider({ maxRetries: 0, circuitBreaker: { failureThreshold: 1, coolDownMs: 1000 } }, { now: () => now });
    handler = (_request, response) => sendJson(response, 500, {});
    await failure(subject.complete(request(), neverAborted()));
    now += 1000;
    expect(subject.circuit.state).toBe('half_open');
    await failure(subject.complete(request(), neverAborted()));
    expect(subject.circuit.state).toBe('open');
    expect(received).toHaveLength(2);
  });
});
