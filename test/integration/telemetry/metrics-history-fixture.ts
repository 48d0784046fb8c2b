/** A real SQLite database with the engine's migrations, a metrics history on a settable clock, and queries. */
import { join } from 'node:path';
import { type Db, openDatabase } from '../../../src-main/engine/db/database';
import { createMetricsHistory, type MetricsHistory, type MetricsHistoryOptions } from '../../../src-main/engine/telemetry/metrics-history';
import { createMetricsQuery, type MetricsQueryInput, type MetricsQueryOptions } from '../../../src-main/engine/telemetry/metrics-query';
import { MetricsQueryRequest } from '../../../src-shared/domain/metrics-query';
import { tempDataDir } from '../../fixtures/temp-data-dir';

/** 2026-01-01T00:00:00Z: a multiple of every step used in the tests. */
export const T0 = Date.UTC(2026, 0, 1);
export const S = 1000;

export interface HistoryFixture {
  db: Db;
  history: MetricsHistory;
  clock: { now: number };
  /** Parses like the contract would (defaults applied), then queries. */
  query(request: Record<string, unknown>): ReturnType<ReturnType<typeof createMetricsQuery>['query']>;
  close(): void;
}

export function historyFixture(
  options: Omit<MetricsHistoryOptions, 'now'> & { now?: number } = {},
  queryOptions: MetricsQueryOptions = {},
): HistoryFixture {
  const dir = tempDataDir('novel-console-metrics-');
  const { db } = openDatabase({ path: join(dir.dir, 'history.db') });
  const clock = { now: options.now ?? T0 + 86_400_000 };
  const history = createMetricsHistory(db, { ...options, now: () => clock.now });
  const service = createMetricsQuery(history, queryOptions);
  return {
    db,
    history,
    clock,
    query: (request) => service.query(MetricsQueryRequest.parse(request) as MetricsQueryInput),
    close() {
      db.close();
      dir.cleanup();
    },
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Points of the only series of a result. */
export function onlyPoints(result: { series: { points: [number, number | null][] }[] }): [number, number | null][] {
  if (result.series.length !== 1) throw new Error(`expected one series, got ${result.series.length}`);
  return result.series[0]?.points ?? [];
}
