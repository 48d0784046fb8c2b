/**
 * Starts the engine's HTTP server on a host and port, shared by the headless face (`novel-console serve`)
 * and the desktop face (which runs it for /metrics and the API). Loopback only unless the caller has
 * explicitly allowed another address.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Host } from '../engine/host';
import { createHttpServer } from './http-server';
import { createLocalTokenAuthenticator, generateAccessToken } from './local-access';

export const DEFAULT_PORT = 9464;
export const DEFAULT_BIND = '127.0.0.1';

export interface ServeOptions {
  host: Host;
  port?: number;
  bind?: string;
  allowRemote?: boolean;
  staticDir: string | null;
  accessToken?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  loginUrl: string;
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
  const accessToken = options.accessToken ?? generateAccessToken();
  const app = await createHttpServer({
    host: options.host,
    authenticator: createLocalTokenAuthenticator(accessToken),
    staticDir: options.staticDir,
  });
  await app.listen({ host: bind, port: options.port ?? DEFAULT_PORT });
  const address = app.server.address() as AddressInfo;
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
