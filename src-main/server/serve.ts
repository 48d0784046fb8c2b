/**
 * Starts the engine's HTTP server on a host and port, shared by the headless face (`novel-console serve`)
 * and the desktop face (which runs it for /metrics and the API). Loopback only unless the caller has
 * explicitly allowed another address (then /metrics needs a token too). Without a JWT signing key (no
 * keychain and no NOVEL_CONSOLE_JWT_SECRET) the API does not start: SigningKeyUnavailableError says why.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Host } from '../engine/host';
import { LOGIN_TTL_S } from '../engine/security/token-service';
import { createHttpServer } from './http-server';

export const DEFAULT_PORT = 9464;
export const DEFAULT_BIND = '127.0.0.1';

export interface ServeOptions {
  host: Host;
  port?: number;
  bind?: string;
  allowRemote?: boolean;
  staticDir: string | null;
  /** Requests per minute per subject (0 = off); default 100. */
  rateLimit?: number;
  /** Lifetime of the login URL's token, seconds; default 15 minutes. */
  loginTtlS?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** `url/?token=…`: a short-lived admin JWT the UI exchanges for a console session. */
  loginUrl: string;
  /** The login URL's token (usable as a bearer until it expires). */
  accessToken: string;
  port: number;
  close(): Promise<void>;
}

export class BindRefusedError extends Error {}

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || /^127(\.\d{1,3}){3}$/.test(address);
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const bind = options.bind ?? DEFAULT_BIND;
  if (!isLoopback(bind) && !options.allowRemote) {
    throw new BindRefusedError(
      `refusing to listen on ${bind}: the console binds to 127.0.0.1 unless --allow-remote is given (then put it behind TLS)`,
    );
  }
  const tokens = options.host.services.tokens;
  await tokens.init();
  const app = await createHttpServer({
    host: options.host,
    staticDir: options.staticDir,
    ...(options.rateLimit !== undefined ? { rateLimit: options.rateLimit } : {}),
    protectMetrics: !isLoopback(bind),
  });
  await app.listen({ host: bind, port: options.port ?? DEFAULT_PORT });
  const address = app.server.address() as AddressInfo;
  const { token: accessToken } = await tokens.mintLogin(options.loginTtlS ?? LOGIN_TTL_S);
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostPart}:${address.port}`;
  return {
    app,
    url,
    loginUrl: `${url}/?token=${accessToken}`,
    accessToken,
    port: address.port,
    close: () => app.close(),
  };
}
