/**
 * The traces.search and traces.get channels over the trace store. Expired traces are deleted by the
 * retention jobs (engine/reports/retention.ts), with the window set in Settings -> Backups.
 */
import { ContractError } from '../../../src-shared/errors';
import type { HandlerTable } from '../rpc';
import type { TraceStore } from './trace-store';

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
