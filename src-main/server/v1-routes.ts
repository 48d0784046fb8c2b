/**
 * The public API (`/v1`), thin over the same channels as the UI: each route maps to one contract
 * channel, so validation, RBAC (campaign scope included), audit and the `api.<channel>` span are the
 * rpc's. Google-style custom methods (`/v1/turns:run`, `/v1/turns/{id}:cancel`); `:` is escaped as `::`
 * in Fastify paths.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ContractError } from '../../src-shared/errors';
import type { Host } from '../engine/host';
import { requireIdentity } from './authentication';
import { openApiDocument } from './openapi';

/** Query-string numbers arrive as text; the channel schemas want numbers. */
function numeric(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
}

function wantsWait(request: FastifyRequest): boolean {
  const wait = (request.query as { wait?: unknown }).wait;
  if (wait === undefined || wait === 'false' || wait === '0') return false;
  if (wait === 'true' || wait === '1' || wait === '') return true;
  throw new ContractError('invalid_request', 'wait is true or false', [{ field: 'wait', message: 'true or false' }]);
}

export function registerV1Routes(app: FastifyInstance, host: Host): void {
  app.post('/v1/turns::run', async (request, reply) => {
    const identity = requireIdentity(request, host);
    const wait = wantsWait(request);
    const started = await host.rpc.invoke('turns.run', (request.body ?? {}) as never, identity, 'api');
    if (!wait) {
      reply.code(202).header('location', `/v1/turns/${started.turnId}`);
      return {
        ...started,
        status: 'running',
        links: { self: `/v1/turns/${started.turnId}`, cancel: `/v1/turns/${started.turnId}:cancel` },
      };
    }
    await host.services.runner.whenDone(started.turnId)?.catch(() => undefined);
    return host.rpc.invoke('turns.get', { turnId: started.turnId }, identity, 'api');
  });

  app.get<{ Params: { id: string } }>('/v1/turns/:id', async (request) => {
    const identity = requireIdentity(request, host);
    return host.rpc.invoke('turns.get', { turnId: request.params.id }, identity, 'api');
  });

  app.get('/v1/turns', async (request) => {
    const identity = requireIdentity(request, host);
    const query = { ...(request.query as Record<string, unknown>) };
    for (const field of ['limit', 'offset']) if (field in query) query[field] = numeric(query[field]);
    return host.rpc.dispatch('turns.list', query, identity, 'api');
  });

  // The id stops at ':' (a regex param), or find-my-way would name the parameter `id::cancel`.
  app.post<{ Params: { id: string } }>('/v1/turns/:id(^[^:/]+)::cancel', async (request) => {
    const identity = requireIdentity(request, host);
    return host.rpc.invoke('turns.cancel', { turnId: request.params.id }, identity, 'api');
  });

  // The API's description is public, like any OpenAPI document: it holds no data.
  let document: unknown;
  app.get('/v1/openapi.json', async () => {
    document ??= openApiDocument();
    return document;
  });
}
