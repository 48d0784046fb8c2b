/**
 * Which trace a piece of engine work belongs to, carried along its async continuations
 * (AsyncLocalStorage): an API call runs inside its `api.<channel>` span's context, a turn inside its root
 * span's. The logger's mixin reads it, so every log line written during that work carries trace_id and
 * span_id (SPEC section 3) without any call site passing them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface TraceScope {
  traceId: string;
  spanId: string;
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
