/**
 * A real console for the security suites: a fresh data dir, a headless host, the HTTP server on a port
 * the OS picks, and helpers to mint tokens for any role (optionally scoped to a campaign) and to call
 * the server with one. The signing key is the one the token service keeps in the OS keychain, so tests
 * using this run inside `dbus-run-session` with an unlocked gnome-keyring (`/tmp/kr.sh npx vitest …`);
 * `close()` deletes it from the keychain again.
 */
import { createHost, type Host } from '../../../src-main/engine/host';
import { type RunningServer, type ServeOptions, startServer } from '../../../src-main/server/serve';
import type { TokenInfo } from '../../../src-shared/domain/security';
import type { Role } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

export type SecurityServerOptions = Partial<Pick<ServeOptions, 'rateLimit' | 'bind' | 'allowRemote' | 'loginTtlS'>> & {
  /** Environment of the host (e.g. NOVEL_CONSOLE_JWT_SECRET); default process.env. */
  env?: NodeJS.ProcessEnv;
};

export interface MintOptions {
  campaignId?: string;
  /** Seconds; default one hour. */
  ttlS?: number;
  /** The token's sub; default `<role>-<n>`, distinct per minted token so rate limits never share a bucket. */
  subject?: string;
  label?: string;
  kind?: TokenInfo['kind'];
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: any;
  text: string;
}

export interface CallOptions {
  /** Bearer token; none = unauthenticated. */
  token?: string | null;
  /** A JSON value (serialized), or a string / bytes sent as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SecurityServer {
  host: Host;
  server: RunningServer;
  /** `http://127.0.0.1:<port>` (also when bound to 0.0.0.0). */
  url: string;
  dataDir: string;
  /** The login URL's token: admin, short-lived, exchangeable once for a console session (auth.session). */
  loginToken: string;
  /** The seeded campaign every fresh data dir has. */
  campaignId: string;
  mint(role: Role, options?: MintOptions): Promise<{ token: string; info: TokenInfo }>;
  /** Any route: `call('GET', '/v1/turns', { token })`. */
  call(method: string, path: string, options?: CallOptions): Promise<HttpAnswer>;
  /** `POST /rpc/<channel>` with a JSON body. */
  rpc(channel: string, body: unknown, token: string | null): Promise<HttpAnswer>;
  close(): Promise<void>;
}

let minted = 0;

export async function startSecurityServer(options: SecurityServerOptions = {}): Promise<SecurityServer> {
  const data = tempDataDir('novel-console-security-');
  const host = createHost({
    dataDir: data.dir,
    face: 'headless',
    telemetry: { recorder: { enabled: false } },
    ...(options.env ? { env: options.env } : {}),
  });
  let server: RunningServer;
  try {
    server = await startServer({
      host,
      port: 0,
      staticDir: null,
      ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
      ...(options.bind !== undefined ? { bind: options.bind } : {}),
      ...(options.allowRemote !== undefined ? { allowRemote: options.allowRemote } : {}),
      ...(options.loginTtlS !== undefined ? { loginTtlS: options.loginTtlS } : {}),
    });
  } catch (error) {
    await host.close();
    data.cleanup();
    throw error;
  }
  // Bound to a wildcard address, the server is still reachable on loopback.
  const url = `http://127.0.0.1:${server.port}`;
  const campaignId = host.services.campaigns.list()[0]?.id;
  if (!campaignId) throw new Error('the fresh data dir has no seeded campaign');

  async function call(method: string, path: string, callOptions: CallOptions = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...(callOptions.headers ?? {}) };
    if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
    let body: string | Uint8Array | undefined;
    if (callOptions.body !== undefined) {
      if (typeof callOptions.body === 'string' || callOptions.body instanceof Uint8Array) body = callOptions.body;
      else body = JSON.stringify(callOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  return {
    host,
    server,
    url,
    dataDir: data.dir,
    loginToken: server.accessToken,
    campaignId,
    mint(role, mintOptions = {}) {
      minted += 1;
      return host.services.tokens.mint(
        {
          role,
          campaignId: mintOptions.campaignId,
          ttlS: mintOptions.ttlS ?? 3600,
          subject: mintOptions.subject ?? `${role}-${minted}`,
          label: mintOptions.label ?? `security test ${role}`,
          kind: mintOptions.kind ?? 'api',
        },
        'security-test',
      );
    },
    call,
    rpc: (channel, body, token) => call('POST', `/rpc/${channel}`, { token, body }),
    async close() {
      await server.close();
      // The signing key of this throwaway data dir leaves the keychain with it.
      await host.services.credentials.delete('auth.jwtSigningKey').catch(() => undefined);
      await host.close();
      data.cleanup();
    },
  };
}

/** The value of one sample of a Prometheus text exposition, 0 when the series is absent. */
export function metricSample(exposition: string, name: string, labels: Record<string, string>): number {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const open = line.indexOf('{');
    const close = line.lastIndexOf('}');
    const found: Record<string, string> = {};
    if (open >= 0 && close > open) {
      for (const match of line.slice(open + 1, close).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        found[match[1] as string] = (match[2] as string).replace(/\\(.)/g, '$1');
      }
    }
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value)) {
      return Number(
        line
          .slice((close >= 0 ? close : name.length) + 1)
          .trim()
          .split(/\s+/)[0],
      );
    }
  }
  return 0;
}

/** Polls until `probe` returns something other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
