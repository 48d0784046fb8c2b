/**
 * Which trace a piece of engine work belongs to, carried along its async continuations
 * (AsyncLocalStorage): an API call runs inside its `api.<channel>` span's context, a turn inside its root
 * span's. The logger's mixin reads it, so every log line written during that work carries trace_id and
 * span_id (SPEC section 3) without any call site passing them; a turn started during an API call links to
 * the call's span from it.
 *
 * One store for all of these: on Node 20 every enabled AsyncLocalStorage costs a hook call on every
 * promise the process creates, which a request through Fastify makes dozens of.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface TraceScope {
  traceId: string;
  spanId: string;
  /** W3C trace flags of the span (1 = sampled); a link made from the scope carries them. */
  traceFlags: number;
}

const scopes = new AsyncLocalStorage<TraceScope>();

/** Runs `work` (and everything it starts) inside `scope`; undefined leaves the current scope. */
export function runInTraceScope<T>(scope: TraceScope | undefined, work: () => T): T {
  return scope === undefined ? work() : scopes.run(scope, work);
}

export function currentTraceScope(): TraceScope | undefined {
  return scopes.getStore();
}

/** The fields a log line gets inside a trace scope (OpenTelemetry's log correlation names). */
export function traceLogFields(): { trace_id: string; span_id: string } | Record<string, never> {
  const scope = scopes.getStore();
  return scope === undefined ? {} : { trace_id: scope.traceId, span_id: scope.spanId };
}
