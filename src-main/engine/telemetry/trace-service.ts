/**
 * The traces.search and traces.get channels over the trace store, and the store's retention: traces
 * older than the retention (default 7 days) are deleted every hour.
 */
import { ContractError } from '../../../src-shared/errors';
import type { Logger } from '../logger';
import type { HandlerTable } from '../rpc';
import type { TraceStore } from './trace-store';

export const DEFAULT_TRACE_RETENTION_MS = 7 * 24 * 3600_000;

export function createTraceHandlers(store: TraceStore): Pick<HandlerTable, 'traces.search' | 'traces.get'> {
  return {
    'traces.search': (request) => store.search(request),
    'traces.get': ({ traceId }) => {
      const trace = store.get(traceId);
      if (!trace) throw new ContractError('not_found', `trace ${traceId} is not kept: it was sampled out, has expired, or never existed`);
      return trace;
    },
  };
}

/** Traces deleted per step: a backlog (after a long downtime) is worked off a step a second, never in one long blocking delete. */
const DELETE_STEP = 2000;

/** Deletes expired traces soon after start and every `intervalMs`; returns the stop function. */
export function startTraceRetention(
  store: TraceStore,
  logger: Logger,
  retentionMs = DEFAULT_TRACE_RETENTION_MS,
  intervalMs = 3600_000,
): () => void {
  let backlog: NodeJS.Timeout | undefined;
  const prune = () => {
    try {
      const deleted = store.deleteOlderThan(Date.now() - retentionMs, DELETE_STEP);
      if (deleted > 0) logger.info({ deleted }, 'expired traces deleted');
      if (deleted === DELETE_STEP) {
        backlog = setTimeout(prune, 1000);
        backlog.unref();
      }
    } catch (error) {
      logger.error({ err: error }, 'deleting expired traces failed');
    }
  };
  const first = setTimeout(prune, 1000);
  first.unref();
  const timer = setInterval(prune, intervalMs);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearTimeout(backlog);
    clearInterval(timer);
  };
}
