/**
 * Process vitals for `system.tick` and `/health/detailed`: memory and event-loop lag (from Node's
 * event-loop delay histogram, reset at every sample so each tick reports its own interval).
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { SystemTick } from '../../../src-shared/contract';

export interface RuntimeMonitor {
  sample(): SystemTick;
  /** Lag of the interval so far, without resetting it. */
  lag(): SystemTick['eventLoopLagMs'];
  close(): void;
}

const NS_PER_MS = 1e6;
const RESOLUTION_MS = 10;

export function createRuntimeMonitor(startedAtMs: number): RuntimeMonitor {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();

  function lag(): SystemTick['eventLoopLagMs'] {
    // Before the first resolution interval elapses the histogram is empty (NaN mean, huge min).
    if (histogram.count === 0) return { mean: 0, p99: 0, max: 0 };
    return {
      mean: lagOf(histogram.mean),
      p99: lagOf(histogram.percentile(99)),
      max: lagOf(histogram.max),
    };
  }

  return {
    sample() {
      const memory = process.memoryUsage();
      const tick: SystemTick = {
        at: new Date().toISOString(),
        uptimeSeconds: round((Date.now() - startedAtMs) / 1000),
        memory: {
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          heapTotalBytes: memory.heapTotal,
          externalBytes: memory.external,
        },
        eventLoopLagMs: lag(),
      };
      histogram.reset();
      return tick;
    },
    lag,
    close() {
      histogram.disable();
    },
  };
}

/** The histogram records the whole timer period; the lag is what exceeds the sampling resolution. */
function lagOf(delayNs: number): number {
  return round(Math.max(0, delayNs / NS_PER_MS - RESOLUTION_MS));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
