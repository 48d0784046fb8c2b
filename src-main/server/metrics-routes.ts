/**
 * `GET /metrics` for Prometheus (text exposition 0.0.4) and the http_* metrics of every request,
 * labelled by route template (never by raw URL, so label values stay bounded).
 */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../engine/telemetry/metrics';

export function registerMetricsRoutes(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, endpoint: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
