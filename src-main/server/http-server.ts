/**
 * The engine's HTTP face (Fastify): the headless UI's `/rpc/:channel` and `/events` (server-sent events),
 * the health probes, and the built renderer at `/`. Every route ends in the same typed error envelope
 * as IPC: `{ error: { code, message, issues? } }`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ContractError, type ErrorBody, HTTP_STATUS } from '../../src-shared/errors';
import type { Host } from '../engine/host';
import { registerEventRoutes } from './event-stream';
import { registerHealthRoutes } from './health-routes';
import type { Authenticator } from './local-access';
import { registerMetricsRoutes } from './metrics-routes';

/** Largest accepted request body; larger ones get 413 before any parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpServerOptions {
  host: Host;
  authenticator: Authenticator;
  /** Folder of the built renderer (index.html); null when the UI is not served. */
  staticDir: string | null;
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
};

export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { host, authenticator } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    // SSE streams are long-lived: close() must not wait for them (they are ended in preClose).
    forceCloseConnections: true,
    return503OnClosing: true,
  });

  // The API speaks JSON only: a text/plain body is refused with 415 instead of reaching a schema as a string.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });

  app.setErrorHandler((error: FastifyError | ContractError, request, reply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) host.logger.error({ err: error, url: request.url }, 'request failed');
    reply.code(status).send({ error: body });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });

  registerHealthRoutes(app, host);
  registerMetricsRoutes(app, host.services.metrics);

  app.post<{ Params: { channel: string } }>('/rpc/:channel', async (request) => {
    const identity = authenticator.authenticate(request.headers.authorization);
    return host.rpc.dispatch(request.params.channel, request.body, identity);
  });

  registerEventRoutes(app, host, authenticator);

  const staticDir = options.staticDir;
  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: staticDir, index: 'index.html', wildcard: false });
  } else {
    app.get('/', async (_request, reply) => {
      reply.code(503).type('text/plain; charset=utf-8');
      return 'The console UI is not built here: run `npm run build`, then reload. The API (/rpc, /events, /health) is up.\n';
    });
  }

  return app;
}

function toErrorResponse(error: FastifyError | ContractError): { status: number; body: ErrorBody } {
  if (error instanceof ContractError) return { status: HTTP_STATUS[error.code], body: error.toBody() };
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, body: { code: 'invalid_request', message: `request body exceeds ${MAX_BODY_BYTES} bytes (1 MiB)` } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { code: 'invalid_request', message: 'send the request body as application/json' } };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { code: 'invalid_request', message: 'request body is empty; send a JSON object such as {}' } };
    default:
      break;
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return { status: 400, body: { code: 'invalid_request', message: `request body is not valid JSON: ${error.message}` } };
  }
  if (status >= 400 && status < 500) {
    return { status, body: { code: status === 404 ? 'not_found' : 'invalid_request', message: error.message } };
  }
  return { status: 500, body: { code: 'internal', message: 'the request failed unexpectedly; the engine log has the details' } };
}
