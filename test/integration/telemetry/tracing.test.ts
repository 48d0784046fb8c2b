/**
 * SPEC section 3 end to end: real turns on a real host (SQLite file, simulated provider at 0 latency)
 * leave kept traces whose span tree has the exact names, attributes, parents and times; a compensated
 * turn shows its failed phase, failed AI calls and compensation steps; API calls get api.<channel>
 * spans; traces.get answers over HTTP /rpc; kept spans also reach a real OTLP/HTTP receiver; the W3C
 * traceparent reaches an OpenAI-compatible server; and telemetry.tracing false stores nothing.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { OpenAiCompatibleProvider } from '../../../src-main/engine/orchestrator/providers/openai-compatible';
import { promptText } from '../../../src-main/engine/orchestrator/turn-observer';
import { type RunningServer, startServer } from '../../../src-main/server/serve';
import type { TraceDetail, TraceSpan } from '../../../src-shared/domain/trace';
import { PHASES } from '../../../src-shared/domain/turn-configuration';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const CAMPAIGN = 'ashfall-crossing';

interface Receiver {
  server: Server;
  url: string;
  requests: { url: string | undefined; headers: IncomingMessage['headers']; body: string }[];
}

async function listen(answer: (request: IncomingMessage, body: string) => { status: number; body: unknown }): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ url: request.url, headers: request.headers, body });
      const reply = answer(request, body);
      response.writeHead(reply.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

let host: Host;
let server: RunningServer;
let otlp: Receiver;
let cleanup: () => void;

async function runTurn(target: Host, origin: string, configuration: Record<string, unknown> = {}, provider?: OpenAiCompatibleProvider) {
  const { turnId, done } = target.services.runner.start({
    campaignId: CAMPAIGN,
    configuration,
    origin,
    startedBy: 'tester',
    ...(provider ? { provider } : {}),
  });
  const status = await done;
  await target.services.tracing?.flush();
  return { turnId, status };
}

function traceOfTurn(turnId: string): TraceDetail {
  const found = host.services.traces.search({ turnId, limit: 50, offset: 0 });
  expect(found.total).toBe(1);
  const detail = host.services.traces.get(found.traces[0]!.traceId);
  expect(detail).not.toBeNull();
  return detail!;
}

const byName = (trace: TraceDetail, name: string) => trace.spans.filter((span) => span.name === name);
const childrenOf = (trace: TraceDetail, parent: TraceSpan) => trace.spans.filter((span) => span.parentSpanId === parent.spanId);
const within = (child: TraceSpan, parent: TraceSpan) =>
  child.startMs >= parent.startMs - 0.01 && child.startMs + child.durationMs <= parent.startMs + parent.durationMs + 0.01;

beforeAll(async () => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  otlp = await listen(() => ({ status: 200, body: {} }));
  host = createHost({
    dataDir: data.dir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: { otlpEndpoint: `${otlp.url}/v1/traces`, recorder: { enabled: false } },
  });
  server = await startServer({ host, port: 0, staticDir: null });
});

afterAll(async () => {
  await server.close();
  await host.close();
  otlp.server.close();
  cleanup();
});

describe('turn traces', () => {
  it('a completed turn started from the UI is kept with the root, five phases in order and AI calls under their phase', async () => {
    const { turnId, status } = await runTurn(host, 'ui', { seed: 11 });
    expect(status).toBe('completed');
    const trace = traceOfTurn(turnId);
    expect(trace).toMatchObject({
      rootName: 'novel_engine.turn_execution',
      status: 'ok',
      errorCount: 0,
      keptReason: 'ui',
      campaignId: CAMPAIGN,
    });

    const [root] = byName(trace, 'novel_engine.turn_execution');
    expect(root!.parentSpanId).toBeNull();
    const stored = host.services.turns.get(turnId)!;
    expect(root!.attributes).toMatchObject({
      'turn.id': turnId,
      'campaign.id': CAMPAIGN,
      'turn.origin': 'ui',
      'turn.participants.count': stored.participants.length,
      'turn.ai_enabled': true,
      'turn.narrative_depth': 'standard',
      'turn.success': true,
      'turn.completion_percentage': 100,
      'turn.status': 'completed',
    });
    expect(root!.attributes['turn.total_cost']).toBeCloseTo(stored.totalAiCost, 9);
    expect(trace.cost).toBeCloseTo(stored.totalAiCost, 9);

    const phases = childrenOf(trace, root!).sort((a, b) => a.startMs - b.startMs);
    expect(phases.map((span) => span.name)).toEqual(PHASES.map((phase) => `novel_engine.phase.${phase}`));
    const storedPhases = host.services.turns.phases(turnId);
    phases.forEach((span, index) => {
      expect(span.attributes).toMatchObject({
        'phase.order': index + 1,
        'phase.success': true,
        'phase.events_processed': storedPhases[index]!.eventsProcessed,
        'phase.events_generated': storedPhases[index]!.eventsGenerated,
      });
      expect(span.attributes['phase.ai_cost']).toBeCloseTo(storedPhases[index]!.aiCost, 9);
      expect(span.status).toBe('unset');
      expect(within(span, root!)).toBe(true);
      if (index > 0) expect(span.startMs).toBeGreaterThanOrEqual(phases[index - 1]!.startMs + phases[index - 1]!.durationMs - 0.01);
    });

    const briefs = childrenOf(trace, phases[1]!);
    expect(briefs.length).toBe(stored.participants.length);
    const narrative = childrenOf(trace, phases[4]!);
    expect(narrative.map((span) => span.name)).toEqual(['ai_gateway.narrative']);
    for (const call of [...briefs, ...narrative]) {
      expect(call.kind).toBe('client');
      expect(call.attributes).toMatchObject({ 'gen_ai.system': 'simulated', 'gen_ai.request.model': 'sim-standard' });
      expect(call.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
      expect(call.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
      expect(call.attributes['ai.cost']).toBeGreaterThan(0);
      const [prompt, completion] = call.events;
      expect(prompt).toMatchObject({ name: 'gen_ai.content.prompt' });
      expect(String(prompt!.attributes['gen_ai.prompt']).length).toBeGreaterThan(20);
      expect(completion).toMatchObject({ name: 'gen_ai.content.completion' });
      expect(String(completion!.attributes['gen_ai.completion']).split(' ').length).toBeGreaterThanOrEqual(5);
    }
    expect(briefs.map((span) => span.attributes['ai.agent']).sort()).toEqual([...stored.participants].sort());
    // Stored once: the row names each call's transcript instead of repeating its text; reading puts it back.
    const raw = (host.db.prepare('SELECT spans FROM traces WHERE trace_id = ?').get(trace.traceId) as { spans: string }).spans;
    for (const call of [...briefs, ...narrative]) {
      expect(raw).not.toContain(JSON.stringify(call.events[1]!.attributes['gen_ai.completion']));
      expect(call.attributes['ai.seed']).toEqual(expect.any(String));
    }
    const transcripts = host.services.turns.transcripts(turnId);
    expect(transcripts.map((t) => promptText((t.request as { messages: { role: string; content: string }[] }).messages)).sort()).toEqual(
      [...briefs, ...narrative].map((span) => span.events[0]!.attributes['gen_ai.prompt']).sort(),
    );
    expect(transcripts.map((t) => (t.response as { text: string } | null)?.text).sort()).toEqual(
      [...briefs, ...narrative].map((span) => span.events[1]!.attributes['gen_ai.completion']).sort(),
    );
  });

  it('a compensated turn shows the failed phase with its exception, failed AI calls and the compensation steps in order', async () => {
    const faulty = createHost({
      dataDir: host.dataDir,
      face: 'cli',
      provider: { kind: 'simulated', latency: { kind: 'none' }, faults: { subjective_brief: { errorRate: 1 } } },
      telemetry: { recorder: { enabled: false } },
    });
    let turnId: string;
    try {
      const run = await runTurn(faulty, 'cli', { seed: 12, failFastOnPhaseFailure: true });
      expect(run.status).toBe('compensated');
      turnId = run.turnId;
    } finally {
      await faulty.close();
    }
    const trace = traceOfTurn(turnId);
    expect(trace).toMatchObject({ status: 'error', keptReason: 'error' });
    const [root] = byName(trace, 'novel_engine.turn_execution');
    expect(root).toMatchObject({ status: 'error', statusMessage: 'turn compensated' });
    expect(root!.attributes).toMatchObject({ 'turn.success': false, 'turn.completion_percentage': 20, 'turn.origin': 'cli' });

    const children = childrenOf(trace, root!).sort((a, b) => a.startMs - b.startMs);
    expect(children.map((span) => span.name)).toEqual([
      'novel_engine.phase.world_update',
      'novel_engine.phase.subjective_brief',
      'novel_engine.compensation.rollback_world_state',
      'novel_engine.compensation.log_failure',
      'novel_engine.compensation.notify_participants',
    ]);
    const failed = children[1]!;
    expect(failed.status).toBe('error');
    expect(failed.attributes['phase.success']).toBe(false);
    expect(String(failed.attributes['phase.error'])).toMatch(/subjective_brief|provider|brief/);
    expect(failed.events.find((event) => event.name === 'exception')?.attributes).toMatchObject({ 'exception.type': expect.any(String) });

    const calls = childrenOf(trace, failed);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.status).toBe('error');
      expect(call.statusMessage).toMatch(/injected fault|abandoned/);
    }
    expect(calls.some((call) => call.events.some((event) => event.name === 'exception'))).toBe(true);
    // A failed call keeps its prompt inline (its transcript may hold no response).
    for (const call of calls) expect(String(call.events[0]!.attributes['gen_ai.prompt'])).toMatch(/^system: /);
    const rollback = children[2]!;
    expect(rollback.attributes).toMatchObject({
      'compensation.type': 'rollback_world_state',
      'compensation.phase': 'world_update',
      'compensation.success': true,
    });
    expect(String(rollback.attributes['compensation.detail'])).toMatch(/world/);
    for (const span of children) expect(within(span, root!)).toBe(true);
    expect(
      host.services.traces.search({ status: 'error', spanName: 'compensation.rollback', limit: 50, offset: 0 }).traces.map((t) => t.turnId),
    ).toContain(turnId);
  });

  it('the turn trace id is on the observed turn, so the metrics see it as an exemplar', async () => {
    const { turnId } = await runTurn(host, 'ui', { seed: 13 });
    const trace = traceOfTurn(turnId);
    const response = await fetch(`${server.url}/metrics`, { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
    const text = await response.text();
    expect(text).toContain(`trace_id="${trace.traceId}"`);
  });
});

describe('API spans and the traces channels', () => {
  const auth = () => ({ authorization: `Bearer ${server.accessToken}`, 'content-type': 'application/json' });

  it('traces.get over HTTP /rpc returns the trace with its spans', async () => {
    const { turnId } = await runTurn(host, 'ui', { seed: 14 });
    const expected = traceOfTurn(turnId);
    const response = await fetch(`${server.url}/rpc/traces.get`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ traceId: expected.traceId }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as TraceDetail;
    expect(body.traceId).toBe(expected.traceId);
    expect(body.spans).toEqual(expected.spans);
    expect(body.spans.length).toBeGreaterThanOrEqual(12);

    const search = await fetch(`${server.url}/rpc/traces.search`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ turnId }),
    });
    expect(((await search.json()) as { traces: { traceId: string }[] }).traces.map((t) => t.traceId)).toEqual([expected.traceId]);
  });

  it('an unknown trace id is not_found, and that failed call is kept as an api.traces.get span with user and authz attributes', async () => {
    const missing = 'e'.repeat(32);
    const response = await fetch(`${server.url}/rpc/traces.get`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ traceId: missing }),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    await host.services.tracing?.flush();
    const found = host.services.traces.search({ spanName: 'api.traces.get', status: 'error', limit: 10, offset: 0 });
    expect(found.total).toBeGreaterThanOrEqual(1);
    const trace = host.services.traces.get(found.traces[0]!.traceId)!;
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]).toMatchObject({ name: 'api.traces.get', kind: 'server', status: 'error', parentSpanId: null });
    expect(trace.spans[0]!.attributes).toMatchObject({
      'user.id': expect.any(String),
      'user.role': expect.any(String),
      'authz.permission': 'orchestration.turn.view',
      'authz.granted': true,
      'error.type': 'not_found',
    });
  });

  it('a refused call records authz.granted false', async () => {
    const player = identityForRole('player-1', 'player');
    await expect(host.rpc.dispatch('metrics.catalog', {}, player)).rejects.toMatchObject({ code: 'forbidden' });
    await host.services.tracing?.flush();
    const found = host.services.traces.search({ spanName: 'api.metrics.catalog', status: 'error', limit: 10, offset: 0 });
    const span = host.services.traces.get(found.traces[0]!.traceId)!.spans[0]!;
    expect(span.attributes).toMatchObject({
      'user.id': 'player-1',
      'user.role': 'player',
      'authz.granted': false,
      'error.type': 'forbidden',
    });
  });

  it('a turn started through turns.run links to the API call that started it', async () => {
    const admin = identityForRole('admin-1', 'admin');
    const { turnId } = await host.rpc.invoke('turns.run', { campaignId: CAMPAIGN, configuration: { seed: 15 } }, admin);
    let status = host.services.turns.get(turnId)?.status;
    for (let i = 0; i < 200 && status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = host.services.turns.get(turnId)?.status;
    }
    expect(status).toBe('completed');
    await host.services.tracing?.flush();
    // turns.run starts turns with origin ui: always kept.
    const turnTrace = traceOfTurn(turnId);
    expect(turnTrace.keptReason).toBe('ui');
    const apiTraceId = turnTrace.spans.find((span) => span.parentSpanId === null)!.attributes['api.trace_id'];
    expect(apiTraceId).toMatch(/^[0-9a-f]{32}$/);
    expect(apiTraceId).not.toBe(turnTrace.traceId);
    // A turn started outside an API call names none.
    const { turnId: direct } = await runTurn(host, 'ui', { seed: 20 });
    expect(traceOfTurn(direct).spans.find((span) => span.parentSpanId === null)!.attributes).not.toHaveProperty('api.trace_id');
  });
});

describe('OTLP/HTTP export', () => {
  it('sends kept spans to the configured endpoint as OTLP JSON', async () => {
    const { turnId } = await runTurn(host, 'ui', { seed: 16 });
    const trace = traceOfTurn(turnId);
    await host.services.tracing?.flush();
    const posted = otlp.requests.filter((request) => request.url === '/v1/traces');
    expect(posted.length).toBeGreaterThan(0);
    const spans = posted.flatMap((request) => {
      const body = JSON.parse(request.body) as {
        resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: any[] }[] }[];
      };
      return body.resourceSpans.flatMap((resource) => {
        expect(resource.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'novel-console' } });
        return resource.scopeSpans.flatMap((scope) => scope.spans);
      });
    });
    const ofTrace = spans.filter((span) => span.traceId === trace.traceId);
    expect(ofTrace.map((span) => span.name).sort()).toEqual(trace.spans.map((span) => span.name).sort());
  });
});

describe('OTLP endpoint down', () => {
  it('keeps the traces in SQLite and counts the spans the endpoint did not take', async () => {
    const gone = await listen(() => ({ status: 200, body: {} }));
    await new Promise((resolve) => gone.server.close(resolve));
    const data = tempDataDir();
    const down = createHost({
      dataDir: data.dir,
      face: 'cli',
      provider: { kind: 'simulated', latency: { kind: 'none' } },
      telemetry: { otlpEndpoint: `${gone.url}/v1/traces`, recorder: { enabled: false } },
    });
    try {
      const { turnId } = await runTurn(down, 'ui', { seed: 19 });
      const stored = down.services.traces.search({ turnId, limit: 1, offset: 0 }).traces[0]!;
      expect(stored.spanCount).toBeGreaterThanOrEqual(12);
      const dropped = await down.services.metrics.spansDropped.get();
      expect(dropped.values.find((value) => value.labels.reason === 'otlp_failed')?.value).toBe(stored.spanCount);
    } finally {
      await down.close();
      data.cleanup();
    }
  });
});

describe('traceparent', () => {
  it('the AI call span context reaches an OpenAI-compatible server as a W3C traceparent header', async () => {
    const llm = await listen(() => ({
      status: 200,
      body: {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'local-model',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Mira watches the harbour lights and waits for the storm.' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 },
      },
    }));
    try {
      const provider = new OpenAiCompatibleProvider(
        { baseUrl: `${llm.url}/v1`, timeoutMs: 2000, maxRetries: 0 },
        { credentials: { description: 'test key', getApiKey: async () => 'sk-test' } },
      );
      const { turnId } = await runTurn(host, 'ui', { seed: 17 }, provider);
      const trace = traceOfTurn(turnId);
      const calls = trace.spans.filter((span) => span.name.startsWith('ai_gateway.'));
      const sent = llm.requests.map((request) => request.headers.traceparent);
      expect(sent.length).toBe(calls.length);
      expect(sent.sort()).toEqual(calls.map((span) => `00-${trace.traceId}-${span.spanId}-01`).sort());
    } finally {
      llm.server.close();
    }
  });
});

describe('telemetry.tracing false', () => {
  it('creates no provider and stores no trace', async () => {
    const data = tempDataDir();
    const off = createHost({
      dataDir: data.dir,
      face: 'cli',
      provider: { kind: 'simulated', latency: { kind: 'none' } },
      telemetry: { tracing: false, recorder: { enabled: false } },
    });
    try {
      expect(off.services.tracing).toBeNull();
      const { status } = await runTurn(off, 'ui', { seed: 18 });
      expect(status).toBe('completed');
      expect(off.services.traces.count()).toBe(0);
      await expect(off.rpc.invoke('traces.search', {}, identityForRole('admin-1', 'admin'))).resolves.toEqual({ traces: [], total: 0 });
    } finally {
      await off.close();
      data.cleanup();
    }
  });
});
