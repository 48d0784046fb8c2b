/**
 * The metrics history in SQLite (SPEC section 2, migration 004): snapshots of the prom-client registry as
 * narrow sample rows, 5-minute rollups, retention. Queries live in metrics-query.ts, the timer in
 * metrics-recorder.ts.
 *
 * Stable API (other services and the dashboards' seeding code rely on it):
 *
 *   const history = createMetricsHistory(db, { rawRetentionMs, rollupRetentionMs, now });
 *   history.appendSnapshot(atMs, samples)     // one snapshot in one transaction -> { seriesCount, samplesWritten }
 *   await history.snapshotRegistry(registry, atMs)   // the same from a prom-client Registry
 *   history.maintain(nowMs?)                  // rollup of complete 5-minute buckets, then retention
 *   history.rollup(nowMs?) / history.applyRetention(nowMs?)   // the two halves, on demand
 *   history.maintenanceSteps(nowMs?)          // maintain() as a generator of short transactions
 *   history.stats()                           // sizes and ages for the storage gauges
 *
 * A sample is { name, metric?, type, labels?, value }: `name` is the exposed sample name (for a histogram
 * `<metric>_bucket` with labels.le, `<metric>_sum`, `<metric>_count`), `metric` the family name (default
 * `name`), `type` the family's type. Seeding 7 days = calling appendSnapshot once per 15 s with ascending
 * atMs, then maintain() so long ranges are answered from rollups. Appending before the rollup watermark
 * is allowed: the rollups from that bucket on are dropped and rebuilt by the next rollup.
 *
 * Storage: a snapshot is appended to `metric_samples_head` (keyed by time: an append at the end of one
 * B-tree). Maintenance moves a finished 5-minute bucket into `metric_samples` (keyed by series, then
 * time, so a range query over one series is one index range scan), writing each series' leaf page once
 * per bucket instead of once per snapshot; a snapshot opening a bucket moves whatever maintenance left.
 * Queries read both; a sample is in exactly one of them.
 *
 * Time is epoch milliseconds everywhere. A counter's increase between two samples is `value - previous`,
 * or `value` when it went down (a reset restarts from zero); a sample whose predecessor is more than one
 * rollup bucket (5 minutes) older counts no increase. It is computed when the sample is written (column
 * `delta`), so raw queries and rollups sum it; an out-of-order append corrects its successor's delta.
 * A counter series (or histogram/summary part) first seen within 5 minutes of the previous snapshot gets a 0 sample
 * at that snapshot, since prom-client creates a labelled child at its first increment: its first value
 * counts as an increase.
 */
import { statSync } from 'node:fs';
import type { Registry } from 'prom-client';
import type { Db } from '../db/database';

export const ROLLUP_BUCKET_MS = 300_000;
export const DEFAULT_RAW_RETENTION_MS = 7 * 86_400_000;
export const DEFAULT_ROLLUP_RETENTION_MS = 90 * 86_400_000;
/** The rollup job works through a backlog (e.g. freshly seeded history) in transactions of this span. */
const ROLLUP_CHUNK_MS = 6 * 3_600_000;
/** Maintenance moves and rolls up this many series ids per transaction. */
const MAINTENANCE_SLICE = 500;

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface RecordedSample {
  /** The exposed sample name: `x`, or for histograms `x_bucket` (labels.le), `x_sum`, `x_count`. */
  name: string;
  /** The metric family (a histogram's base name); default `name`. */
  metric?: string;
  /** The family's type. */
  type: MetricType;
  labels?: Readonly<Record<string, string | number>>;
  value: number;
}

export interface AppendResult {
  seriesCount: number;
  samplesWritten: number;
}

export interface SeriesRow {
  id: number;
  metric: string;
  type: MetricType;
  name: string;
  /** Labels without `le`. */
  labels: Record<string, string>;
  /** A histogram bucket's upper bound (Infinity for +Inf); null for other series. */
  le: number | null;
}

