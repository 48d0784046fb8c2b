/**
 * The shape of a contract entry: a channel (request/response with its permission) or a topic (a push
 * stream). Kept apart from contract.ts so each capability can declare its channels in its own module
 * (src-shared/channels/*.ts) and the contract only gathers them.
 */
import type { z } from 'zod';
import type { Permission } from './rbac';

/**
 * Where a request names the campaign it acts in, for campaign-scoped authorization: the request field and
 * what it identifies (a campaign directly, or a turn, trace or review item that belongs to one).
 */
export interface ScopeRef {
  field: string;
  kind: 'campaign' | 'turn' | 'trace' | 'review';
}

export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  /** Required permission; null = any authenticated caller. */
  permission: Permission | null;
  /** Mutating channels are audited (hash-chained audit log) and never cached. */
  mutates: boolean;
  /** Request fields naming the campaign the call acts in; absent = not campaign-scoped. */
  scope?: readonly ScopeRef[];
  /** What the audit entry names as the target when no scope field does (e.g. `credential:<name>`). */
  auditTarget?: { field: string; kind: string };
  summary: string;
  request: Req;
  response: Res;
}

export interface TopicSpec<Payload extends z.ZodType = z.ZodType> {
  permission: Permission | null;
  summary: string;
  payload: Payload;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(spec: ChannelSpec<Req, Res>): ChannelSpec<Req, Res> {
  return spec;
}

export function topic<Payload extends z.ZodType>(spec: TopicSpec<Payload>): TopicSpec<Payload> {
  return spec;
}
