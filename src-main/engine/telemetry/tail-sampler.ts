/**
 * Tail sampling (SPEC section 3): a SpanProcessor that holds each trace's spans until its local root
 * ends, then keeps or drops the whole trace. Kept: every trace with an error or slower than 10 s, every
 * turn started from the console UI, half of the costly ones (turn.total_cost > 1.0) and a tenth of the
 * rest; the halves and tenths are decided from the trace id alone, so the same trace is always decided
 * the same way. Buffers are bounded (pending traces, spans per trace, age); every span that does not
 * reach the store is counted with its reason.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { KeptReason } from '../../../src-shared/domain/trace';

export interface SamplingPolicy {
  /** A trace whose root lasts longer than this is kept (reason slow). */
  slowMs: number;
  /** Above this turn.total_cost (dollars) a trace is costly. */
  costlyAbove: number;
  costlyRatio: number;
  /** Share kept of the traces no rule above keeps. */
  baseRatio: number;
}

export const DEFAULT_SAMPLING_POLICY: SamplingPolicy = { slowMs: 10_000, costlyAbove: 1.0, costlyRatio: 0.5, baseRatio: 0.1 };

/** What the decision looks at, taken from a finished trace. */
export interface TraceFacts {
  traceId: string;
  hasError: boolean;
  rootDurationMs: number;
  /** turn.origin of the root ('ui' for turns started from the console), if any. */
  origin: string | undefined;
  /** turn.total_cost of the root, if any. */
  totalCost: number | undefined;
}

/**
 * A trace id mapped to [0, 1): FNV-1a over its hex digits, so ids that are not uniformly random (a
 * propagated id, a test's counter) still spread evenly.
 */
export function traceIdFraction(traceId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < traceId.length; index++) {
    hash ^= traceId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  // A final avalanche (murmur3's fmix32): FNV's low bits alone mix poorly over short alphabets.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 0x1_0000_0000;
}

/** Why the trace is kept, or null to drop it. Pure: the same facts always give the same answer. */
export function decideTrace(facts: TraceFacts, policy: SamplingPolicy = DEFAULT_SAMPLING_POLICY): KeptReason | null {
  if (facts.hasError) return 'error';
  if (facts.rootDurationMs > policy.slowMs) return 'slow';
  if (facts.origin === 'ui') return 'ui';
  const fraction = traceIdFraction(facts.traceId);
  if (facts.totalCost !== undefined && facts.totalCost > policy.costlyAbove) return fraction < policy.costlyRatio ? 'costly' : null;
  return fraction < policy.baseRatio ? 'sampled' : null;
}

/** Why spans were not kept (bounded label values of novel_console_spans_dropped_total). */
export type DropReason = 'sampled_out' | 'evicted' | 'stale' | 'trace_too_large' | 'late' | 'unfinished' | 'store_failed' | 'otlp_failed';

export interface SpanCounters {
  kept(reason: KeptReason, spans: number): void;
  dropped(reason: DropReason, spans: number): void;
}

export interface TailSamplerOptions {
  /** Receives each kept trace, local root last. */
  onKept(spans: ReadableSpan[], reason: KeptReason): void;
  counters: SpanCounters;
  policy?: SamplingPolicy;
  /** Traces buffered at once; beyond it the oldest pending trace is evicted. */
  maxPendingTraces?: number;
  /** Spans buffered per trace; later spans of that trace are dropped. */
  maxSpansPerTrace?: number;
  /** A pending trace with no new span for this long is dropped (its root never ended). */
  staleTraceMs?: number;
  /** Remembered decided traces, so spans ending after their root are counted as late. */
  rememberDecided?: number;
  now?: () => number;
}

interface PendingTrace {
  spans: ReadableSpan[];
  hasError: boolean;
  /** Spans refused for the per-trace limit (counted when the trace is decided or dropped). */
  overflow: number;
  lastSeenMs: number;
}

function hrMs(time: [number, number]): number {
  return time[0] * 1000 + time[1] / 1e6;
}

