/**
 * The one door into the engine. Every transport (Electron IPC, HTTP /rpc and /v1, the CLI) hands a
 * channel name, an untrusted request and the caller's identity to `dispatch`, which validates the
 * request, authorizes it (permission, then campaign scope), calls the handler inside the call's span,
 * validates the response and, for a mutating channel, appends the outcome to the audit log. Whatever
 * goes wrong leaves as a ContractError with a typed code; nothing internal leaks.
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
  type ScopeRef,
} from '../../src-shared/contract';
import { ContractError } from '../../src-shared/errors';
import { authorize, campaignsVisible, type Identity, type Permission } from '../../src-shared/rbac';
import type { Logger } from './logger';

export interface CallContext {
  identity: Identity;
  /** Where the call came from (`ui`, `api`, `cli`): a turn started through it records it as its origin. */
  origin: CallOrigin;
}

export type CallOrigin = 'ui' | 'api' | 'cli';

export type Handler<C extends ChannelName> = (request: ParsedRequestOf<C>, context: CallContext) => ResponseOf<C> | Promise<ResponseOf<C>>;

export type HandlerTable = { [C in ChannelName]: Handler<C> };

/**
 * Spans of API calls (`api.<channel>`), implemented by telemetry so this file imports no tracing
 * library: a call's span starts once its channel is known, learns the authorization outcome, runs the
 * handler inside it and ends with the call's error, if any.
 */
export interface RpcTracer {
  start(channel: string, identity: Identity): RpcCallTrace;
  /** A request refused before it had an identity (401): a short error span naming the reason. */
  unauthenticated(route: string, reason: string): void;
}

export interface RpcCallTrace {
  /** The call's trace id (for its audit entry). */
  readonly traceId: string;
  authorized(permission: string | null, granted: boolean): void;
  run<T>(work: () => T): T;
  end(error?: unknown): void;
}

/** Finds the campaign a turn, trace or review item belongs to; undefined when there is no such thing. */
export type ScopeResolver = (kind: Exclude<ScopeRef['kind'], 'campaign'>, id: string) => string | null | undefined;

/** One mutating call's outcome, as the audit log records it. */
export interface AuditRecord {
  identity: Identity;
  action: string;
  target: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  /** The error code when the outcome is not ok. */
  detail: string | null;
  traceId: string | null;
}

export interface RpcOptions {
  handlers: HandlerTable;
  logger: Logger;
  /** The contract's channel table; tests may pass another of the same shape. */
  table?: Readonly<Record<string, ChannelSpec>>;
  tracer?: RpcTracer | undefined;
  /** Resolves turn, trace and review ids to campaigns for scoped callers. */
  scopes?: ScopeResolver;
  /** Appends mutating calls to the audit log. */
  audit?: (record: AuditRecord) => void;
  /** Counts a refused call (authorization_failures_total). */
  onDenied?: (permission: Permission, identity: Identity) => void;
  /** Makes what the call wrote durable before it answers (the engine's group commit); may throw. */
  commit?: () => void;
}

export interface Rpc {
  /** Untyped entry for transports: the channel name and body come from outside. */
  dispatch(channel: string, request: unknown, identity: Identity, origin?: CallOrigin): Promise<unknown>;
  /** Typed entry for in-process callers (CLI, tests, the /v1 routes). */
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>, identity: Identity, origin?: CallOrigin): Promise<ResponseOf<C>>;
}

