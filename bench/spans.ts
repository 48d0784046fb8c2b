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
 * - turn cost (measured first, while the database is small): µs per turn that tracing adds, by driving the host's turn observer
 *   (the hooks the runner calls) through the shape of a template turn, with its real prompts and
 *   completions, BENCH_SPANS_TURNS (10,000) times, as a script's turns (10% kept) and as UI turns (all kept).
 *
 * Other processes' CPU use during the measurements is shown ("other cores"); figures taken while the
 * machine is busy are low.
 */

import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_CONTEXT, type Span, type SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { NodeTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { Host, HostOptions } from '../src-main/engine/host';
import type { ObservedTurn, TurnObserver } from '../src-main/engine/orchestrator/turn-observer';
import type { TraceDetail, TraceSpan } from '../src-shared/domain/trace';
import { PHASES } from '../src-shared/domain/turn-configuration';
import { ENGINE_PATH, machineCpuSeconds, printTable, REPO_ROOT, removeDir, round, selfAndChildrenCpuSeconds, tempDataDir } from './lib';

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
const TURNS = envInt('BENCH_SPANS_TURNS', 10_000);

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

/** Cores used by other processes while `work` ran (null where /proc is unreadable). */
function withOtherCores<T>(work: () => T): { result: T; otherCores: number | null } {
  const machine = machineCpuSeconds();
  const self = selfAndChildrenCpuSeconds();
  const started = performance.now();
  const result = work();
  const wallS = (performance.now() - started) / 1000;
  const machineAfter = machineCpuSeconds();
  const selfAfter = selfAndChildrenCpuSeconds();
  if (machine === null || self === null || machineAfter === null || selfAfter === null) return { result, otherCores: null };
  return { result, otherCores: Math.max(0, machineAfter - machine - (selfAfter - self)) / wallS };
}

/** One turn's hooks as the runner calls them, in the shape of `template` (its phases, calls and texts). */
function observeTurn(observer: TurnObserver, template: TraceDetail, index: number, origin: string): void {
  const turn: ObservedTurn = {
    id: `bench-turn-${index}`,
    campaignId: 'ashfall-crossing',
    participants: 5,
    aiEnabled: true,
    origin,
    narrativeDepth: 'standard',
  };
  observer.turnStarted(turn);
  PHASES.forEach((phase, order) => {
    observer.phaseStarted?.(turn, phase, order + 1);
    const phaseSpan = template.spans.find((span) => span.name === `novel_engine.phase.${phase}`);
    const calls = template.spans.filter((span) => span.parentSpanId === phaseSpan?.spanId);
    const scopes = calls.map((call) =>
      observer.aiCallStarted?.(turn, {
        provider: 'simulated',
        model: 'sim-standard',
        phase,
        operation: call.name.slice('ai_gateway.'.length),
        agentId: typeof call.attributes['ai.agent'] === 'string' ? call.attributes['ai.agent'] : null,
        seed: String(call.attributes['ai.seed']),
        prompt: () => String(call.events[0]?.attributes['gen_ai.prompt']),
      }),
    );
    scopes.forEach((scope, at) => {
      const call = calls[at] as TraceSpan;
      scope?.ended({
        provider: 'simulated',
        model: 'sim-standard',
        phase,
        success: true,
        inputTokens: Number(call.attributes['gen_ai.usage.input_tokens']),
        outputTokens: Number(call.attributes['gen_ai.usage.output_tokens']),
        cost: Number(call.attributes['ai.cost']),
        completion: String(call.events[1]?.attributes['gen_ai.completion']),
        error: null,
      });
    });
    const result = {
      phase,
      status: 'succeeded' as const,
      durationMs: 0.2,
      eventsProcessed: 2,
      eventsGenerated: 1,
      aiCost: 0.001,
      tokensIn: 0,
      tokensOut: 0,
      error: null,
    };
    observer.phaseEnded(turn, result, []);
  });
  observer.turnEnded(turn, { status: 'completed', durationMs: 3, totalAiCost: 0.01, completion: 1 });
}

interface Phase {
  spans: number;
  traces: number;
  ms: number;
  /** CPU time of this process (all its threads) over the same work: less sensitive to other processes than wall time. */
  cpuMs: number;
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

    // First, on a small database (as a console's is most of the time): what tracing adds to a turn.
    const turnCost = (origin: string) => {
      for (let index = 0; index < 1000; index++)
        observeTurn(tracing.turnObserver, templates[index % templates.length] as TraceDetail, index, origin);
      void tracing.flush();
      const started = performance.now();
      for (let index = 0; index < TURNS; index++)
        observeTurn(tracing.turnObserver, templates[index % templates.length] as TraceDetail, index, origin);
      void tracing.flush();
      return ((performance.now() - started) * 1000) / TURNS;
    };
    const scriptTurnUs = turnCost('bench');
    const uiTurnUs = turnCost('ui');

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
      let cpuMs = 0;
      let slowest = Number.POSITIVE_INFINITY;
      for (let done = 0; done < TRACES; done += CHUNK) {
        collected = [];
        for (let index = 0; index < CHUNK; index++) replay(maker, templates[(done + index) % templates.length] as TraceDetail, origin);
        const batch = collected;
        const cpu = process.cpuUsage();
        const started = performance.now();
        for (const span of batch) tracing.sampler.onEnd(span);
        void tracing.flush();
        const elapsed = performance.now() - started;
        const used = process.cpuUsage(cpu);
        cpuMs += (used.user + used.system) / 1000;
        ms += elapsed;
        spans += batch.length;
        slowest = Math.min(slowest, batch.length / (elapsed / 1000));
      }
      return { spans, traces: TRACES, ms, cpuMs, slowestChunkSpansPerSecond: slowest };
    };

    const storedBefore = host.services.traces.count();
    const { result: kept, otherCores } = withOtherCores(() => ingest('ui'));
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
      `per CPU second of this process: ${round(kept.spans / (kept.cpuMs / 1000), 0)} spans/s all kept, ${round(sampled.spans / (sampled.cpuMs / 1000), 0)} offered spans/s at 10%`,
    );
    printTable(
      ['tracing cost per turn (turn observer, sampler, exporter)', 'µs'],
      [
        ['script turn (origin bench, 10% kept)', round(scriptTurnUs)],
        ['UI turn (always kept)', round(uiTurnUs)],
      ],
    );
    console.log(`other cores busy during the kept ingest: ${otherCores === null ? '-' : round(otherCores, 2)}`);
    console.log(
      `${round(spansPerTrace)} spans per trace (replayed from ${TEMPLATES} real turns), ${round(templateBytes / spansPerTrace, 0)} JSON bytes per span on the wire; ` +
        `database ${round(dbBytes / 1e6)} MB for ${storedSpans} stored spans (${round(dbBytes / storedSpans, 0)} bytes per span)`,
    );
    return {
      spansPerSecond: round(keptRate, 0),
      spansPerCpuSecond: round(kept.spans / (kept.cpuMs / 1000), 0),
      slowestChunkSpansPerSecond: round(kept.slowestChunkSpansPerSecond, 0),
      sampledOfferedSpansPerSecond: round(rate(sampled), 0),
      endToEndSpansPerSecond: round(rate(endToEnd), 0),
      spansPerTrace: round(spansPerTrace),
      bytesPerStoredSpan: round(dbBytes / storedSpans, 0),
      scriptTurnTracingUs: round(scriptTurnUs),
      uiTurnTracingUs: round(uiTurnUs),
      otherCores: otherCores === null ? -1 : round(otherCores, 2),
    };
  } finally {
    await host.close();
    removeDir(dataDir);
  }
}
