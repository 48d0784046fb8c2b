/**
 * auth: what authentication and authorization cost a request (issue 5's figures), on the built engine
 * (out/main/engine.js) and HTTP face (out/main/server.js) in this process, secret from
 * NOVEL_CONSOLE_JWT_SECRET so no keychain is needed.
 *
 * - per request, amortized: parse the Authorization header, verify the bearer JWT (a cache hit after its
 *   first use) and authorize a campaign-scoped permission, over a pool of 100 distinct tokens — the work
 *   the onRequest hook and rpc do for every call. Target <= 5 µs. The uncached verify (jose HS256, the
 *   cost of a token's first request) is shown beside it.
 * - share of a turn: `POST /v1/turns:run?wait=true` over HTTP keep-alive with the simulated provider at
 *   0 latency (5 agents, AI on); the auth cost above as a share of its median latency. Target <= 2 %.
 */
import http from 'node:http';
import { authorize } from '../src-shared/rbac';
import { ENGINE_PATH, percentile, printTable, removeDir, round, setBenchSigningKey, tempDataDir } from './lib';

export const name = 'auth';
export const description = 'JWT verify + RBAC per request (cached, amortized) and its share of POST /v1/turns:run?wait=true at 0 latency';

const TARGET_PER_REQUEST_US = 5;
const TARGET_SHARE_PERCENT = 2;
const TOKENS = 100;
const ITERATIONS = 1_000_000;
const UNCACHED = 2_000;
const TURNS_WARMUP = 100;
const TURNS = 600;
const CAMPAIGN = 'ashfall-crossing';
const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

type EngineModule = typeof import('../src-main/engine/host');
type ServerModule = typeof import('../src-main/server/serve');

function post(port: number, path: string, token: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export async function run(): Promise<Record<string, number>> {
  setBenchSigningKey();
  const engine = (await import(ENGINE_PATH)) as EngineModule;
  const server = (await import(ENGINE_PATH.replace(/engine\.js$/, 'server.js'))) as ServerModule;
  const dataDir = tempDataDir('auth');
  const host = engine.createHost({
    dataDir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: { recorder: { enabled: false } },
  });
  try {
    const tokens = host.services.tokens;
    await tokens.init();
    const headers: string[] = [];
    for (let index = 0; index < TOKENS; index++) {
      const { token } = await tokens.mint({ role: 'story_master', campaignId: CAMPAIGN, ttlS: 3600 }, 'bench');
      headers.push(`Bearer ${token}`);
    }
    // First use of each token: the uncached path (jose HS256 verify), which also fills the cache.
    const fresh: string[] = [];
    for (let index = 0; index < UNCACHED; index++) fresh.push((await tokens.mint({ role: 'player', ttlS: 3600 }, 'bench')).token);
    const uncachedStart = process.hrtime.bigint();
    for (const token of fresh) await tokens.verify(token);
    const uncachedUs = Number(process.hrtime.bigint() - uncachedStart) / 1000 / UNCACHED;
    for (const header of headers) await tokens.verify(BEARER.exec(header)?.[1] as string);

    let granted = 0;
    const authStart = process.hrtime.bigint();
    for (let index = 0; index < ITERATIONS; index++) {
      const header = headers[index % TOKENS] as string;
      const identity = tokens.verify(BEARER.exec(header)?.[1] as string);
      if (identity instanceof Promise) throw new Error('a cached token took the slow path');
      if (authorize(identity, 'orchestration.turn.execute', CAMPAIGN)) granted++;
    }
    const perRequestUs = Number(process.hrtime.bigint() - authStart) / 1000 / ITERATIONS;
    if (granted !== ITERATIONS) throw new Error(`authorization refused ${ITERATIONS - granted} calls`);

    // A turn through the public API, end to end, at 0 provider latency.
    const running = await server.startServer({ host, port: 0, staticDir: null, rateLimit: 0 });
    const token = (headers[0] as string).slice('Bearer '.length);
    const body = JSON.stringify({ campaignId: CAMPAIGN });
    const latencies: number[] = [];
    try {
      for (let index = 0; index < TURNS_WARMUP + TURNS; index++) {
        const start = process.hrtime.bigint();
        const answer = await post(running.port, '/v1/turns:run?wait=true', token, body);
        const elapsedUs = Number(process.hrtime.bigint() - start) / 1000;
        if (answer.status !== 200) throw new Error(`turns:run answered ${answer.status}: ${answer.body.slice(0, 200)}`);
        if (index >= TURNS_WARMUP) latencies.push(elapsedUs);
      }
    } finally {
      agent.destroy();
      await running.close();
    }
    latencies.sort((a, b) => a - b);
    const medianUs = percentile(latencies, 50);
    const sharePercent = (perRequestUs / medianUs) * 100;

    printTable(
      ['measure', 'value', 'target'],
      [
        ['auth + authz per request (cached, amortized)', `${round(perRequestUs, 3)} µs`, `<= ${TARGET_PER_REQUEST_US} µs`],
        ['first use of a token (uncached jose HS256 verify)', `${round(uncachedUs, 1)} µs`, ''],
        ['POST /v1/turns:run?wait=true, median', `${round(medianUs / 1000, 3)} ms`, ''],
        ['POST /v1/turns:run?wait=true, p99', `${round(percentile(latencies, 99) / 1000, 3)} ms`, ''],
        ['auth share of the turn request', `${round(sharePercent, 4)} %`, `<= ${TARGET_SHARE_PERCENT} %`],
      ],
    );
    return {
      authPerRequestUs: round(perRequestUs, 3),
      uncachedVerifyUs: round(uncachedUs, 1),
      turnRunWaitMedianMs: round(medianUs / 1000, 3),
      authSharePercent: round(sharePercent, 4),
      met: perRequestUs <= TARGET_PER_REQUEST_US && sharePercent <= TARGET_SHARE_PERCENT ? 1 : 0,
    };
  } finally {
    await host.close();
    removeDir(dataDir);
  }
}
