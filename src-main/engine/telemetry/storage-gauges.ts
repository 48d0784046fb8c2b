/**
 * Storage gauges on /metrics: the SQLite database's size (file + WAL), the number of series the metrics
 * history holds and the age of its oldest raw and rollup samples. Read at every scrape (and every
 * recorder snapshot) from MetricsHistory.stats(): a few pragma and primary-key reads, ~30 microseconds,
 * shared by the three gauges.
 */
import { Gauge, type Registry } from 'prom-client';
import type { HistoryStats, MetricsHistory } from './metrics-history';

/** The three gauges collect together at each scrape: one read serves them all. */
const SHARED_READ_MS = 50;

export function registerStorageGauges(registry: Registry, history: MetricsHistory): void {
  let last: { at: number; stats: HistoryStats } | null = null;
  const read = (): HistoryStats => {
    const at = performance.now();
    if (last === null || at - last.at > SHARED_READ_MS) last = { at, stats: history.stats() };
    return last.stats;
  };
  const registers = [registry];
  new Gauge({
    name: 'novel_engine_database_size_bytes',
    help: 'Size of the SQLite database file plus its write-ahead log',
    registers,
    collect() {
      const stats = read();
      this.set(stats.databaseBytes + stats.walBytes);
    },
  });
  new Gauge({
    name: 'novel_engine_metrics_history_series',
    help: 'Time series held by the metrics history',
    registers,
    collect() {
      this.set(read().seriesCount);
    },
  });
  new Gauge({
    name: 'novel_engine_metrics_history_oldest_sample_age_seconds',
    help: 'Age of the oldest sample the metrics history holds, raw and in 5-minute rollups',
    labelNames: ['resolution'] as const,
    registers,
    collect() {
      const stats = read();
      const now = history.now();
      if (stats.oldestRawMs !== null) this.set({ resolution: 'raw' }, Math.max(0, (now - stats.oldestRawMs) / 1000));
      if (stats.oldestRollupMs !== null) this.set({ resolution: 'rollup' }, Math.max(0, (now - stats.oldestRollupMs) / 1000));
    },
  });
}
