import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/engine/db/migrations';
import { createHost, type Host } from '../../../src-main/engine/host';
import { type RunningServer, startServer } from '../../../src-main/server/serve';
import { tempDataDir } from '../../fixtures/temp-data-dir';

let host: Host;
let server: RunningServer;
let cleanup: () => void;

beforeAll(async () => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  host = createHost({ dataDir: data.dir, face: 'headless', tickIntervalMs: 100 });
  server = await startServer({ host, port: 0, staticDir: null });
});

afterAll(async () => {
  await server.close();
  await host.close();
  cleanup();
});

const auth = () => ({ authorization: `Bearer ${server.accessToken}` });

async function rpc(channel: string, body: unknown, headers: Record<string, string> = auth()) {
  const response = await fetch(`${server.url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('headless HTTP server on a real port', () => {
  it('listens on 127.0.0.1 at the port the OS chose and prints a login URL with the token', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.loginUrl).toBe(`${server.url}/?token=${server.accessToken}`);
    expect(server.accessToken.length).toBeGreaterThanOrEqual(32);
  });

  it('answers the health probes', async () => {
    const live = await fetch(`${server.url}/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });
    const detailed = await fetch(`${server.url}/health/detailed`);
    expect(detailed.status).toBe(200);
    const body = (await detailed.json()) as Record<string, any>;
    expect(body.checks.database).toMatchObject({ ok: true, reachable: true, schemaVersion: LATEST_SCHEMA_VERSION });
    expect(body.checks.disk.freeBytes).toBeGreaterThan(0);
    expect(body.checks.memory.rssBytes).toBeGreaterThan(0);
    expect(body.checks.eventLoop.lagMs).toHaveProperty('p99');
  });

  it('serves system.health through /rpc with the bearer token', async () => {
    const { status, body } = await rpc('system.health', {});
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.database).toEqual({
      reachable: true,
      schemaVersion: LATEST_SCHEMA_VERSION,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      error: null,
    });
    expect(body.versions.node).toBe(process.versions.node);
    expect(body.versions.electron).toBeNull();
    expect(body.versions.sqlite).toMatch(/^3\.\d+/);
  });

  it('accepts a POST without a body as an empty request', async () => {
    const response = await fetch(`${server.url}/rpc/system.info`, { method: 'POST', headers: auth() });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body.face).toBe('headless');
    expect(body.channels).toContain('system.health');
    expect(body.topics).toContain('system.tick');
  });

  it('answers an unknown channel with 404 not_found', async () => {
    const { status, body } = await rpc('turns.nope', {});
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('turns.nope');
  });

  it('answers an invalid payload with 400 invalid_request naming the field', async () => {
    const { status, body } = await rpc('system.health', { depth: 3 });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues).toEqual([{ field: 'depth', message: 'unknown field' }]);
    const array = await rpc('system.health', [1, 2]);
    expect(array.status).toBe(400);
    expect(array.body.error.code).toBe('invalid_request');
  });

  it('answers malformed JSON and non-JSON bodies with typed errors', async () => {
    const malformed = await rpc('system.health', '{"unterminated');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_request');
    const text = await rpc('system.health', 'hello', { ...auth(), 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('invalid_request');
  });

  it('refuses a body over 1 MiB with 413 and keeps serving', async () => {
    const huge = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
    const { status, body } = await rpc('system.health', huge);
    expect(status).toBe(413);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain('1 MiB');
    expect((await rpc('system.health', {})).status).toBe(200);
  });

  it('takes an OTLP import of several MiB on its own route, and refuses one past 64 MiB naming the CLI', async () => {
    const traceId = 'ab'.repeat(16);
    const start = BigInt(Date.now() - 60_000) * 1_000_000n;
    const spans = Array.from({ length: 3_000 }, (_, index) => ({
      traceId,
      spanId: (index + 1).toString(16).padStart(16, '0'),
      ...(index === 0 ? {} : { parentSpanId: '0000000000000001' }),
      name: index === 0 ? 'checkout' : `step ${index % 50}`,
      kind: 1,
      startTimeUnixNano: String(start + BigInt(index) * 1_000_000n),
      endTimeUnixNano: String(start + BigInt(index + 1) * 1_000_000n),
      attributes: [{ key: 'note', value: { stringValue: `${index} `.padEnd(500, 'x') } }],
      status: { code: 1 },
    }));
    const content = JSON.stringify({
      resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'big' }, spans }] }],
    });
    expect(content.length).toBeGreaterThan(1.5 * 1024 * 1024);
    const imported = await rpc('traces.import', { fileName: 'big.json', content });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ imported: 1, spans: 3_000 });
    // Other channels keep the 1 MiB limit.
    expect((await rpc('system.health', JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }))).status).toBe(413);
    const huge = await rpc('traces.import', JSON.stringify({ content: 'x'.repeat(64 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toContain('64 MiB');
    expect(huge.body.error.message).toContain('novel-console import traces FILE');
  });

  it('answers a missing or wrong token with 401 unauthenticated', async () => {
    const missing = await rpc('system.health', {}, {});
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthenticated');
    const wrong = await rpc('system.health', {}, { authorization: `Bearer ${server.accessToken.slice(0, -1)}x` });
    expect(wrong.status).toBe(401);
    const scheme = await rpc('system.health', {}, { authorization: `Basic ${server.accessToken}` });
    expect(scheme.status).toBe(401);
    const events = await fetch(`${server.url}/events?topics=system.tick`);
    expect(events.status).toBe(401);
  });

  it('answers unknown routes with a typed 404 and sets security headers', async () => {
    const response = await fetch(`${server.url}/v9/nothing`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as Record<string, any>).error.code).toBe('not_found');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('streams system.tick as server-sent events, starting with the latest value', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/events?topics=system.tick`, { headers: auth(), signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while ((text.match(/event: system\.tick/g) ?? []).length < 2) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    controller.abort();
    const ticks = [...text.matchAll(/event: system\.tick\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1] as string));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks[0].memory.rssBytes).toBeGreaterThan(0);
    expect(Date.parse(ticks[1].at)).toBeGreaterThan(Date.parse(ticks[0].at));
  });

  it('refuses an unknown topic on /events with 404', async () => {
    const response = await fetch(`${server.url}/events?topics=system.tick,nope.topic`, { headers: auth() });
    expect(response.status).toBe(404);
    expect(((await response.json()) as Record<string, any>).error.code).toBe('not_found');
  });

  it('refuses oversized headers without dying', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/health`, { headers: { 'x-padding': 'y'.repeat(64 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(431);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('binding', () => {
  it('refuses a non-loopback address unless explicitly allowed', async () => {
    await expect(startServer({ host, port: 0, bind: '0.0.0.0', staticDir: null })).rejects.toThrow(/--allow-remote/);
  });
});

describe('readiness while shutting down', () => {
  it('answers /health/ready with 503 once the engine is closing', async () => {
    const data = tempDataDir();
    const closing = createHost({ dataDir: data.dir, face: 'headless' });
    const running = await startServer({ host: closing, port: 0, staticDir: null });
    try {
      expect((await fetch(`${running.url}/health/ready`)).status).toBe(200);
      const closed = closing.close();
      const ready = await fetch(`${running.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ready: false, reason: 'shutting down' });
      expect((await fetch(`${running.url}/health/detailed`)).status).toBe(503);
      await closed;
    } finally {
      await running.close();
      data.cleanup();
    }
  });
});
