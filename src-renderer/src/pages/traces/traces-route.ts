/**
 * The views of the Traces page and their addresses: `#/traces` (search), `#/traces/<traceId>` (the
 * waterfall) and `#/traces/<traceId>/<spanId>` (the waterfall with that span selected: a deep link).
 */
import { pageHref } from '../../shell/hash-route';

export const TRACES_PAGE_ID = 'traces';

export type TracesRoute =
  | { view: 'search' }
  | { view: 'trace'; traceId: string; spanId: string | null }
  | { view: 'unknown'; path: string };

/** Parses the segments after `traces`. */
export function parseTracesRoute(segments: readonly string[]): TracesRoute {
  const [traceId, spanId, ...rest] = segments;
  if (traceId === undefined) return { view: 'search' };
  if (rest.length === 0) return { view: 'trace', traceId, spanId: spanId ?? null };
  return { view: 'unknown', path: segments.join('/') };
}

export const tracesHref = {
  search: () => pageHref(TRACES_PAGE_ID),
  trace: (traceId: string, spanId?: string | null) =>
    spanId ? pageHref(TRACES_PAGE_ID, traceId, spanId) : pageHref(TRACES_PAGE_ID, traceId),
};
