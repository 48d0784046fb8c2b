/**
 * The sample recorder (SPEC section 2): every interval (default 15 s) it snapshots the engine's one
 * prom-client registry into the metrics history and reports the snapshot (the host publishes it as
 * `metrics.tick`); whenever a 5-minute bucket has completed it runs the rollup and retention job, in
 * steps that leave the event loop free between them.
 * A snapshot still being written when the next one is due makes that one skip, never pile up.
 */
import type { Registry } from 'prom-client';
import type { MetricsTick } from '../../../src-shared/domain/metrics-query';
import type { Logger } from '../logger';
import { type MetricsHistory, ROLLUP_BUCKET_MS } from './metrics-history';

export const DEFAULT_RECORDER_INTERVAL_MS = 15_000;

export interface MetricsRecorderOptions {
  history: MetricsHistory;
  registry: Registry;
  intervalMs?: number;
  logger: Logger;
  onSnapshot?: (tick: MetricsTick, snapshotMs: number) => void;
}

export interface MetricsRecorder {
  readonly intervalMs: number;
  start(): void;
  /** Stops the timer and waits for a snapshot in progress. */
  stop(): Promise<void>;
  /** One snapshot now (also what the timer calls); null when one is already in progress. */
  snapshot(): Promise<MetricsTick | null>;
}

export function createMetricsRecorder(options: MetricsRecorderOptions): MetricsRecorder {
  const { history, registry, logger } = options;
  const intervalMs = Math.max(100, Math.trunc(options.intervalMs ?? DEFAULT_RECORDER_INTERVAL_MS));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<MetricsTick | null> | null = null;
  // -1: the first snapshot also catches up on the rollups and retention a stopped console left behind.
  let maintainedBucket = -1;

  async function takeSnapshot(): Promise<MetricsTick | null> {
    const atMs = history.now();
    const began = performance.now();
    const written = await history.snapshotRegistry(registry, atMs);
    const snapshotMs = performance.now() - began;
    const bucket = Math.floor(atMs / ROLLUP_BUCKET_MS);
    const tick: MetricsTick = { at: new Date(atMs).toISOString(), ...written };
    options.onSnapshot?.(tick, snapshotMs);
    if (bucket > maintainedBucket) {
      maintainedBucket = bucket;
      // One short transaction per step (a slice of series), the event loop free in between: at 10,000
      // series moving and rolling up a bucket at once blocked it for ~0.5 s (BENCHMARKS.md).
      const steps = history.maintenanceSteps(atMs);
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) {
          logger.debug({ ...step.value }, 'metrics history rolled up and trimmed');
          break;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return tick;
  }

  function snapshot(): Promise<MetricsTick | null> {
    if (running) return Promise.resolve(null);
    running = takeSnapshot()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'metrics snapshot failed');
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    intervalMs,
    start() {
      if (timer) return;
      // A baseline at once: a counter that moves before the first interval still shows its increase.
      void snapshot();
      timer = setInterval(() => void snapshot(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running;
    },
    snapshot,
  };
}
