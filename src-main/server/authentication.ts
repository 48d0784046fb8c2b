/**
 * Who is calling over HTTP: the bearer token of every request is verified once (tokens cache verified
 * JWTs until they expire) before the rate limiter runs, so limits apply per subject for authenticated
 * callers and per address otherwise. Routes that need an identity call `requireIdentity`; a refusal is a
 * 401 counted in authentication_failures_total{reason} and recorded as an error span.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isChannelName } from '../../src-shared/contract';
import type { Identity } from '../../src-shared/rbac';
import type { Host } from '../engine/host';
import { AuthenticationError } from '../engine/security/token-service';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook when a valid bearer token came with the request. */
    identity: Identity | null;
    /** Why the bearer token was refused, when one came and failed. */
    authFailure: AuthenticationError | null;
  }
}

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

export function registerAuthentication(app: FastifyInstance, host: Host): void {
  app.decorateRequest('identity', null);
  app.decorateRequest('authFailure', null);
  const tokens = host.services.tokens;

  app.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization;
    if (header === undefined) return done();
    const match = BEARER.exec(header);
    if (!match) {
      request.authFailure = new AuthenticationError('malformed_token');
      return done();
    }
    let verified: Identity | Promise<Identity>;
    try {
      verified = tokens.verify(match[1] as string);
    } catch (error) {
      request.authFailure = error instanceof AuthenticationError ? error : new AuthenticationError('malformed_token');
      return done();
    }
    if (!(verified instanceof Promise)) {
      request.identity = verified;
      return done();
    }
    verified.then(
      (identity) => {
        request.identity = identity;
        done();
      },
      (error: unknown) => {
        request.authFailure = error instanceof AuthenticationError ? error : new AuthenticationError('malformed_token');
        done();
      },
    );
  });
}

/** The caller's identity, or a 401 (counted, and traced as `api.<route>`). */
export function requireIdentity(request: FastifyRequest, host: Host): Identity {
  if (request.identity) return request.identity;
  const failure = request.authFailure ?? new AuthenticationError('missing_token');
  host.services.metrics.authenticationFailures.inc({ reason: failure.reason });
  host.services.tracing?.rpcTracer.unauthenticated(routeName(request), failure.reason);
  throw failure;
}

function routeName(request: FastifyRequest): string {
  const route = request.routeOptions.url ?? 'unmatched';
  const channel = (request.params as { channel?: unknown } | undefined)?.channel;
  // Span names stay a bounded set: a channel name only when it is one of the contract's.
  if (route === '/rpc/:channel') return isChannelName(channel) ? channel : 'rpc';
  // An upload channel's own route (http-server.ts UPLOAD_CHANNELS) names its channel as the shared one does.
  if (route.startsWith('/rpc/') && isChannelName(route.slice(5))) return route.slice(5);
  return route;
}