export function createRpc(options: RpcOptions): Rpc {
  const { handlers, logger, tracer, scopes, audit, onDenied } = options;
  const table: Readonly<Record<string, ChannelSpec>> = options.table ?? channels;
  const isKnown = table === channels ? isChannelName : (name: string) => Object.hasOwn(table, name);

  async function dispatch(channel: string, request: unknown, identity: Identity, origin: CallOrigin = 'ui'): Promise<unknown> {
    if (!isKnown(channel)) {
      throw new ContractError('not_found', `unknown channel "${channel}"`);
    }
    const spec = table[channel] as ChannelSpec;
    const call = tracer?.start(channel, identity);
    const target = { value: null as string | null };
    let response: unknown;
    try {
      response = await dispatchKnown(channel, spec, request, { identity, origin }, call, target);
      call?.end();
      if (spec.mutates) record(channel, identity, target.value, null, call);
    } catch (error) {
      call?.end(error);
      if (spec.mutates) record(channel, identity, target.value, error, call);
      try {
        options.commit?.();
      } catch (commitError) {
        logger.error({ err: commitError, channel }, 'writes of a failed call could not be committed');
      }
      throw error;
    }
    // No answer leaves before what the call (and its audit entry) wrote is committed.
    try {
      options.commit?.();
    } catch (commitError) {
      logger.error({ err: commitError, channel }, 'writes of a call could not be committed');
      throw new ContractError('internal', `${channel} could not commit its changes; the engine log has the details`);
    }
    return response;
  }

  function record(action: string, identity: Identity, target: string | null, error: unknown, call: RpcCallTrace | undefined) {
    if (!audit) return;
    const code = error === null ? null : error instanceof ContractError ? error.code : 'internal';
    // A request that never validated did nothing worth a trail entry beyond its metric and span.
    if (code === 'invalid_request' || code === 'not_found') return;
    try {
      audit({
        identity,
        action,
        target,
        outcome: code === null ? 'ok' : code === 'forbidden' ? 'denied' : 'failed',
        detail: code,
        traceId: call?.traceId ?? null,
      });
    } catch (auditError) {
      // The action already happened: its answer stands, and the missing entry is an error in the log.
      logger.error({ err: auditError, action, actor: identity.userId }, 'audit entry could not be written');
    }
  }

  /**
   * The campaigns a call acts in, for the permission check (and the audit target). A thing that exists
   * outside any campaign counts as '' — in no scoped caller's campaign_access; one that does not exist
   * is left to the handler's not_found. A scoped caller that leaves an optional campaign filter out gets
   * its one campaign filled in (or must name one when it has several).
   */
  function campaignsOf(
    scope: readonly ScopeRef[],
    data: Record<string, unknown>,
    identity: Identity,
    permission: Permission,
    target: { value: string | null },
  ) {
    const campaigns: string[] = [];
    for (const ref of scope) {
      let id = data[ref.field];
      if (id === undefined && ref.kind === 'campaign') {
        const visible = campaignsVisible(identity, permission);
        if (visible === null) continue;
        if (visible.length !== 1)
          throw new ContractError(
            'invalid_request',
            `name the campaign: this token is scoped to ${visible.length === 0 ? 'no campaign' : 'several campaigns'}`,
            [{ field: ref.field, message: 'required for a campaign-scoped token' }],
          );
        id = visible[0];
        data[ref.field] = id;
      }
      if (typeof id !== 'string') continue;
      target.value ??= `${ref.kind}:${id}`;
      if (ref.kind === 'campaign') campaigns.push(id);
      else {
        const campaignId = scopes?.(ref.kind, id);
        if (campaignId !== undefined) campaigns.push(campaignId ?? '');
      }
    }
    return campaigns;
  }

  async function dispatchKnown(
    channel: string,
    spec: ChannelSpec,
    request: unknown,
    context: CallContext,
    call: RpcCallTrace | undefined,
    target: { value: string | null },
  ): Promise<unknown> {
    const { identity } = context;
    const parsed = spec.request.safeParse(request ?? {});
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      const first = issues[0];
      const where = first?.field ? ` at ${first.field}` : '';
      throw new ContractError('invalid_request', `invalid ${channel} request${where}: ${first?.message ?? 'invalid'}`, issues);
    }
    if (spec.auditTarget) {
      const value = (parsed.data as Record<string, unknown>)[spec.auditTarget.field];
      if (typeof value === 'string') target.value = `${spec.auditTarget.kind}:${value}`;
    }
    const permission = spec.permission;
    if (permission !== null) {
      let granted = authorize(identity, permission);
      if (granted && spec.scope) {
        // Scoped callers need the permission in each campaign the request touches.
        for (const campaignId of campaignsOf(spec.scope, parsed.data as Record<string, unknown>, identity, permission, target)) {
          if (!authorize(identity, permission, campaignId)) granted = false;
        }
      }
      call?.authorized(permission, granted);
      if (!granted) {
        onDenied?.(permission, identity);
        throw new ContractError(
          'forbidden',
          `${channel} requires the ${permission} permission${identity.campaignAccess ? ' in this campaign' : ''}`,
        );
      }
    } else {
      call?.authorized(null, true);
    }
    let response: unknown;
    try {
      const handler = (handlers as Record<string, (request: unknown, context: CallContext) => unknown>)[channel];
      if (!handler) throw new ContractError('unavailable', `${channel} is not served by this engine`);
      response = await (call ? call.run(() => handler(parsed.data, context)) : handler(parsed.data, context));
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
    invoke: (channel, request, identity, origin) => dispatch(channel, request, identity, origin) as never,
  };
}
