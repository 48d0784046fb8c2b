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
 * `protect`: bound beyond loopback, the scrape needs a token with metrics.view (Prometheus sends it with
 * `authorization: { credentials: … }`); on 127.0.0.1 it stays open like any local exporter.
 */
export function registerMetricsRoutes(app: FastifyInstance, host: Host, protect: boolean): void {
  const metrics = host.services.metrics;
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
    // prom-client's own output, formatted without its per-sample cost (bench scrape, BENCHMARKS.md).
    const text = await prometheusText(metrics.registry);
    if (wantsOpenMetrics(request.headers.accept)) {
      reply.type(OPENMETRICS_CONTENT_TYPE);
      return toOpenMetrics(text, metrics.exemplars, EXEMPLAR_METRICS);
    }
    reply.type(metrics.registry.contentType);
    return text;
  });
}