export interface HistoryStats {
  /** The database file (page_count x page_size) and its write-ahead log. */
  databaseBytes: number;
  walBytes: number;
  seriesCount: number;
  /** Epoch ms of the oldest raw snapshot / the oldest rollup bucket; null when there is none. */
  oldestRawMs: number | null;
  oldestRollupMs: number | null;
  lastSnapshotMs: number | null;
  /** Every 5-minute bucket before this (epoch ms) has been rolled up. */
  rolledUntilMs: number;
}

export interface MaintenanceResult {
  bucketsRolled: number;
  rawDeleted: number;
  rollupsDeleted: number;
  seriesDeleted: number;
}

export interface MetricsHistoryOptions {
  rawRetentionMs?: number;
  rollupRetentionMs?: number;
  /** Clock for retention and rollups; default Date.now. */
  now?: () => number;
}

export interface MetricsHistory {
  readonly db: Db;
  readonly rawRetentionMs: number;
  readonly rollupRetentionMs: number;
  now(): number;
  appendSnapshot(atMs: number, samples: Iterable<RecordedSample>): AppendResult;
  snapshotRegistry(registry: Registry, atMs?: number): Promise<AppendResult>;
  /** Every series of a sample name (`x`, `x_bucket`, ...). */
  seriesNamed(name: string): SeriesRow[];
  /** Every series of a metric family (a histogram's buckets, sum and count). */
  seriesOfMetric(metric: string): SeriesRow[];
  rolledUntil(): number;
  /** The head's samples in [fromMs, toMs) of these series: the current bucket, not yet in metric_samples. */
  headSamples(
    fromMs: number,
    toMs: number,
    seriesIds: readonly number[],
  ): { id: number; ts: number; value: number; delta: number | null }[];
  /** Samples before this are in metric_samples, later ones in the head. */
  headFloor(): number;
  rollup(nowMs?: number): number;
  applyRetention(nowMs?: number): Omit<MaintenanceResult, 'bucketsRolled'>;
  maintain(nowMs?: number): MaintenanceResult;
  /** maintain() as steps of one short transaction each, for a caller that yields between them. */
  maintenanceSteps(nowMs?: number): Generator<void, MaintenanceResult>;
  stats(): HistoryStats;
}

/** prom-client's JSON (registry.getMetricsAsJSON()) as samples; non-finite values are skipped. */
export function samplesFromMetricsJson(
  families: readonly { name: string; type: string; values: readonly { value: number; labels: object; metricName?: string }[] }[],
): RecordedSample[] {
  const samples: RecordedSample[] = [];
  for (const family of families) {
    const type = family.type as MetricType;
    for (const value of family.values) {
      if (!Number.isFinite(value.value)) continue;
      samples.push({
        name: value.metricName ?? family.name,
        metric: family.name,
        type,
        labels: value.labels as Record<string, string | number>,
        value: value.value,
      });
    }
  }
  return samples;
}

/** Counters and the cumulative parts of histograms and summaries (not a summary's quantile gauges). */
export function isCounterLike(sample: Pick<RecordedSample, 'type' | 'name' | 'metric'>): boolean {
  if (sample.type === 'counter' || sample.type === 'histogram') return true;
  return sample.type === 'summary' && sample.name !== (sample.metric ?? sample.name);
}

/** Labels as stored: keys sorted, values as strings, `le` apart. */
export function canonicalLabels(labels: Readonly<Record<string, string | number>> | undefined): { json: string; le: number | null } {
  if (!labels) return { json: '{}', le: null };
  let le: number | null = null;
  const entries: [string, string][] = [];
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key];
    if (value === undefined) continue;
    if (key === 'le') {
      le = value === '+Inf' ? Number.POSITIVE_INFINITY : Number(value);
      continue;
    }
    entries.push([key, String(value)]);
  }
  return { json: JSON.stringify(Object.fromEntries(entries)), le };
}

/** A metric_series row as SQLite returns it. */
export interface SeriesDbRow {
  id: number;
  metric: string;
  type: string;
  name: string;
  labels: string;
  le: number | null;
}

