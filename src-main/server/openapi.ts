/**
 * The OpenAPI 3.1 document of the HTTP API (`/v1/openapi.json`), generated from the contract's zod
 * schemas (zod's own JSON Schema output), so it cannot drift from what the server validates: the `/v1`
 * routes, every `/rpc/{channel}` with its permission, `/events`, `/metrics` and the health probes.
 */
import { z } from 'zod';
import { type ChannelSpec, channels, TurnsListRequest, TurnsRunRequest } from '../../src-shared/contract';
import { TurnDetail, TurnSummary } from '../../src-shared/domain/turn';
import { ERROR_CODES } from '../../src-shared/errors';
import { APP_VERSION } from '../engine/system/system-service';

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

const ERROR_RESPONSE = {
  description: 'A typed error',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

function errors(...statuses: number[]): Record<string, unknown> {
  const text: Record<number, string> = {
    400: 'Invalid request (field-named issues)',
    401: 'Missing or invalid token',
    403: 'Missing permission (or outside the token’s campaign)',
    404: 'Not found',
    409: 'Conflict (e.g. a turn already running in the campaign)',
    429: 'Rate limited; see Retry-After',
  };
  return Object.fromEntries(statuses.map((status) => [String(status), { ...ERROR_RESPONSE, description: text[status] }]));
}

function json(schema: Record<string, unknown>, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

function rpcPath(name: string, spec: ChannelSpec) {
  return {
    post: {
      operationId: `rpc.${name}`,
      summary: spec.summary,
      description: `Permission: ${spec.permission ?? 'any authenticated caller'}${spec.mutates ? '. Mutating: audited.' : '.'}`,
      tags: ['rpc'],
      'x-permission': spec.permission,
      requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.request, 'input') } } },
      responses: { '200': json(schemaOf(spec.response, 'output'), 'The channel’s answer'), ...errors(400, 401, 403, 404, 429) },
    },
  };
}

export function openApiDocument(): Record<string, unknown> {
  const turnId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const listQuery = Object.entries((schemaOf(TurnsListRequest, 'input').properties ?? {}) as Record<string, unknown>).map(
    ([name, schema]) => ({ name, in: 'query', required: false, schema }),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'Novel Engine Console API',
      version: APP_VERSION,
      description:
        'Run and inspect Novel Engine turns. Every route but the health probes and this document needs `Authorization: Bearer <JWT>` (mint one with `novel-console token mint`). Limits: 100 requests a minute per subject.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'turns', description: 'The public turn API' },
      { name: 'rpc', description: 'Every contract channel, as the console UI calls it' },
      { name: 'operations', description: 'Metrics and health' },
    ],
    paths: {
      '/v1/turns:run': {
        post: {
          operationId: 'runTurn',
          tags: ['turns'],
          summary: 'Start a turn (202 with its id), or run it to the end with ?wait=true (200 with the result).',
          'x-permission': 'orchestration.turn.execute',
          parameters: [{ name: 'wait', in: 'query', required: false, schema: { type: 'boolean', default: false } }],
          requestBody: { required: true, content: { 'application/json': { schema: schemaOf(TurnsRunRequest, 'input') } } },
          responses: {
            '200': json(schemaOf(TurnDetail, 'output'), 'The finished turn (with ?wait=true)'),
            '202': json(
              {
                type: 'object',
                properties: {
                  turnId: { type: 'string' },
                  number: { type: 'integer' },
                  status: { const: 'running' },
                  links: { type: 'object', properties: { self: { type: 'string' }, cancel: { type: 'string' } } },
                },
                required: ['turnId', 'number', 'status', 'links'],
              },
              'The turn started',
            ),
            ...errors(400, 401, 403, 404, 409, 429),
          },
        },
      },
      '/v1/turns': {
        get: {
          operationId: 'listTurns',
          tags: ['turns'],
          summary: 'Turns, newest first',
          'x-permission': 'orchestration.turn.view',
          parameters: listQuery,
          responses: {
            '200': json(
              {
                type: 'object',
                properties: { turns: { type: 'array', items: schemaOf(TurnSummary, 'output') }, total: { type: 'integer' } },
              },
              'A page of turns',
            ),
            ...errors(400, 401, 403, 429),
          },
        },
      },
      '/v1/turns/{id}': {
        get: {
          operationId: 'getTurn',
          tags: ['turns'],
          summary: 'One turn with its phases, outputs, compensations and reviews',
          'x-permission': 'orchestration.turn.view',
          parameters: [turnId],
          responses: { '200': json(schemaOf(TurnDetail, 'output'), 'The turn'), ...errors(401, 403, 404, 429) },
        },
      },
      '/v1/turns/{id}:cancel': {
        post: {
          operationId: 'cancelTurn',
          tags: ['turns'],
          summary: 'Cancel a running turn; it is compensated',
          'x-permission': 'orchestration.turn.cancel',
          parameters: [turnId],
          responses: {
            '200': json(
              { type: 'object', properties: { cancelled: { type: 'boolean' } }, required: ['cancelled'] },
              'Whether it was running',
            ),
            ...errors(401, 403, 404, 429),
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          tags: ['operations'],
          summary: 'Prometheus text, or OpenMetrics with exemplars when Accept asks for it; needs metrics.view when bound beyond loopback',
          responses: { '200': { description: 'The exposition', content: { 'text/plain': {}, 'application/openmetrics-text': {} } } },
        },
      },
      '/health': { get: { operationId: 'health', tags: ['operations'], security: [], responses: { '200': { description: 'Alive' } } } },
      '/health/ready': {
        get: {
          operationId: 'ready',
          tags: ['operations'],
          security: [],
          responses: { '200': { description: 'Ready' }, '503': { description: 'Not ready' } },
        },
      },
      '/health/detailed': {
        get: {
          operationId: 'healthDetailed',
          tags: ['operations'],
          security: [],
          responses: { '200': { description: 'Checks' }, '503': { description: 'Database down' } },
        },
      },
      ...Object.fromEntries(Object.entries(channels).map(([name, spec]) => [`/rpc/${name}`, rpcPath(name, spec as ChannelSpec)])),
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { enum: [...ERROR_CODES] },
                message: { type: 'string' },
                issues: {
                  type: 'array',
                  items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
                },
              },
            },
          },
        },
      },
    },
  };
}
