/**
 * The engine's HTTP face (Fastify): the headless UI's `/rpc/:channel` and `/events` (server-sent events),
 * the public `/v1` API with its OpenAPI document, `/metrics`, the health probes, and the built renderer
 * at `/`. Every request is authenticated (bearer JWT) before the rate limiter counts it per subject (per
 * address when unauthenticated); body and header sizes are bounded; security headers go on every
 * answer. Every route ends in the same typed error envelope as IPC: `{ error: { code, message, issues? } }`.
 */
import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { ContractError, type ErrorBody, HTTP_STATUS } from '../../src-shared/errors';
import type { Host } from '../engine/host';
import { registerAuthentication, requireIdentity } from './authentication';
import { registerEventRoutes } from './event-stream';
import { registerHealthRoutes } from './health-routes';
import { registerMetricsRoutes } from './metrics-routes';
import { registerV1Routes } from './v1-routes';

/** Largest accepted request body; larger ones get 413 before any parsing. */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Channels that carry a user's file get a larger body on their own route (`/rpc/traces.import`): an OTLP
 * export from Jaeger or a Collector is often several MiB. Past this, `novel-console import traces FILE`
 * has no HTTP limit.
 */
export const UPLOAD_CHANNELS = ['traces.import'] as const;
export const MAX_UPLOAD_BODY_BYTES = 64 * 1024 * 1024;
/** Largest accepted request head (all headers); Node answers 431 beyond it. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** SPEC's abuse limit: requests per minute per subject (per address when unauthenticated). */
export const DEFAULT_RATE_LIMIT = 100;
/**
 * A console session (the headless UI, from the login URL) refreshes dozens of dashboard panels a minute;
 * it gets ten times the API budget, still per subject.
 */
export const SESSION_RATE_FACTOR = 10;

export interface HttpServerOptions {
  host: Host;
  /** Folder of the built renderer (index.html); null when the UI is not served. */
  staticDir: string | null;
  /** Requests per minute per subject; 0 turns the limit off. Default 100. */
  rateLimit?: number;
  /** Whether /metrics needs a token with metrics.view (when bound beyond loopback). */
  protectMetrics?: boolean;
}

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
};

export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { host } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    // Ids in paths may be as long as the contract allows (200).
    routerOptions: { maxParamLength: 256 },
    // A URL Fastify cannot route (bad percent-encoding, an overlong parameter) still gets the envelope.
    frameworkErrors: (error, _request, reply) => {
      (reply as FastifyReply)
        .headers(SECURITY_HEADERS)
        .code(error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400)
        .send({ error: { code: 'invalid_request', message: `the request URL is not valid: ${error.message}` } });
    },
    // Bytes that are not HTTP/1.1 never reach Fastify: Node's parser refuses them; answer in the envelope too.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const message =
        status === 431
          ? `the request headers exceed ${MAX_HEADER_BYTES / 1024} KiB`
          : status === 408
            ? 'the request took too long to arrive'
            : 'the request is not well-formed HTTP/1.1';
      const body = JSON.stringify({ error: { code: 'invalid_request', message } });
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    },
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
    const { status, body } = toErrorResponse(error, request.routeOptions.bodyLimit ?? MAX_BODY_BYTES);
    if (status >= 500) host.logger.error({ err: error, url: request.url }, 'request failed');
    reply.code(status).send({ error: body });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });

  // Authentication first (a global onRequest hook), so the limiter's per-route hook knows the subject.
  registerAuthentication(app, host);
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (limit > 0) {
    await app.register(fastifyRateLimit, {
      max: (request) => (request.identity?.kind === 'session' ? limit * SESSION_RATE_FACTOR : limit),
      timeWindow: 60_000,
      // Console sessions keep their own bucket: a busy UI must not starve the subject's API tokens (nor
      // the login URL's exchange), and an API script must not starve the UI.
      keyGenerator: (request) =>
        request.identity ? `${request.identity.kind === 'session' ? 'session' : 'sub'}:${request.identity.userId}` : `addr:${request.ip}`,
      errorResponseBuilder: (_request, context) =>
        new ContractError(
          'rate_limited',
          `too many requests: at most ${context.max} a minute per ${_request.identity ? 'caller' : 'address'}; retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} s`,
        ),
    });
  }

  registerHealthRoutes(app, host);
  registerMetricsRoutes(app, host, options.protectMetrics ?? false);

  app.post<{ Params: { channel: string } }>('/rpc/:channel', async (request) => {
    const identity = requireIdentity(request, host);
    return host.rpc.dispatch(request.params.channel, request.body, identity, 'ui');
  });
  for (const channel of UPLOAD_CHANNELS) {
    app.post(`/rpc/${channel}`, { bodyLimit: MAX_UPLOAD_BODY_BYTES }, async (request) => {
      const identity = requireIdentity(request, host);
      return host.rpc.dispatch(channel, request.body, identity, 'ui');
    });
  }

  registerEventRoutes(app, host);
  registerV1Routes(app, host);

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

function toErrorResponse(error: FastifyError | ContractError, bodyLimit: number): { status: number; body: ErrorBody } {
  if (error instanceof ContractError) return { status: HTTP_STATUS[error.code], body: error.toBody() };
  const status = error.statusCode ?? 500;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const upload = bodyLimit === MAX_UPLOAD_BODY_BYTES;
      const message = upload
        ? `request body exceeds ${bodyLimit} bytes (${bodyLimit / 1024 / 1024} MiB); import a larger file with \`novel-console import traces FILE\``
        : `request body exceeds ${bodyLimit} bytes (${bodyLimit / 1024 / 1024} MiB)`;
      return { status: 413, body: { code: 'invalid_request', message } };
    }
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