export function toSeriesRow(row: SeriesDbRow): SeriesRow {
  return {
    id: row.id,
    metric: row.metric,
    type: row.type as MetricType,
    name: row.name,
    labels: JSON.parse(row.labels) as Record<string, string>,
    le: row.le,
  };
}

export function createMetricsHistory(db: Db, options: MetricsHistoryOptions = {}): MetricsHistory {
  const rawRetentionMs = options.rawRetentionMs ?? DEFAULT_RAW_RETENTION_MS;
  const rollupRetentionMs = options.rollupRetentionMs ?? DEFAULT_ROLLUP_RETENTION_MS;
  const clock = options.now ?? Date.now;

  const insertSeries = db.prepare(
    `INSERT INTO metric_series (metric, type, name, labels, le, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const findSeries = db
    .prepare('SELECT id FROM metric_series WHERE name = ? AND labels = ? AND coalesce(le, -1e308) = coalesce(?, -1e308)')
    .pluck();
  const insertSample = db.prepare('INSERT OR REPLACE INTO metric_samples (series_id, ts, value, delta) VALUES (?, ?, ?, ?)');
  const insertHead = db.prepare('INSERT OR REPLACE INTO metric_samples_head (series_id, ts, value, delta) VALUES (?, ?, ?, ?)');
  const flushHead = db.prepare(`INSERT OR REPLACE INTO metric_samples (series_id, ts, value, delta)
    SELECT series_id, ts, value, delta FROM metric_samples_head WHERE ts < ? ORDER BY series_id, ts`);
  const trimHead = db.prepare('DELETE FROM metric_samples_head WHERE ts < ?');
  const headRowsStatement = db.prepare('SELECT series_id AS id, ts, value, delta FROM metric_samples_head WHERE ts >= ? AND ts < ?');
  const headRowsOfSeries = db.prepare(`SELECT series_id AS id, ts, value, delta FROM metric_samples_head
    WHERE ts >= ? AND ts < ? AND series_id IN (SELECT value FROM json_each(?))`);
  const oldestHead = db.prepare('SELECT min(ts) FROM metric_samples_head').pluck();
  const headBefore = db.prepare('SELECT 1 FROM metric_samples_head WHERE ts < ? LIMIT 1').pluck();
  const maxSeriesId = db.prepare('SELECT max(id) FROM metric_series').pluck();
  // One slice of series: the head rows of each snapshot time found by primary key, no scan of the rest.
  const sliceOfHead = `FROM metric_samples_head
    WHERE ts IN (SELECT ts FROM metric_snapshots WHERE ts >= @from AND ts < @before) AND series_id >= @lo AND series_id < @hi`;
  const moveHeadSlice = db.prepare(`INSERT OR REPLACE INTO metric_samples (series_id, ts, value, delta)
    SELECT series_id, ts, value, delta ${sliceOfHead} ORDER BY series_id, ts`);
  const trimHeadSlice = db.prepare(`DELETE ${sliceOfHead}`);
  const newestSample = db.prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? ORDER BY ts DESC LIMIT 1');
  // The rare out-of-order path looks in both tables (the head part scans at most one bucket).
  const sampleBefore = db.prepare(`SELECT ts, value FROM (
      SELECT * FROM (SELECT ts, value FROM metric_samples WHERE series_id = @id AND ts < @at ORDER BY ts DESC LIMIT 1)
      UNION ALL SELECT * FROM (SELECT ts, value FROM metric_samples_head WHERE series_id = @id AND ts < @at ORDER BY ts DESC LIMIT 1)
    ) ORDER BY ts DESC LIMIT 1`);
  const sampleAfter = db.prepare(`SELECT ts, value FROM (
      SELECT * FROM (SELECT ts, value FROM metric_samples WHERE series_id = @id AND ts > @at ORDER BY ts LIMIT 1)
      UNION ALL SELECT * FROM (SELECT ts, value FROM metric_samples_head WHERE series_id = @id AND ts > @at ORDER BY ts LIMIT 1)
    ) ORDER BY ts LIMIT 1`);
  const updateDelta = db.prepare('UPDATE metric_samples SET delta = @delta WHERE series_id = @id AND ts = @at');
  const updateHeadDelta = db.prepare('UPDATE metric_samples_head SET delta = @delta WHERE series_id = @id AND ts = @at');
  const insertSnapshot = db.prepare('INSERT OR REPLACE INTO metric_snapshots (ts, samples) VALUES (?, ?)');
  const readWatermark = db.prepare('SELECT rolled_until AS v FROM metric_history_state WHERE id = 1').pluck();
  const writeWatermark = db.prepare('UPDATE metric_history_state SET rolled_until = ? WHERE id = 1');
  const dropRollupsFrom = db.prepare('DELETE FROM metric_rollups WHERE series_id IN (SELECT id FROM metric_series) AND ts >= ?');
  const oldestSnapshot = db.prepare('SELECT min(ts) FROM metric_snapshots').pluck();
  const snapshotBefore = db.prepare('SELECT max(ts) FROM metric_snapshots WHERE ts < ?').pluck();
  const newestSnapshot = db.prepare('SELECT max(ts) FROM metric_snapshots').pluck();
  const seriesCountStatement = db.prepare('SELECT count(*) FROM metric_series').pluck();
  const byName = db.prepare('SELECT id, metric, type, name, labels, le FROM metric_series WHERE name = ?');
  const byMetric = db.prepare('SELECT id, metric, type, name, labels, le FROM metric_series WHERE metric = ?');
  // One pass over the bucket range per series (the primary key orders rows by series, then time); the
  // bucket's last value is one primary-key lookup of its newest sample.
  const rollupRange = db.prepare(`
    INSERT OR REPLACE INTO metric_rollups (series_id, ts, count, sum, min, max, last, increase)
    SELECT series_id, b, c, s, lo, hi,
           (SELECT value FROM metric_samples WHERE series_id = g.series_id AND ts = g.t), inc
    FROM (
      SELECT series_id, (ts / ${ROLLUP_BUCKET_MS}) * ${ROLLUP_BUCKET_MS} AS b, count(*) AS c, sum(value) AS s,
             min(value) AS lo, max(value) AS hi, max(ts) AS t, coalesce(sum(delta), 0) AS inc
      FROM metric_samples
      WHERE series_id IN (SELECT id FROM metric_series WHERE id >= @lo AND id < @hi) AND ts >= @from AND ts < @to
      GROUP BY series_id, b
    ) AS g`);
  const firstSnapshotFrom = db.prepare('SELECT min(ts) FROM metric_snapshots WHERE ts >= ?').pluck();
  const deleteRaw = db.prepare('DELETE FROM metric_samples WHERE series_id IN (SELECT id FROM metric_series) AND ts < ?');
  const deleteSnapshots = db.prepare('DELETE FROM metric_snapshots WHERE ts < ?');
  const deleteHead = db.prepare('DELETE FROM metric_samples_head WHERE ts < ?');
  const deleteRollups = db.prepare('DELETE FROM metric_rollups WHERE series_id IN (SELECT id FROM metric_series) AND ts < ?');
  const deleteOrphanSeries = db.prepare(`
    DELETE FROM metric_series WHERE
      NOT EXISTS (SELECT 1 FROM metric_samples WHERE series_id = metric_series.id) AND
      NOT EXISTS (SELECT 1 FROM metric_samples_head WHERE series_id = metric_series.id) AND
      NOT EXISTS (SELECT 1 FROM metric_rollups WHERE series_id = metric_series.id)`);
  const oldestRollupStatement = db
    .prepare('SELECT min((SELECT min(ts) FROM metric_rollups WHERE series_id = s.id)) FROM metric_series s')
    .pluck();
  const pageBytes = db.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck();

  /** Sample identity (name + labels as given, in their given order) -> series id; rebuilt after deletions. */
  let seriesIds = new Map<string, number>();
  /** A counter series' newest sample, for the delta of the next one; loaded from the tables on first use. */
  let newest = new Map<number, { ts: number; value: number } | null>();
  let newestLoadedFromHead = false;
  /**
   * Snapshots at or after this (epoch ms, a bucket start) go to the head. The finished bucket before it
   * stays there until the maintenance steps move it, slice by slice of series; a snapshot opening the
   * next bucket first moves whatever is still waiting (when nothing ran maintenance) in one go.
   */
  let headFloor = (() => {
    const newest = newestSnapshot.get() as number | null;
    return newest === null ? 0 : Math.floor(newest / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
  })();

  /** Moves every head sample before `beforeMs` into metric_samples, ordered by series. */
  function moveHeadBefore(beforeMs: number): void {
    if (headBefore.get(beforeMs) === undefined) return;
    flushHead.run(beforeMs);
    trimHead.run(beforeMs);
  }
  // The rollup job's result is cached: the oldest rollup needs one index seek per series.
  let oldestRollupMs: number | null | undefined;

  /** The series id; a counter's series created now also gets a 0 at `zeroAtMs` (see appendTransaction). */
  function seriesIdFor(sample: RecordedSample, atMs: number, zeroAtMs: number | null): number {
    const key = sample.labels ? `${sample.name}\u0000${JSON.stringify(sample.labels)}` : sample.name;
    const known = seriesIds.get(key);
    if (known !== undefined) return known;
    const { json, le } = canonicalLabels(sample.labels);
    const inserted = insertSeries.run(sample.metric ?? sample.name, sample.type, sample.name, json, le, atMs);
    const id = inserted.changes > 0 ? Number(inserted.lastInsertRowid) : (findSeries.get(sample.name, json, le) as number);
    if (inserted.changes > 0 && zeroAtMs !== null && isCounterLike(sample)) {
      (zeroAtMs >= headFloor ? insertHead : insertSample).run(id, zeroAtMs, 0, 0);
      newest.set(id, { ts: zeroAtMs, value: 0 });
    }
    seriesIds.set(key, id);
    return id;
  }

  /** A counter's increase from `previous` to `value` at `atMs` (see the header comment). */
  function deltaFrom(previous: { ts: number; value: number } | undefined | null, atMs: number, value: number): number {
    if (!previous || atMs - previous.ts > ROLLUP_BUCKET_MS) return 0;
    return value >= previous.value ? value - previous.value : value;
  }

  /** Writes a counter sample with its delta; an out-of-order one also corrects its successor's delta. */
  function writeCounterSample(insert: typeof insertSample, id: number, atMs: number, value: number): void {
    if (!newestLoadedFromHead) {
      // Once per process: the head's rows (at most one bucket) tell each series' newest sample at once.
      for (const row of headRowsStatement.all(0, Number.MAX_SAFE_INTEGER) as { id: number; ts: number; value: number }[]) {
        const known = newest.get(row.id);
        if (!known || known.ts < row.ts) newest.set(row.id, { ts: row.ts, value: row.value });
      }
      newestLoadedFromHead = true;
    }
    let last = newest.get(id);
    if (last === undefined) {
      last = (newestSample.get(id) as { ts: number; value: number } | undefined) ?? null;
      newest.set(id, last);
    }
    if (last === null || last.ts < atMs) {
      insert.run(id, atMs, value, deltaFrom(last, atMs, value));
      newest.set(id, { ts: atMs, value });
      return;
    }
    const before = sampleBefore.get({ id, at: atMs }) as { ts: number; value: number } | undefined;
    insert.run(id, atMs, value, deltaFrom(before, atMs, value));
    const after = sampleAfter.get({ id, at: atMs }) as { ts: number; value: number } | undefined;
    if (after) {
      const delta = deltaFrom({ ts: atMs, value }, after.ts, after.value);
      updateDelta.run({ delta, id, at: after.ts });
      updateHeadDelta.run({ delta, id, at: after.ts });
    }
    if (last.ts === atMs) newest.set(id, { ts: atMs, value });
  }

  const appendTransaction = db.transaction((atMs: number, samples: Iterable<RecordedSample>): AppendResult => {
    const watermark = readWatermark.get() as number;
    if (atMs < watermark) {
      // Late (seeded or out-of-order) samples: the rollups from their bucket on are rebuilt.
      const from = Math.floor(atMs / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
      dropRollupsFrom.run(from);
      writeWatermark.run(from);
      oldestRollupMs = undefined;
    }
    // prom-client creates a labelled counter's child at its first increment: a counter series that is
    // new since the previous snapshot (at most a bucket ago) was 0 then, and its first value is an increase.
    const previous = snapshotBefore.get(atMs) as number | null;
    const zeroAtMs = previous !== null && atMs - previous <= ROLLUP_BUCKET_MS ? previous : null;
    const bucketStart = Math.floor(atMs / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
    if (bucketStart > headFloor) {
      moveHeadBefore(headFloor);
      headFloor = bucketStart;
    } else if (atMs < headFloor) {
      // A late sample goes to metric_samples: what still waits in the head moves first (tables stay disjoint).
      moveHeadBefore(headFloor);
    }
    const insert = atMs >= headFloor ? insertHead : insertSample;
    const seen = new Set<number>();
    let written = 0;
    for (const sample of samples) {
      if (!Number.isFinite(sample.value)) continue;
      const id = seriesIdFor(sample, atMs, zeroAtMs);
      if (isCounterLike(sample)) writeCounterSample(insert, id, atMs, sample.value);
      else insert.run(id, atMs, sample.value, null);
      seen.add(id);
      written += 1;
    }
    insertSnapshot.run(atMs, written);
    return { seriesCount: seen.size, samplesWritten: written };
  });

  function appendSnapshot(atMs: number, samples: Iterable<RecordedSample>): AppendResult {
    if (!Number.isSafeInteger(atMs) || atMs < 0) throw new RangeError(`appendSnapshot: atMs must be epoch milliseconds, got ${atMs}`);
    return appendTransaction(atMs, samples);
  }

  /**
   * The rollup and retention job as steps of one short transaction each (a slice of series), so the
   * recorder can yield to the event loop between them: moves the finished bucket out of the head, rolls
   * up every complete 5-minute bucket after the watermark (the watermark moves once a chunk is done for
   * every series), then applies retention. maintain() and rollup() run the same steps at once.
   */
  function* maintenanceSteps(nowMs: number, withRetention: boolean): Generator<void, MaintenanceResult> {
    const until = Math.floor(nowMs / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
    const top = (maxSeriesId.get() as number | null) ?? 0;
    const before = Math.max(headFloor, until);
    const headFrom = oldestHead.get() as number | null;
    if (headFrom !== null && headFrom < before) {
      for (let lo = 0; lo <= top; lo += MAINTENANCE_SLICE) {
        db.transaction(() => {
          const slice = { from: headFrom, before, lo, hi: lo + MAINTENANCE_SLICE };
          moveHeadSlice.run(slice);
          trimHeadSlice.run(slice);
        })();
        yield;
      }
      // Rows no slice saw (a snapshot row removed, a series created meanwhile).
      db.transaction(() => moveHeadBefore(before))();
      headFloor = before;
    }

    let bucketsRolled = 0;
    let from = readWatermark.get() as number;
    if (from === 0) {
      const first = oldestSnapshot.get() as number | null;
      from = first === null ? until : Math.floor(first / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS;
    }
    while (from < until) {
      // Skip empty stretches (a console that was off for a week) instead of walking them chunk by chunk.
      const next = firstSnapshotFrom.get(from) as number | null;
      if (next === null || next >= until) {
        writeWatermark.run(until);
        break;
      }
      const chunkFrom = Math.max(from, Math.floor(next / ROLLUP_BUCKET_MS) * ROLLUP_BUCKET_MS);
      const chunkTo = Math.min(until, chunkFrom + ROLLUP_CHUNK_MS);
      for (let lo = 0; lo <= top; lo += MAINTENANCE_SLICE) {
        rollupRange.run({ from: chunkFrom, to: chunkTo, lo, hi: lo + MAINTENANCE_SLICE });
        yield;
      }
      writeWatermark.run(chunkTo);
      bucketsRolled += (chunkTo - chunkFrom) / ROLLUP_BUCKET_MS;
      from = chunkTo;
    }
    if (bucketsRolled > 0) oldestRollupMs = undefined;
    if (!withRetention) return { bucketsRolled, rawDeleted: 0, rollupsDeleted: 0, seriesDeleted: 0 };
    return { bucketsRolled, ...applyRetention(nowMs) };
  }

  function runSteps(steps: Generator<void, MaintenanceResult>): MaintenanceResult {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  function applyRetention(nowMs = clock()): Omit<MaintenanceResult, 'bucketsRolled'> {
    const rawCutoff = nowMs - rawRetentionMs;
    const rollupCutoff = nowMs - rollupRetentionMs;
    const result = db.transaction(() => {
      const rawDeleted = deleteRaw.run(rawCutoff).changes + deleteHead.run(rawCutoff).changes;
      deleteSnapshots.run(rawCutoff);
      const rollupsDeleted = deleteRollups.run(rollupCutoff).changes;
      const seriesDeleted = rawDeleted + rollupsDeleted > 0 ? deleteOrphanSeries.run().changes : 0;
      return { rawDeleted, rollupsDeleted, seriesDeleted };
    })();
    if (result.seriesDeleted > 0) seriesIds = new Map();
    if (result.rawDeleted > 0) {
      newest = new Map();
      newestLoadedFromHead = false;
    }
    if (result.rollupsDeleted > 0 || result.seriesDeleted > 0) oldestRollupMs = undefined;
    return result;
  }

  return {
    db,
    rawRetentionMs,
    rollupRetentionMs,
    now: clock,
    appendSnapshot,
    async snapshotRegistry(registry, atMs) {
      const families = await registry.getMetricsAsJSON();
      return appendSnapshot(atMs ?? clock(), samplesFromMetricsJson(families as never));
    },
    seriesNamed: (name) => (byName.all(name) as SeriesDbRow[]).map(toSeriesRow),
    seriesOfMetric: (metric) => (byMetric.all(metric) as SeriesDbRow[]).map(toSeriesRow),
    rolledUntil: () => readWatermark.get() as number,
    headSamples: (fromMs, toMs, seriesIds) =>
      headRowsOfSeries.all(fromMs, toMs, JSON.stringify(seriesIds)) as { id: number; ts: number; value: number; delta: number | null }[],
    headFloor: () => headFloor,
    rollup: (nowMs = clock()) => runSteps(maintenanceSteps(nowMs, false)).bucketsRolled,
    applyRetention,
    // Roll up before deleting raw samples, so nothing leaves the raw table unrolled.
    maintain: (nowMs = clock()) => runSteps(maintenanceSteps(nowMs, true)),
    maintenanceSteps: (nowMs = clock()) => maintenanceSteps(nowMs, true),
    stats() {
      let walBytes = 0;
      try {
        if (db.name !== ':memory:' && db.name !== '') walBytes = statSync(`${db.name}-wal`).size;
      } catch {
        walBytes = 0;
      }
      if (oldestRollupMs === undefined) oldestRollupMs = oldestRollupStatement.get() as number | null;
      return {
        databaseBytes: pageBytes.get() as number,
        walBytes,
        seriesCount: seriesCountStatement.get() as number,
        oldestRawMs: oldestSnapshot.get() as number | null,
        oldestRollupMs,
        lastSnapshotMs: newestSnapshot.get() as number | null,
        rolledUntilMs: readWatermark.get() as number,
      };
    },
  };
}
