/**
 * spans: span ingestion into SQLite (issue 4), on the built engine (out/main/engine.js) with a real
 * data dir. The traces are shaped like real turns: BENCH_SPANS_TEMPLATES (20) turns run first on the
 * simulated provider (5 participants, origin ui) and their stored traces — root, five phases, brief and
 * narrative calls with their GenAI prompt and completion events — are replayed with new trace ids.
 *
 * - ingest: real SDK spans (made beforehand, untimed, by a provider that only collects them) fed to the
 *   host's tail sampler, which keeps them all (turn.origin ui), then the SQLite exporter: encode, queue,
 *   synchronous transactions. Timed: everything from the sampler's onEnd to the rows committed, over
 *   BENCH_SPANS_TRACES (40,000) traces in chunks of 2,000. Target >= 250,000 spans/s; the slowest chunk
 *   is reported as the sustained floor.
 * - end to end: the same traces made through the host's own tracer (span creation, attributes, events
 *   and ending included) — what tracing costs the code that makes spans, not the figure's target.
 * - sampled: ingest with origin "bench" (10% kept): the rate at which offered spans are absorbed.
 */

import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_CONTEXT, type Span, type SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { NodeTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { Host, HostOptions } from '../src-main/engine/host';
import type { TraceDetail, TraceSpan } from '../src-shared/domain/trace';
import { ENGINE_PATH, printTable, REPO_ROOT, removeDir, round, tempDataDir } from './lib';

export const name = 'spans';
export const description = 'span ingestion: turn-shaped traces through the tail sampler and SQLite exporter (target >= 250,000 spans/s)';

const TARGET_SPANS_PER_SECOND = 250_000;
const envInt = (key: string, fallback: number): number => {
  const value = Number((process.env[key] ?? '').replace(/_/g, '') || fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${key} must be a positive integer`);
  return value;
};
const TEMPLATES = envInt('BENCH_SPANS_TEMPLATES', 20);
const TRACES = envInt('BENCH_SPANS_TRACES', 40_000);
const CHUNK = 2_000;

/** Parents before children, as the spans were started. */
function startOrder(spans: readonly TraceSpan[]): TraceSpan[] {
  return [...spans].sort((a, b) => a.startMs - b.startMs || (a.parentSpanId === null ? -1 : 1));
}

/** Makes one trace like `template` with `tracer`: same names, attributes, events and statuses; root ends last. */
function replay(tracer: Tracer, template: TraceDetail, origin: string): number {
  const made = new Map<string, Span>();
  let root: Span | undefined;
  for (const span of startOrder(template.spans)) {
    const parent = span.parentSpanId ? made.get(span.parentSpanId) : undefined;
    const attributes = span.parentSpanId === null ? { ...span.attributes, 'turn.origin': origin } : span.attributes;
    const created = tracer.startSpan(span.name, { attributes }, parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT);
    for (const event of span.events) created.addEvent(event.name, event.attributes);
    if (span.status === 'error') created.setStatus({ code: 2 as SpanStatusCode, message: span.statusMessage ?? '' });
    made.set(span.spanId, created);
    if (span.parentSpanId === null) root = created;
  }
  for (const span of made.values()) if (span !== root) span.end();
  root?.end();
  return made.size;
}

interface Phase {
  spans: number;
  traces: number;
  ms: number;
  slowestChunkSpansPerSecond: number;
}

export async function run(): Promise<Record<string, number>> {
  if (!existsSync(ENGINE_PATH)) throw new Error(`${relative(REPO_ROOT, ENGINE_PATH)} is missing: run npm run build first`);
  const { createHost } = (await import(pathToFileURL(ENGINE_PATH).href)) as { createHost: (options: HostOptions) => Host };
  const dataDir = tempDataDir('spans');
  const host = createHost({
    dataDir,
    face: 'cli',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: { recorder: { enabled: false } },
  });
  try {
    const tracing = host.services.tracing;
    if (!tracing) throw new Error('tracing is off in the benchmark host');
    const demo = host.services.campaigns.get('ashfall-crossing');
    if (!demo) throw new Error('the demo campaign is missing');
    const participants = demo.world.agents.slice(0, 5).map((agent) => agent.id);
    const templates: TraceDetail[] = [];
    for (let index = 0; index < TEMPLATES; index++) {
      const { turnId, done } = host.services.runner.start({
        campaignId: demo.id,
        participants,
        configuration: { seed: 1000 + index },
        origin: 'ui',
        startedBy: 'bench',
      });
      await done;
      await tracing.flush();
      const [summary] = host.services.traces.search({ turnId, limit: 1, offset: 0 }).traces;
      const detail = summary ? host.services.traces.get(summary.traceId) : null;
      if (!detail) throw new Error(`the trace of template turn ${turnId} was not kept`);
      templates.push(detail);
    }
    const spansPerTrace = templates.reduce((sum, t) => sum + t.spans.length, 0) / templates.length;
    const templateBytes = templates.reduce((sum, t) => sum + JSON.stringify(t.spans).length, 0) / templates.length;

    // A provider that only collects ended spans: real SDK ReadableSpans, made outside the timed part.
    let collected: ReadableSpan[] = [];
    const collector: SpanProcessor = {
      onStart() {},
      onEnd(span) {
        collected.push(span);
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const maker = new NodeTracerProvider({ spanProcessors: [collector] }).getTracer('bench');

    const ingest = (origin: string): Phase => {
      let spans = 0;
      let ms = 0;
      let slowest = Number.POSITIVE_INFINITY;
      for (let done = 0; done < TRACES; done += CHUNK) {
        collected = [];
        for (let index = 0; index < CHUNK; index++) replay(maker, templates[(done + index) % templates.length] as TraceDetail, origin);
        const batch = collected;
        const started = performance.now();
        for (const span of batch) tracing.sampler.onEnd(span);
        void tracing.flush();
        const elapsed = performance.now() - started;
        ms += elapsed;
        spans += batch.length;
        slowest = Math.min(slowest, batch.length / (elapsed / 1000));
      }
      return { spans, traces: TRACES, ms, slowestChunkSpansPerSecond: slowest };
    };

    const storedBefore = host.services.traces.count();
    const kept = ingest('ui');
    const storedAfterKept = host.services.traces.count();
    if (storedAfterKept - storedBefore !== TRACES) throw new Error(`stored ${storedAfterKept - storedBefore} of ${TRACES} kept traces`);
    const sampled = ingest('bench');

    const endToEnd = (() => {
      let spans = 0;
      const started = performance.now();
      for (let index = 0; index < TRACES / 4; index++)
        spans += replay(tracing.tracer, templates[index % templates.length] as TraceDetail, 'ui');
      void tracing.flush();
      return { spans, ms: performance.now() - started };
    })();

    const walBytes = existsSync(`${host.databasePath}-wal`) ? statSync(`${host.databasePath}-wal`).size : 0;
    const dbBytes = statSync(host.databasePath).size + walBytes;
    const storedSpans = (host.db.prepare('SELECT sum(span_count) AS n FROM traces').get() as { n: number }).n;
    const rate = (phase: { spans: number; ms: number }) => phase.spans / (phase.ms / 1000);
    const keptRate = rate(kept);
    printTable(
      ['measure', 'spans', 'ms', 'spans/s', 'slowest chunk spans/s', 'target', 'met'],
      [
        [
          'ingest, all kept (sampler + exporter + SQLite)',
          kept.spans,
          round(kept.ms, 0),
          round(keptRate, 0),
          round(kept.slowestChunkSpansPerSecond, 0),
          `>= ${TARGET_SPANS_PER_SECOND}`,
          kept.slowestChunkSpansPerSecond >= TARGET_SPANS_PER_SECOND ? 'yes' : 'NO',
        ],
        [
          'ingest, 10% sampled (offered spans)',
          sampled.spans,
          round(sampled.ms, 0),
          round(rate(sampled), 0),
          round(sampled.slowestChunkSpansPerSecond, 0),
          '',
          '',
        ],
        ['end to end incl. SDK span creation, all kept', endToEnd.spans, round(endToEnd.ms, 0), round(rate(endToEnd), 0), '', '', ''],
      ],
    );
    console.log(
      `${round(spansPerTrace)} spans per trace (replayed from ${TEMPLATES} real turns), ${round(templateBytes / spansPerTrace, 0)} JSON bytes per span on the wire; ` +
        `database ${round(dbBytes / 1e6)} MB for ${storedSpans} stored spans (${round(dbBytes / storedSpans, 0)} bytes per span)`,
    );
    return {
      spansPerSecond: round(keptRate, 0),
      slowestChunkSpansPerSecond: round(kept.slowestChunkSpansPerSecond, 0),
      sampledOfferedSpansPerSecond: round(rate(sampled), 0),
      endToEndSpansPerSecond: round(rate(endToEnd), 0),
      spansPerTrace: round(spansPerTrace),
      bytesPerStoredSpan: round(dbBytes / storedSpans, 0),
    };
  } finally {
    await host.close();
    removeDir(dataDir);
  }
}