export class TailSamplingProcessor implements SpanProcessor {
  private readonly pending = new Map<string, PendingTrace>();
  private readonly decided = new Map<string, true>();
  private readonly policy: SamplingPolicy;
  private readonly maxPendingTraces: number;
  private readonly maxSpansPerTrace: number;
  private readonly staleTraceMs: number;
  private readonly rememberDecided: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: TailSamplerOptions) {
    this.policy = options.policy ?? DEFAULT_SAMPLING_POLICY;
    this.maxPendingTraces = options.maxPendingTraces ?? 4096;
    this.maxSpansPerTrace = options.maxSpansPerTrace ?? 20_000;
    this.staleTraceMs = options.staleTraceMs ?? 15 * 60_000;
    this.rememberDecided = options.rememberDecided ?? 4096;
    this.now = options.now ?? Date.now;
    if (this.staleTraceMs > 0 && this.staleTraceMs < Number.POSITIVE_INFINITY) {
      this.sweeper = setInterval(() => this.sweep(), Math.max(1000, this.staleTraceMs / 4));
      this.sweeper.unref();
    }
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    const parent = span.parentSpanContext;
    const isLocalRoot = parent === undefined || parent.isRemote === true;
    const isError = span.status.code === SpanStatusCode.ERROR;
    let trace = this.pending.get(traceId);
    if (trace === undefined) {
      if (this.decided.has(traceId)) {
        this.options.counters.dropped('late', 1);
        return;
      }
      if (isLocalRoot) {
        // A trace of one span (an API call): decided at once, never buffered.
        this.decide(traceId, [span], isError, 0);
        return;
      }
      if (this.pending.size >= this.maxPendingTraces) this.evictOldest();
      trace = { spans: [], hasError: false, overflow: 0, lastSeenMs: 0 };
      this.pending.set(traceId, trace);
    }
    trace.lastSeenMs = this.now();
    trace.hasError ||= isError;
    if (trace.spans.length < this.maxSpansPerTrace || isLocalRoot) trace.spans.push(span);
    else trace.overflow += 1;
    if (isLocalRoot) {
      this.pending.delete(traceId);
      this.decide(traceId, trace.spans, trace.hasError, trace.overflow);
    }
  }

  private decide(traceId: string, spans: ReadableSpan[], hasError: boolean, overflow: number): void {
    const root = spans[spans.length - 1] as ReadableSpan;
    const origin = root.attributes['turn.origin'];
    const totalCost = root.attributes['turn.total_cost'];
    const reason = decideTrace(
      {
        traceId,
        hasError,
        rootDurationMs: hrMs(root.duration),
        origin: typeof origin === 'string' ? origin : undefined,
        totalCost: typeof totalCost === 'number' ? totalCost : undefined,
      },
      this.policy,
    );
    if (this.rememberDecided > 0 && spans.length > 1) {
      this.decided.set(traceId, true);
      if (this.decided.size > this.rememberDecided) this.decided.delete(this.decided.keys().next().value as string);
    }
    if (overflow > 0) this.options.counters.dropped('trace_too_large', overflow);
    if (reason === null) {
      this.options.counters.dropped('sampled_out', spans.length);
      return;
    }
    this.options.counters.kept(reason, spans.length);
    this.options.onKept(spans, reason);
  }

  private evictOldest(): void {
    const oldest = this.pending.keys().next();
    if (oldest.done) return;
    const trace = this.pending.get(oldest.value) as PendingTrace;
    this.pending.delete(oldest.value);
    this.options.counters.dropped('evicted', trace.spans.length + trace.overflow);
  }

  /** Drops traces whose root has not ended and that saw no span for staleTraceMs. */
  sweep(): void {
    const cutoff = this.now() - this.staleTraceMs;
    for (const [traceId, trace] of this.pending) {
      if (trace.lastSeenMs > cutoff) continue;
      this.pending.delete(traceId);
      this.options.counters.dropped('stale', trace.spans.length + trace.overflow);
    }
  }

  /** Traces waiting for their root. */
  pendingTraces(): number {
    return this.pending.size;
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const trace of this.pending.values()) this.options.counters.dropped('unfinished', trace.spans.length + trace.overflow);
    this.pending.clear();
  }
}
