/**
 * The one door into the engine. Every transport (Electron IPC, HTTP /rpc, the CLI) hands a channel
 * name, an untrusted request and the caller's identity to `dispatch`, which validates the request,
 * checks the permission, calls the handler and validates the response. Whatever goes wrong leaves as a
 * ContractError with a typed code; nothing internal leaks.
 */
import {
  type ChannelName,
  type ChannelSpec,
  channels,
  isChannelName,
  issuesOf,
  type ParsedRequestOf,
  type RequestOf,
  type ResponseOf,
} from '../../src-shared/contract';
import { ContractError } from '../../src-shared/errors';
import { hasPermission, type Identity } from '../../src-shared/rbac';
import type { Logger } from './logger';

export interface CallContext {
  identity: Identity;
}

export type Handler<C extends ChannelName> = (request: ParsedRequestOf<C>, context: CallContext) => ResponseOf<C> | Promise<ResponseOf<C>>;

export type HandlerTable = { [C in ChannelName]: Handler<C> };

/**
 * Spans of API calls (`api.<channel>`), implemented by telemetry so this file imports no tracing
 * library: a call's span starts once its channel is known, learns the authorization outcome, runs the
 * handler inside it and ends with the call's error, if any.
 */
export interface RpcTracer {
  start(channel: string, identity: Identity): RpcCallTrace;
}

export interface RpcCallTrace {
  authorized(permission: string | null, granted: boolean): void;
  run<T>(work: () => T): T;
  end(error?: unknown): void;
}

export interface Rpc {
  /** Untyped entry for transports: the channel name and body come from outside. */
  dispatch(channel: string, request: unknown, identity: Identity): Promise<unknown>;
  /** Typed entry for in-process callers (CLI, tests). */
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>, identity: Identity): Promise<ResponseOf<C>>;
}

/**
 * `table` is the contract's channel table; tests may pass another table of the same shape to exercise
 * the dispatch rules on channels the contract does not (yet) have.
 */
export function createRpc(
  handlers: HandlerTable,
  logger: Logger,
  table: Readonly<Record<string, ChannelSpec>> = channels,
  tracer?: RpcTracer,
): Rpc {
  const isKnown = table === channels ? isChannelName : (name: string) => Object.hasOwn(table, name);
  async function dispatch(channel: string, request: unknown, identity: Identity): Promise<unknown> {
    if (!isKnown(channel)) {
      throw new ContractError('not_found', `unknown channel "${channel}"`);
    }
    if (!tracer) return dispatchKnown(channel, request, identity, undefined);
    const call = tracer.start(channel, identity);
    try {
      const response = await dispatchKnown(channel, request, identity, call);
      call.end();
      return response;
    } catch (error) {
      call.end(error);
      throw error;
    }
  }

  async function dispatchKnown(channel: string, request: unknown, identity: Identity, call: RpcCallTrace | undefined): Promise<unknown> {
    const spec = table[channel] as ChannelSpec;
    const parsed = spec.request.safeParse(request ?? {});
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      const first = issues[0];
      const where = first?.field ? ` at ${first.field}` : '';
      throw new ContractError('invalid_request', `invalid ${channel} request${where}: ${first?.message ?? 'invalid'}`, issues);
    }
    const granted = spec.permission === null || hasPermission(identity, spec.permission);
    call?.authorized(spec.permission, granted);
    if (!granted) {
      throw new ContractError('forbidden', `${channel} requires the ${spec.permission} permission`);
    }
    let response: unknown;
    try {
      const handler = (handlers as Record<string, (request: unknown, context: CallContext) => unknown>)[channel];
      if (!handler) throw new ContractError('unavailable', `${channel} is not served by this engine`);
      response = await (call ? call.run(() => handler(parsed.data, { identity })) : handler(parsed.data, { identity }));
    } catch (error) {
      if (error instanceof ContractError) throw error;
      logger.error({ err: error, channel }, 'channel handler failed');
      throw new ContractError('internal', `${channel} failed unexpectedly; the engine log has the details`);
    }
    const checked = spec.response.safeParse(response);
    if (!checked.success) {
      logger.error({ channel, issues: issuesOf(checked.error) }, 'channel response failed its schema');
      throw new ContractError('internal', `${channel} produced an invalid response; the engine log has the details`);
    }
    return checked.data;
  }

  return {
    dispatch,
    invoke: (channel, request, identity) => dispatch(channel, request, identity) as never,
  };
}
