/**
 * The host's tracing (SPEC section 3): a NodeTracerProvider owned by one host — never registered as the
 * global provider, since several hosts may share a process — whose only span processor is the tail
 * sampler; kept traces go to SQLite and, when an endpoint is configured, over OTLP/HTTP with the official
 * exporter. Also the spans of API calls (`api.<channel>`) for rpc.ts.
 */
import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { ExportResultCode, hrTime } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { ContractError } from '../../../src-shared/errors';
import type { Logger } from '../logger';
import type { TurnObserver } from '../orchestrator/turn-observer';
import type { RpcCallTrace, RpcTracer } from '../rpc';
import { currentTraceScope, runInTraceScope } from './log-context';
import { bound, type Metrics } from './metrics';
import { createSqliteTraceExporter, type SqliteTraceExporter } from './sqlite-trace-exporter';
import { type SamplingPolicy, type SpanCounters, TailSamplingProcessor } from './tail-sampler';
import type { TraceStore } from './trace-store';
import { turnTracingObserver } from './turn-tracing';

export interface TracingOptions {
  store: TraceStore;
  metrics: Metrics;
  logger: Logger;
  /** Also send kept spans to this OTLP/HTTP traces URL (e.g. http://127.0.0.1:4318/v1/traces). */
  otlpEndpoint?: string | undefined;
  policy?: SamplingPolicy;
  serviceVersion?: string;
  sampler?: { maxPendingTraces?: number; maxSpansPerTrace?: number; staleTraceMs?: number };
  exporter?: { maxQueueSpans?: number; flushIntervalMs?: number };
}

/** Prom-client children bound once per label value: counting a span costs an add, not a label lookup. */
function metricCounters(metrics: Metrics): SpanCounters {
  const kept = bound((reason) => metrics.spansKept.labels({ reason }));
  const dropped = bound((reason) => metrics.spansDropped.labels({ reason }));
  return {
    kept: (reason, spans) => kept(reason).inc(spans),
    dropped: (reason, spans) => dropped(reason).inc(spans),
  };
}

/**
 * Kept spans to an OTLP endpoint in batches of up to 512 spans (or each second). The exporter's own
 * limit on concurrent requests and any failed request are counted as `otlp_failed`; the SQLite copy of
 * those traces is unaffected.
 */
function createOtlpForwarder(url: string, counters: SpanCounters, logger: Logger) {
  // Loaded only when an endpoint is configured: the exporter and its protobuf code cost ~50 ms of startup.
  let exporter: import('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter | undefined;
  const loading = import('@opentelemetry/exporter-trace-otlp-http').then(({ OTLPTraceExporter }) => {
    exporter = new OTLPTraceExporter({ url, timeoutMillis: 10_000 });
    return exporter;
  });
  let batch: ReadableSpan[] = [];
  let lastFailureLogged = 0;
  const send = () => {
    if (batch.length === 0 || !exporter) return;
    const spans = batch;
    batch = [];
    exporter.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) return;
      counters.dropped('otlp_failed', spans.length);
      if (Date.now() - lastFailureLogged > 60_000) {
        lastFailureLogged = Date.now();
        logger.warn({ err: result.error, url, spans: spans.length }, 'OTLP trace export failed; the traces stay in the console');
      }
    });
  };
  const timer = setInterval(send, 1000);
  timer.unref();
  return {
    add(spans: readonly ReadableSpan[]) {
      for (const span of spans) batch.push(span);
      if (batch.length >= 512) send();
    },
    async flush() {
      await loading;
      send();
      await exporter?.forceFlush();
    },
    async close() {
      clearInterval(timer);
      await loading;
      send();
      await exporter?.shutdown();
    },
  };
}

function rpcTracerOf(tracer: Tracer): RpcTracer {
  return {
    start(channel, identity): RpcCallTrace {
      const span: Span = tracer.startSpan(
        `api.${channel}`,
        {
          kind: SpanKind.SERVER,
          startTime: hrTime(),
          attributes: { 'rpc.method': channel, 'user.id': identity.userId, 'user.role': identity.roles.join(',') },
        },
        ROOT_CONTEXT,
      );
      return {
        traceId: span.spanContext().traceId,
        authorized(permission, granted) {
          span.setAttributes({ 'authz.permission': permission ?? 'none', 'authz.granted': granted });
        },
        run: (work) => {
          const { traceId, spanId, traceFlags } = span.spanContext();
          return runInTraceScope({ traceId, spanId, traceFlags }, work);
        },
        end(error) {
          if (error !== undefined) {
            const err = error instanceof Error ? error : new Error(String(error));
            if (err instanceof ContractError) span.setAttribute('error.type', err.code);
            span.recordException(err, hrTime());
            span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
          }
          span.end(hrTime());
        },
      };
    },
    unauthenticated(route, reason) {
      const now = hrTime();
      const span = tracer.startSpan(
        `api.${route}`,
        { kind: SpanKind.SERVER, startTime: now, attributes: { 'authn.failure': reason, 'authz.granted': false } },
        ROOT_CONTEXT,
      );
      span.setStatus({ code: SpanStatusCode.ERROR, message: `unauthenticated: ${reason}` });
      span.end(now);
    },
  };
}

export function createTracing(options: TracingOptions) {
  const counters = metricCounters(options.metrics);
  const sqlite: SqliteTraceExporter = createSqliteTraceExporter({
    store: options.store,
    counters,
    logger: options.logger,
    ...options.exporter,
  });
  const otlp = options.otlpEndpoint ? createOtlpForwarder(options.otlpEndpoint, counters, options.logger) : null;
  const sampler = new TailSamplingProcessor({
    counters,
    ...(options.policy ? { policy: options.policy } : {}),
    ...options.sampler,
    onKept(spans, reason) {
      sqlite.add(spans, reason);
      otlp?.add(spans);
    },
  });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'novel-console', 'service.version': options.serviceVersion ?? 'dev' }),
    spanProcessors: [sampler],
    // Prompts and completions are span events: bound them so one runaway text cannot bloat a trace.
    spanLimits: { attributeValueLengthLimit: 32_768, eventCountLimit: 128 },
  });
  const tracer = provider.getTracer('novel-console');

  return {
    tracer,
    sampler,
    // A turn started during an API call links to the call's span (the scope it starts in).
    turnObserver: turnTracingObserver(tracer, currentTraceScope) as TurnObserver,
    rpcTracer: rpcTracerOf(tracer),
    /** Writes every kept trace still queued (and sends them over OTLP) now. */
    async flush(): Promise<void> {
      sqlite.flush();
      await otlp?.flush();
    },
    /** Ends tracing: unfinished traces are counted as dropped, kept ones are written. Call before closing the db. */
    async close(): Promise<void> {
      await provider.shutdown();
      sqlite.close();
      await otlp?.close();
    },
  };
}

export type Tracing = ReturnType<typeof createTracing>;
