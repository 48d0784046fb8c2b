import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../../src-main/engine/logger';
import { createRpc, type HandlerTable } from '../../../src-main/engine/rpc';
import type { ChannelSpec } from '../../../src-shared/contract';
import { ContractError } from '../../../src-shared/errors';
import { identityForRole } from '../../../src-shared/rbac';

const table: Record<string, ChannelSpec> = {
  'test.echo': {
    permission: null,
    mutates: false,
    summary: 'echoes a bounded count back',
    request: z.strictObject({ count: z.number().int().min(1).max(10), label: z.string().default('x') }),
    response: z.strictObject({ count: z.number(), label: z.string() }),
  },
  'test.admin': {
    permission: 'metrics.admin',
    mutates: true,
    summary: 'needs metrics.admin',
    request: z.strictObject({}),
    response: z.strictObject({ done: z.boolean() }),
  },
  'test.broken': {
    permission: null,
    mutates: false,
    summary: 'returns a response that breaks its schema',
    request: z.strictObject({}),
    response: z.strictObject({ done: z.boolean() }),
  },
  'test.throws': {
    permission: null,
    mutates: false,
    summary: 'throws an internal error with a secret in it',
    request: z.strictObject({}),
    response: z.strictObject({ done: z.boolean() }),
  },
  'test.conflict': {
    permission: null,
    mutates: false,
    summary: 'throws a typed error',
    request: z.strictObject({}),
    response: z.strictObject({ done: z.boolean() }),
  },
};

let adminCalls = 0;
const handlers = {
  'test.echo': (request: { count: number; label: string }) => request,
  'test.admin': () => {
    adminCalls += 1;
    return { done: true };
  },
  'test.broken': () => ({ done: 'yes' }),
  'test.throws': () => {
    throw new Error('password=hunter2 at /secret/path');
  },
  'test.conflict': () => {
    throw new ContractError('conflict', 'turn 7 is already running');
  },
} as unknown as HandlerTable;

const rpc = createRpc({ handlers, logger: silentLogger(), table });
const admin = identityForRole('a', 'admin');
const player = identityForRole('p', 'player');

async function failure(promise: Promise<unknown>): Promise<ContractError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ContractError);
    return error as ContractError;
  }
  throw new Error('expected the call to fail');
}

describe('rpc dispatch', () => {
  it('validates the request, applies defaults and returns the validated response', async () => {
    await expect(rpc.dispatch('test.echo', { count: 3 }, player)).resolves.toEqual({ count: 3, label: 'x' });
  });

  it('answers an unknown channel with not_found', async () => {
    const error = await failure(rpc.dispatch('test.nope', {}, admin));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain('test.nope');
  });

  it('answers an invalid request with invalid_request naming the field', async () => {
    const error = await failure(rpc.dispatch('test.echo', { count: 11 }, admin));
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.[0]?.field).toBe('count');
    expect(error.message).toContain('count');
    expect((await failure(rpc.dispatch('test.echo', 'not an object', admin))).code).toBe('invalid_request');
  });

  it('refuses a caller without the permission before the handler runs', async () => {
    adminCalls = 0;
    const error = await failure(rpc.dispatch('test.admin', {}, player));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('metrics.admin');
    expect(adminCalls).toBe(0);
    await expect(rpc.dispatch('test.admin', {}, admin)).resolves.toEqual({ done: true });
    expect(adminCalls).toBe(1);
  });

  it('turns a response that breaks its schema into internal', async () => {
    expect((await failure(rpc.dispatch('test.broken', {}, admin))).code).toBe('internal');
  });

  it('never leaks an internal error message to the caller', async () => {
    const error = await failure(rpc.dispatch('test.throws', {}, admin));
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('/secret/path');
  });

  it('passes typed errors from handlers through unchanged', async () => {
    const error = await failure(rpc.dispatch('test.conflict', {}, admin));
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('turn 7 is already running');
  });

  it('answers only after the writes of the call are committed, and fails when they cannot be', async () => {
    const events: string[] = [];
    let failCommit = false;
    const committing = createRpc({
      handlers: {
        ...handlers,
        'test.admin': () => {
          events.push('handler');
          return { done: true };
        },
      } as unknown as HandlerTable,
      logger: silentLogger(),
      table,
      audit: () => events.push('audit'),
      commit: () => {
        events.push('commit');
        if (failCommit) throw new Error('disk full');
      },
    });
    await expect(committing.dispatch('test.admin', {}, admin)).resolves.toEqual({ done: true });
    expect(events).toEqual(['handler', 'audit', 'commit']);
    failCommit = true;
    const error = await failure(committing.dispatch('test.admin', {}, admin));
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(/could not commit/);
    expect(error.message).not.toContain('disk full');
  });
});
