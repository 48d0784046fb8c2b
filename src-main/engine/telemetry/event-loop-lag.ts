/**
 * Event-loop delay gauges with the names prom-client's default metrics use
 * (nodejs_eventloop_lag_seconds and nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds), read
 * from fixed windows.
 *
 * prom-client resets its delay histogram on every collect, so each reader — a Prometheus scrape, the
 * metrics recorder, a dashboard's live query — sees only the time since whichever read came last, and
 * the first read after start sees an empty window (a p99 of half a microsecond). Here the histogram is
 * rotated on a timer instead: every reader gets the statistics of the last complete window (or of the
 * current one until the first window closes), and reading never changes them.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

const STATISTICS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'] as const;
type Statistic = (typeof STATISTICS)[number];

const HELP: Record<Statistic, string> = {
  min: 'The minimum recorded event loop delay, over the last complete window.',
  max: 'The maximum recorded event loop delay, over the last complete window.',
  mean: 'The mean of the recorded event loop delays, over the last complete window.',
  stddev: 'The standard deviation of the recorded event loop delays, over the last complete window.',
  p50: 'The 50th percentile of the recorded event loop delays, over the last complete window.',
  p90: 'The 90th percentile of the recorded event loop delays, over the last complete window.',
  p99: 'The 99th percentile of the recorded event loop delays, over the last complete window.',
};

export const EVENT_LOOP_LAG_METRICS = STATISTICS.map((statistic) => `nodejs_eventloop_lag_${statistic}_seconds`);
const LAG_METRIC = 'nodejs_eventloop_lag_seconds';

export interface EventLoopLagOptions {
  /** Length of a window; default 10 s. */
  windowMs?: number;
  /** Sampling resolution of the delay monitor; default 10 ms (prom-client's). */
  resolutionMs?: number;
}

/** Replaces prom-client's reset-on-read event-loop gauges in `registry`; returns the function that stops them. */
export function registerEventLoopLag(registry: Registry, options: EventLoopLagOptions = {}): () => void {
  const histogram = monitorEventLoopDelay({ resolution: options.resolutionMs ?? 10 });
  histogram.enable();
  let last: Record<Statistic, number> | null = null;
  const read = (): Record<Statistic, number> => ({
    min: histogram.min / 1e9,
    max: histogram.max / 1e9,
    mean: histogram.mean / 1e9,
    stddev: histogram.stddev / 1e9,
    p50: histogram.percentile(50) / 1e9,
    p90: histogram.percentile(90) / 1e9,
    p99: histogram.percentile(99) / 1e9,
  });
  // Until the first window closes, readers get the open window's statistics, worked out at most once a
  // second: the histogram's stddev walks all its buckets (~0.5 ms), too much for each gauge of each scrape.
  let open: { at: number; stats: Record<Statistic, number> } | null = null;
  const current = (): Record<Statistic, number> | null => {
    if (histogram.count === 0) return null;
    const now = Date.now();
    if (open === null || now - open.at >= 1_000) open = { at: now, stats: read() };
    return open.stats;
  };
  const rotate = setInterval(() => {
    // A window in which the loop never got to sample holds no delay to report: keep the previous one.
    if (histogram.count > 0) last = read();
    histogram.reset();
  }, options.windowMs ?? 10_000);
  rotate.unref();

  for (const statistic of STATISTICS) {
    const name = `nodejs_eventloop_lag_${statistic}_seconds`;
    registry.removeSingleMetric(name);
    new Gauge({
      name,
      help: HELP[statistic],
      registers: [registry],
      collect() {
        // Before the loop has been sampled at all (the recorder's baseline at start), there is no delay to
        // report: NaN, which the history skips, rather than a 0 that a dashboard would show as real.
        const stats = last ?? current();
        this.set(stats ? stats[statistic] : Number.NaN);
      },
    });
  }
  // prom-client's plain lag gauge schedules a setImmediate and reports how late it ran, so every scrape
  // waited a turn of the event loop for it (~0.35 ms here, most of a default scrape). The same name now
  // reads the window's mean delay: a lag measured continuously, and no wait.
  registry.removeSingleMetric(LAG_METRIC);
  new Gauge({
    name: LAG_METRIC,
    help: 'Lag of the event loop in seconds: the mean event loop delay over the last complete window.',
    registers: [registry],
    collect() {
      const stats = last ?? current();
      this.set(stats ? stats.mean : Number.NaN);
    },
  });
  return () => {
    clearInterval(rotate);
    histogram.disable();
  };
}
