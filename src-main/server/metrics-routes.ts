/**
 * `GET /metrics` for Prometheus (text exposition 0.0.4, or OpenMetrics 1.0.0 with trace_id exemplars when
 * the scraper's Accept header prefers it) and the http_* metrics of every request,
 * labelled by route template (never by raw URL, so label values stay bounded).
 */
import type { FastifyInstance } from 'fastify';
import { ContractError } from '../../src-shared/errors';
import { authorize, primaryRole } from '../../src-shared/rbac';
import type { Host } from '../engine/host';
import { EXEMPLAR_METRICS } from '../engine/telemetry/metrics';
import { OPENMETRICS_CONTENT_TYPE, toOpenMetrics, wantsOpenMetrics } from '../engine/telemetry/openmetrics';
import { prometheusText } from '../engine/telemetry/prometheus-text';
import { requireIdentity } from './authentication';

/**
 * How long one rendered exposition answers further scrapes. Rendering walks the whole registry (~1.5 ms
 * of CPU at default cardinality, more with many series), so a burst of scrapes — several Prometheus
 * servers, a dashboard and a load drill at once — would spend a core on it; within this window they share
 * one rendering (bench load: >= 5,000 scrapes/s). Prometheus scrapes every few seconds at the most, so a
 * quarter-second old value is as current as any scrape: each sample is what the registry held when the
 * rendering started. Any other request answered since then makes the next scrape render afresh, so a
 * client that acts (a turn, a refused token) and then scrapes always sees its action counted.
 */
export const EXPOSITION_REUSE_MS = 250;

/**
 * `render` at most once per `reuseMs` while `generation()` stays the same; callers within the window share
 * the same (pending or settled) result.
 */
export function reusedFor<T>(
  reuseMs: number,
  render: () => Promise<T>,
  now: () => number = performance.now.bind(performance),
  generation: () => number = () => 0,
) {
  let last: { at: number; generation: number; text: Promise<T> } | null = null;
  return (): Promise<T> => {
    const at = now();
    const current = generation();
    if (last === null || at - last.at >= reuseMs || last.generation !== current) {
      const text = render();
      const rendering = { at, generation: current, text };
      last = rendering;
      // A failed rendering is not kept: the next scrape tries again.
      text.catch(() => {
        if (last === rendering) last = null;
      });
    }
    return last.text;
  };
}

/**
 * `protect`: bound beyond loopback, the scrape needs a token with metrics.view (Prometheus sends it with
 * `authorization: { credentials: … }`); on 127.0.0.1 it stays open like any local exporter.
 */
export function registerMetricsRoutes(app: FastifyInstance, host: Host, protect: boolean): void {
  const metrics = host.services.metrics;
  // prom-client's own output, formatted without its per-sample cost (bench scrape, BENCHMARKS.md); kept
  // as bytes, so a reused exposition is not encoded again for every scrape.
  // Requests other than scrapes received so far: each may have moved a metric the next scrape must show.
  let answered = 0;
  const generation = () => answered;
  const clock = performance.now.bind(performance);
  const prometheus = reusedFor(EXPOSITION_REUSE_MS, async () => Buffer.from(await prometheusText(metrics.registry)), clock, generation);
  const openMetrics = reusedFor(
    EXPOSITION_REUSE_MS,
    async () => Buffer.from(toOpenMetrics(await prometheusText(metrics.registry), metrics.exemplars, EXEMPLAR_METRICS)),
    clock,
    generation,
  );
  // Counted as each request arrives, so whatever it changes is after the count a later scrape compares.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.url !== '/metrics') answered++;
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, endpoint: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', async (request, reply) => {
    if (protect) {
      const identity = requireIdentity(request, host);
      if (!authorize(identity, 'metrics.view')) {
        metrics.authorizationFailures.inc({ permission: 'metrics.view', user_role: primaryRole(identity) });
        throw new ContractError('forbidden', '/metrics requires the metrics.view permission');
      }
    }
    if (wantsOpenMetrics(request.headers.accept)) {
      reply.type(OPENMETRICS_CONTENT_TYPE);
      return openMetrics();
    }
    reply.type(metrics.registry.contentType);
    return prometheus();
  });
}
