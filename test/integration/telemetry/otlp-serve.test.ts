/**
 * The built CLI: `serve --otlp-endpoint URL` also sends kept traces to an OTLP/HTTP receiver (here a
 * local HTTP server standing in for a Collector or Jaeger); `--no-tracing` keeps none; a URL that is not
 * http(s) is refused before anything starts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, type ServingCli, startServing } from '../../fixtures/cli-process';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const cleanups: (() => void | Promise<void>)[] = [];
let serving: ServingCli | undefined;

beforeAll(() => assertBuilt());
afterEach(async () => {
  serving?.child.kill('SIGKILL');
  serving = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('serve --otlp-endpoint and --no-tracing', () => {
  it('exports the trace of a turn started from the console to the receiver', async () => {
    const received: { path: string; type: string; body: string }[] = [];
    const receiver: Server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ path: request.url ?? '', type: request.headers['content-type'] ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const { port } = receiver.address() as AddressInfo;
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    serving = await startServing(['serve', '--port', '0', '--data-dir', data.dir, '--otlp-endpoint', `http://127.0.0.1:${port}/v1/traces`]);

    const response = await fetch(`${serving.url}/rpc/turns.run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serving.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ campaignId: 'ashfall-crossing', configuration: { seed: 7 } }),
    });
    expect(response.status).toBe(200);
    const { turnId } = (await response.json()) as { turnId: string };

    const deadline = Date.now() + 20_000;
    while (!received.some((request) => request.body.includes(turnId)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const exported = received.find((request) => request.body.includes(turnId));
    expect(exported?.path).toBe('/v1/traces');
    expect(exported?.body).toContain('novel_engine.turn_execution');
  }, 30_000);

  it('with --no-tracing runs turns and keeps no trace', async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    serving = await startServing(['serve', '--port', '0', '--data-dir', data.dir, '--no-tracing']);
    const call = async (channel: string, body: unknown) => {
      const response = await fetch(`${serving?.url}/rpc/${channel}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${serving?.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return response.json() as Promise<Record<string, unknown>>;
    };
    const { turnId } = (await call('turns.run', { campaignId: 'ashfall-crossing', configuration: { seed: 8 } })) as { turnId: string };
    let status = 'running';
    const deadline = Date.now() + 20_000;
    while (status === 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = ((await call('turns.get', { turnId })) as { status: string }).status;
    }
    expect(status).not.toBe('running');
    expect(await call('traces.search', {})).toEqual({ traces: [], total: 0 });
  }, 30_000);

  it('refuses an endpoint that is not an http(s) URL', () => {
    const result = runCli(['serve', '--port', '0', '--otlp-endpoint', 'ftp://example/traces']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--otlp-endpoint');
  });
});
