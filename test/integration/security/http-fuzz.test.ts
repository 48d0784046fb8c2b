/**
 * Property-based fuzzing of the HTTP face (issue 5, Tests) with fast-check, over raw sockets so nothing
 * between the generator and the server tidies the input: arbitrary JSON and non-JSON bodies, huge
 * strings and deep nesting within the 1 MiB body limit, wrong content types, garbage and overlong
 * headers, with a valid admin token and without, to every `/rpc/<channel>` and the `/v1` routes. The
 * server never answers 5xx, every error is the `{ error: { code, message } }` envelope (431 from Node's
 * header limit excepted), and afterwards it still answers /health and a normal call.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCampaigns } from '../../../src-main/engine/orchestrator/campaign-repository';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES } from '../../../src-main/server/http-server';
import { CHANNEL_NAMES, channels } from '../../../src-shared/contract';
import { ERROR_CODES } from '../../../src-shared/errors';
import { type SecurityServer, startSecurityServer } from './security-server';

/** The campaign every fresh data dir is seeded with (known before the server starts, for the arbitraries). */
const SEEDED_CAMPAIGN = defaultCampaigns()[0]?.id ?? 'none';

let fx: SecurityServer;
let adminToken: string;
let port: number;

beforeAll(async () => {
  fx = await startSecurityServer({ rateLimit: 0 });
  adminToken = (await fx.mint('admin', { subject: 'fuzz-admin' })).token;
  port = fx.server.port;
});

afterAll(async () => {
  // A fuzzed turns.run may have started a turn: let it end before the data dir goes.
  await Promise.allSettled(fx?.host.services.runner.running().map(({ turnId }) => fx.host.services.runner.whenDone(turnId)) ?? []);
  await fx?.close();
});

interface RawRequest {
  method: string;
  path: string;
  /** Header lines as sent, in order (names and values unchecked). */
  headers: [string, string][];
  body: Buffer | null;
}

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One HTTP/1.1 exchange on its own connection, written byte for byte as given. */
function send(request: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      const raw = Buffer.concat(chunks);
      const answer = parseAnswer(raw);
      if (answer) resolve(answer);
      else
        reject(
          new Error(
            `no HTTP answer (${error?.message ?? 'connection closed'}); received ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`,
          ),
        );
    };
    socket.setTimeout(15_000, () => {
      socket.destroy();
      finish(new Error('timed out'));
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    // The server may answer (413, 431) and close before it has read everything: what it said counts.
    socket.on('error', (error) => finish(error));
    const lines = [`${request.method} ${request.path} HTTP/1.1`, `host: 127.0.0.1:${port}`, 'connection: close'];
    for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
    if (request.body) lines.push(`content-length: ${request.body.length}`);
    const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    // Written, not ended: a half-closed client gets its pending request aborted by Node (no half-open
    // HTTP), which no real client does; `connection: close` makes the server close after answering.
    socket.write(request.body ? Buffer.concat([head, request.body]) : head);
  });
}

function parseAnswer(raw: Buffer): RawAnswer | null {
  // Interim answers (100 Continue) precede the real one.
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 16).toString('latin1'))) {
    const end = raw.indexOf('\r\n\r\n');
    if (end < 0) return null;
    raw = raw.subarray(end + 4);
  }
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const [statusLine, ...headerLines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!match) return null;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(split + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') body = dechunk(body);
  return { status: Number(match[1]), headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The properties every answer must have, whatever was sent. */
function checkAnswer(answer: RawAnswer, request: RawRequest): void {
  const what = `${request.method} ${request.path.slice(0, 120)} -> ${answer.status} ${answer.body.slice(0, 300)}`;
  expect(answer.status, what).toBeGreaterThanOrEqual(200);
  expect(answer.status, what).toBeLessThan(500);
  // HEAD answers carry no body; Node's own 431 (request head too large) is written before any route runs.
  if (answer.status < 400 || answer.status === 431 || request.method === 'HEAD') return;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    throw new Error(`error answer is not JSON: ${what}`);
  }
  expect(body, what).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  expect(Object.keys(body as object), what).toEqual(['error']);
  const error = (body as { error: Record<string, unknown> }).error;
  expect(ERROR_CODES, what).toContain(error.code);
  expect(
    Object.keys(error).every((key) => ['code', 'message', 'issues'].includes(key)),
    what,
  ).toBe(true);
  expect((error.message as string).length, what).toBeGreaterThan(0);
}

/** Statuses seen per property: a generator that only ever produced one kind of answer tests little. */
const seen = new Map<string, Set<number>>();

async function exchange(property: string, request: RawRequest): Promise<void> {
  const answer = await send(request);
  const statuses = seen.get(property) ?? new Set<number>();
  seen.set(property, statuses.add(answer.status));
  checkAnswer(answer, request);
}

function expectVariety(property: string, statuses: number[]): void {
  expect([...(seen.get(property) ?? [])].sort(), `statuses the ${property} property met`).toEqual(expect.arrayContaining(statuses));
}

// ------------------------------------------------------------------------------------------ arbitraries

/** Characters a header value may carry on the wire (visible ASCII, space, tab, obs-text). */
const headerChar = fc
  .oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.constant(0x09) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  )
  .map((code) => String.fromCharCode(code));
