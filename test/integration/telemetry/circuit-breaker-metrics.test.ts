/**
 * The AI provider's circuit breaker on /metrics: a host whose openai-compatible endpoint keeps failing
 * shows novel_engine_circuit_breaker_state{breaker="ai_provider"} going from 0 (closed) to 2 (open), with
 * the transition counted — what the Operational dashboard's breaker panel reads.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let server: Server;
let host: Host;
let cleanup: () => void;
let requests = 0;

beforeAll(async () => {
  server = createServer((_request, response) => {
    requests++;
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"overloaded"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const data = tempDataDir();
  cleanup = data.cleanup;
  host = createHost({
    dataDir: data.dir,
    face: 'headless',
    provider: {
      kind: 'openai-compatible',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      maxRetries: 0,
      circuitBreaker: { failureThreshold: 2, coolDownMs: 600_000 },
    },
  });
});

afterAll(async () => {
  await host.close();
  await new Promise((resolve) => server.close(resolve));
  cleanup();
});

async function breaker(): Promise<string[]> {
  const text = await host.services.metrics.registry.metrics();
  return text.split('\n').filter((line) => line.startsWith('novel_engine_circuit_breaker_'));
}

describe('circuit breaker metrics', () => {
  it('reads closed before any call and open after the endpoint failed past the threshold', async () => {
    expect(await breaker()).toContain('novel_engine_circuit_breaker_state{breaker="ai_provider"} 0');
    const turn = host.services.runner.start({ campaignId: 'ashfall-crossing', origin: 'test', startedBy: 'tester' });
    expect(await turn.done).not.toBe('completed');
    expect(requests).toBeGreaterThanOrEqual(2);
    const lines = await breaker();
    expect(lines).toContain('novel_engine_circuit_breaker_state{breaker="ai_provider"} 2');
    expect(lines).toContain('novel_engine_circuit_breaker_transitions_total{breaker="ai_provider",to="open"} 1');
  });
});