const headerText = (maxLength: number) => fc.array(headerChar, { maxLength }).map((chars) => chars.join('').trim());

const base64url = fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/);

/** Authorization values: none, garbage, broken JWTs, a tampered admin token, the valid admin token. */
const authorization: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.constant('VALID') },
  { weight: 2, arbitrary: headerText(200) },
  { weight: 2, arbitrary: headerText(200).map((text) => `Bearer ${text}`) },
  { weight: 2, arbitrary: fc.tuple(base64url, base64url, base64url).map((parts) => `Bearer ${parts.join('.')}`) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.nat(), fc.constantFrom('A', '_', '-', '.', '')).map(([at, glyph]) => `TAMPERED:${at}:${glyph}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'bearer  x', 'Basic YWRtaW46YWRtaW4=', 'Bearer a.b.c', 'Bearer ....') },
  { weight: 1, arbitrary: fc.integer({ min: 8000, max: 20_000 }).map((size) => `Bearer ${'A'.repeat(size)}`) },
);

function resolveAuthorization(value: string | null): string | null {
  if (value === 'VALID') return `Bearer ${adminToken}`;
  if (value?.startsWith('TAMPERED:')) {
    const [, at, glyph] = value.split(':');
    const index = Number(at) % adminToken.length;
    return `Bearer ${adminToken.slice(0, index)}${glyph}${adminToken.slice(index + 1)}`;
  }
  return value;
}

const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=latin1',
      'application/vnd.api+json',
      'text/plain',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '*/*',
      ';',
      'application/json;;;',
    ),
  },
  { weight: 2, arbitrary: headerText(80) },
);

/** Extra headers: nothing, odd names, or padding from small to beyond the 16 KiB head limit. */
const extraHeaders: fc.Arbitrary<[string, string][]> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<[string, string][]>([]) },
  { weight: 2, arbitrary: fc.array(fc.tuple(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), headerText(100)), { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: MAX_HEADER_BYTES + 4096 }).map((size): [string, string][] => [['x-padding', 'p'.repeat(size)]]),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<[string, string][]>(
      [['accept', 'application/openmetrics-text; version=1.0.0']],
      [['accept-encoding', 'gzip, br, zstd, *']],
      [['x-forwarded-for', '10.0.0.1, 300.1.1.1']],
      [['transfer-encoding', 'identity']],
      [['expect', '100-continue']],
      // Not well-formed HTTP: Node's parser refuses these before any route runs.
      [['x-control', 'a\u0001b']],
      [['x-nul', 'a\u0000b']],
      [['bad name', 'x']],
      [['content-length', '-1']],
    ),
  },
);

/** Values that sometimes match a real thing of the fixture, so fuzzing reaches past "not found". */
function plausibleValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(SEEDED_CAMPAIGN, 'player', 'admin', '8h', 'open', 'all', 'recorded', 'last', 'http_requests_total'),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\u202e', 'a'.repeat(5000), '0'.repeat(32), '__proto__', 'constructor') },
  );
}

/** Request fields a channel knows, so shaped bodies get past "unknown field". */
function fieldsOf(channel: string): string[] {
  const schema = (channels as Record<string, { request: unknown }>)[channel]?.request as { shape?: Record<string, unknown> } | undefined;
  return schema?.shape ? Object.keys(schema.shape) : [];
}

/** A JSON body for a channel: free JSON, or an object over the channel's own fields with arbitrary values. */
function jsonBodyFor(channel: string): fc.Arbitrary<Buffer> {
  const fields = fieldsOf(channel);
  const shaped =
    fields.length > 0
      ? fc.dictionary(
          fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: fc.string() }),
          plausibleValue(),
          {
            maxKeys: fields.length + 1,
          },
        )
      : fc.constant({});
  return fc
    .oneof({ weight: 3, arbitrary: shaped as fc.Arbitrary<unknown> }, { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) })
    .map((value) => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8'));
}

/** Bodies that are not JSON, or are JSON at the edge of the 1 MiB limit. */
const oddBody: fc.Arbitrary<Buffer | null> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 300 }).map((text) => Buffer.from(text, 'utf8')) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '{',
        '}',
        '[',
        '{"a":',
        'nul',
        'true',
        '1e999',
        '-0',
        '"\\ud800"',
        '{"__proto__":{"x":1}}',
        '{"constructor":{"prototype":{}}}',
      )
      .map((text) => Buffer.from(text, 'utf8')),
  },
);

/** Huge strings and deep nesting, from well inside to just beyond the body limit. */
const heavyBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc.integer({ min: 1000, max: MAX_BODY_BYTES + 64 * 1024 }).map((size) => Buffer.from(JSON.stringify({ campaignId: 'x'.repeat(size) }))),
  // Past the body limit on purpose: the arm above lands there only ~1% of the time.
  fc
    .integer({ min: MAX_BODY_BYTES + 1, max: MAX_BODY_BYTES + 64 * 1024 })
    .map((size) => Buffer.from(JSON.stringify({ campaignId: 'y'.repeat(size) }))),
  fc.integer({ min: 1000, max: MAX_BODY_BYTES / 2 }).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  fc
    .integer({ min: 1000, max: Math.floor(MAX_BODY_BYTES / 6) })
    .map((depth) => Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)),
  fc
    .integer({ min: 1000, max: Math.floor(MAX_BODY_BYTES / 12) })
    .map((depth) => Buffer.from(`{"configuration":${'{"a":['.repeat(depth)}${']}'.repeat(depth)}}`)),
  fc.integer({ min: 1000, max: MAX_BODY_BYTES / 4 }).map((count) => Buffer.from(JSON.stringify({ participants: Array(count).fill('a') }))),
);

const channelName = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...CHANNEL_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((name) => encodeURIComponent(name)) },
);

function headersOf(auth: string | null, type: string | null, extra: [string, string][]): [string, string][] {
  const resolved = resolveAuthorization(auth);
  const headers: [string, string][] = [];
  if (resolved !== null) headers.push(['authorization', resolved]);
  if (type !== null) headers.push(['content-type', type]);
  return [...headers, ...extra];
}

/** A path id: real-looking, random, or hostile (encoded so the request line stays one line). */
const pathId = fc
  .oneof(
    fc.uuid(),
    fc.string({ maxLength: 60 }),
    fc.constantFrom('..', '%2e%2e', ':cancel', 'a:b:c', 'x'.repeat(300), '%00', '%ff%fe', '\u0000'),
  )
  .map((id) => (/^[%A-Za-z0-9._~:-]*$/.test(id) ? id : encodeURIComponent(id)));

const queryString = fc
  .dictionary(
    fc.constantFrom('campaignId', 'status', 'since', 'until', 'limit', 'offset', 'wait', 'x', '__proto__'),
    fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('1', '0', '-1', '501', '1e3', 'true', 'false', '', '2024-01-01T00:00:00Z')),
  )
  .map((query) => {
    const text = new URLSearchParams(query as Record<string, string>).toString();
    return text ? `?${text}` : '';
  });

/** A /v1 request: each route with arbitrary ids, queries and bodies. */
const v1Request: fc.Arbitrary<{ method: string; path: string; body: Buffer | null }> = fc.oneof(
  fc
    .tuple(
      queryString,
      fc.oneof(
        { weight: 3, arbitrary: jsonBodyFor('turns.run') },
        { weight: 1, arbitrary: oddBody },
        // Now and then a real run, so the fuzz also meets 202, 200 (?wait=true) and 409 (a turn running).
        {
          weight: 1,
          arbitrary: fc.constant(
            Buffer.from(JSON.stringify({ campaignId: SEEDED_CAMPAIGN, configuration: { aiIntegrationEnabled: false } })),
          ),
        },
      ),
    )
    .map(([query, body]) => ({ method: 'POST', path: `/v1/turns:run${query}`, body })),
  pathId.map((id) => ({ method: 'GET', path: `/v1/turns/${id}`, body: null })),
  queryString.map((query) => ({ method: 'GET', path: `/v1/turns${query}`, body: null })),
  fc.tuple(pathId, oddBody).map(([id, body]) => ({ method: 'POST', path: `/v1/turns/${id}:cancel`, body })),
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD').map((method) => ({
    method,
    path: '/v1/openapi.json',
    body: null,
  })),
  fc.tuple(fc.constantFrom('PUT', 'DELETE', 'PATCH'), pathId).map(([method, id]) => ({ method, path: `/v1/turns/${id}`, body: null })),
);

const PARAMETERS: fc.Parameters<unknown[]> = { verbose: 1, endOnFailure: true };

describe('HTTP fuzzing (fast-check)', () => {
  it('answers arbitrary bodies to every /rpc/<channel> without a 5xx, errors always in the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        channelName.chain((channel) =>
          fc.record({
            channel: fc.constant(channel),
            method: fc.oneof(
              { weight: 9, arbitrary: fc.constant('POST') },
              { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE') },
            ),
            body: fc.oneof({ weight: 3, arbitrary: jsonBodyFor(channel) }, { weight: 1, arbitrary: oddBody }),
            auth: fc.oneof({ weight: 3, arbitrary: fc.constant<string | null>('VALID') }, { weight: 1, arbitrary: authorization }),
            type: contentType,
          }),
        ),
        async ({ channel, method, body, auth, type }) => {
          await exchange('rpc', { method, path: `/rpc/${channel}`, headers: headersOf(auth, type, []), body });
        },
      ),
      { ...PARAMETERS, numRuns: 2500 },
    );
    expectVariety('rpc', [200, 400, 401, 404, 415]);
  }, 60_000);

  it('answers arbitrary /v1 requests without a 5xx, errors always in the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        v1Request,
        fc.oneof({ weight: 2, arbitrary: fc.constant<string | null>('VALID') }, { weight: 1, arbitrary: authorization }),
        contentType,
        async (request, auth, type) => {
          await exchange('v1', { ...request, headers: headersOf(auth, type, []) });
        },
      ),
      { ...PARAMETERS, numRuns: 1200 },
    );
    expectVariety('v1', [200, 202, 400, 401, 404]);
  }, 60_000);

  it('answers arbitrary header values (authorization garbage, overlong heads, odd content types) without a 5xx', async () => {
    const route = fc.constantFrom(
      '/rpc/system.health',
      '/rpc/turns.list',
      '/rpc/auth.whoami',
      '/v1/turns',
      '/health',
      '/metrics',
      '/events?topics=nope',
    );
    await fc.assert(
      fc.asyncProperty(route, authorization, contentType, extraHeaders, async (path, auth, type, extra) => {
        const method = path.startsWith('/rpc/') ? 'POST' : 'GET';
        await exchange('headers', {
          method,
          path,
          headers: headersOf(auth, type, extra),
          body: method === 'POST' ? Buffer.from('{}') : null,
        });
      }),
      { ...PARAMETERS, numRuns: 800 },
    );
    expectVariety('headers', [200, 400, 401, 431]);
  }, 60_000);

  it('answers huge strings and deep nesting up to and past 1 MiB without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('turns.run', 'turns.list', 'traces.search', 'metrics.query', 'credentials.set', 'system.health', 'tokens.mint'),
        heavyBody,
        async (channel, body) => {
          await exchange('heavy', { method: 'POST', path: `/rpc/${channel}`, headers: headersOf('VALID', 'application/json', []), body });
        },
      ),
      { ...PARAMETERS, numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(heavyBody, async (body) => {
        await exchange('heavy', { method: 'POST', path: '/v1/turns:run', headers: headersOf('VALID', 'application/json', []), body });
      }),
      { ...PARAMETERS, numRuns: 12 },
    );
    expectVariety('heavy', [400, 413]);
  }, 60_000);

  it('keeps serving afterwards: /health answers and a normal call succeeds', async () => {
    const health = await fx.call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const call = await fx.rpc('campaigns.list', {}, adminToken);
    expect(call.status).toBe(200);
    expect(call.body.campaigns.map((c: { id: string }) => c.id)).toContain(fx.campaignId);
    const turns = await fx.call('GET', '/v1/turns?limit=1', { token: adminToken });
    expect(turns.status).toBe(200);
  });
});
