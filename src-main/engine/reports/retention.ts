/**
 * Retention jobs (issue 7 point 3): every hour (and on demand through `backups.retention.run`) the rows
 * older than their window are deleted, in short batches with the event loop free between them:
 *   - traces: kept traces older than `tracesDays` (default 7);
 *   - alert history: alert transitions, sent notifications and settled (not pending) outbox rows older
 *     than `alertsDays` (default 30);
 *   - logs: rolled log files in `<dataDir>/logs/` not written to for `logsDays` (default 14); the newest
 *     file (the one being written) is never deleted;
 *   - samples: the metrics history's own retention (raw 7 days, 5-minute rollups 90 days, engine options),
 *     applied now rather than at the recorder's next maintenance.
 * The audit log is never pruned: deleting its oldest entries would break the chain it exists to keep.
 *
 * The oldest retained row of each kind is exposed as `novel_engine_oldest_data_timestamp_seconds{kind}`
 * for the Operational dashboard.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Gauge, type Registry } from 'prom-client';
import type { RETENTION_KINDS, RetentionResult, RetentionStatus } from '../../../src-shared/channels/backups';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import type { MetricsHistory } from '../telemetry/metrics-history';
import type { TraceStore } from '../telemetry/trace-store';
import type { BackupService } from './backup';

const DAY_MS = 86_400_000;
/** Rows per delete statement: each batch is a few milliseconds of the writer's time. */
const BATCH = 2000;
/** How long one read of the oldest rows serves the gauges. */
const GAUGE_READ_MS = 1000;

export interface RetentionOptions {
  db: Db;
  dataDir: string;
  history: MetricsHistory;
  traces: TraceStore;
  /** Where the windows are stored (the backup settings). */
  backups: Pick<BackupService, 'settings'>;
  registry: Registry;
  logger: Logger;
  now?: () => number;
}

export function createRetention(options: RetentionOptions) {
  const { db, history, traces, logger } = options;
  const clock = options.now ?? Date.now;
  const statements = {
    transitions: db.prepare('DELETE FROM alert_transitions WHERE id IN (SELECT id FROM alert_transitions WHERE at < ? LIMIT ?)'),
    notifications: db.prepare('DELETE FROM alert_notifications WHERE id IN (SELECT id FROM alert_notifications WHERE at < ? LIMIT ?)'),
    outbox: db.prepare(
      "DELETE FROM notification_outbox WHERE id IN (SELECT id FROM notification_outbox WHERE status <> 'pending' AND created_at < ? LIMIT ?)",
    ),
    oldestTrace: db.prepare('SELECT min(start_ms) FROM traces').pluck(),
    oldestTransition: db.prepare('SELECT min(at) FROM alert_transitions').pluck(),
    oldestNotification: db.prepare('SELECT min(at) FROM alert_notifications').pluck(),
    oldestAudit: db.prepare('SELECT at FROM audit_log ORDER BY seq LIMIT 1').pluck(),
  };
  let lastRunMs: number | null = null;
  let running: Promise<RetentionResult> | null = null;

  function oldestMs(): Record<(typeof RETENTION_KINDS)[number], number | null> {
    const stats = history.stats();
    const samples = [stats.oldestRawMs, stats.oldestRollupMs].filter((value): value is number => value !== null);
    const alerts = [statements.oldestTransition.get(), statements.oldestNotification.get()].filter(
      (value): value is number => typeof value === 'number',
    );
    const audit = statements.oldestAudit.get() as string | undefined;
    return {
      samples: samples.length > 0 ? Math.min(...samples) : null,
      traces: (statements.oldestTrace.get() as number | null) ?? null,
      alerts: alerts.length > 0 ? Math.min(...alerts) : null,
      audit: audit ? Date.parse(audit) : null,
    };
  }

  // Both gauges collect at each scrape from one read, kept for a second (a few index reads, but /metrics is hot).
  let cached: { at: number; oldest: ReturnType<typeof oldestMs> } | null = null;
  const cachedOldest = () => {
    const at = performance.now();
    if (cached === null || at - cached.at > GAUGE_READ_MS) cached = { at, oldest: oldestMs() };
    return cached.oldest;
  };
  const registers = [options.registry];
  new Gauge({
    name: 'novel_engine_oldest_data_timestamp_seconds',
    help: 'When the oldest retained row of each kind was recorded (Unix time): samples, traces, alerts, audit',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      this.reset();
      for (const [kind, ms] of Object.entries(cachedOldest())) if (ms !== null) this.set({ kind }, ms / 1000);
    },
  });
  new Gauge({
    name: 'novel_engine_oldest_data_age_seconds',
    help: 'Age of the oldest retained row of each kind: samples, traces, alerts, audit',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      this.reset();
      const nowMs = clock();
      for (const [kind, ms] of Object.entries(cachedOldest())) if (ms !== null) this.set({ kind }, Math.max(0, (nowMs - ms) / 1000));
    },
  });

  async function deleteInBatches(run: () => number): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = run();
      total += deleted;
      if (deleted < BATCH) return total;
      await yieldToEventLoop();
    }
  }

  function deleteOldLogs(cutoffMs: number): number {
    const directory = join(options.dataDir, 'logs');
    let files: { path: string; mtimeMs: number }[];
    try {
      files = readdirSync(directory)
        .filter((name) => name.endsWith('.log'))
        .map((name) => ({ path: join(directory, name), mtimeMs: statSync(join(directory, name)).mtimeMs }));
    } catch {
      return 0;
    }
    files.sort((a, b) => b.mtimeMs - a.mtimeMs);
    let deleted = 0;
    for (const file of files.slice(1)) {
      if (file.mtimeMs >= cutoffMs) continue;
      rmSync(file.path, { force: true });
      deleted++;
    }
    return deleted;
  }

  async function runOnce(nowMs: number): Promise<RetentionResult> {
    const windows = options.backups.settings().retention;
    const samplesResult = history.applyRetention(nowMs);
    const traceCutoff = nowMs - windows.tracesDays * DAY_MS;
    const tracesDeleted = await deleteInBatches(() => traces.deleteOlderThan(traceCutoff, BATCH));
    const alertCutoff = nowMs - windows.alertsDays * DAY_MS;
    let alertsDeleted = 0;
    for (const statement of [statements.transitions, statements.notifications, statements.outbox])
      alertsDeleted += await deleteInBatches(() => statement.run(alertCutoff, BATCH).changes);
    const logsDeleted = deleteOldLogs(nowMs - windows.logsDays * DAY_MS);
    lastRunMs = clock();
    cached = null;
    const result: RetentionResult = {
      samples: samplesResult.rawDeleted + samplesResult.rollupsDeleted,
      traces: tracesDeleted,
      alerts: alertsDeleted,
      logs: logsDeleted,
    };
    if (result.samples + result.traces + result.alerts + result.logs > 0)
      logger.info({ deleted: result }, 'retention: expired data deleted');
    return result;
  }

  /** Deletes what is older than its window at `nowMs`; concurrent calls share one run. */
  function run(nowMs = clock()): Promise<RetentionResult> {
    if (running) return running;
    const current = runOnce(nowMs).finally(() => {
      running = null;
    });
    running = current;
    return current;
  }

  return {
    run,
    status(): RetentionStatus {
      const oldest = oldestMs();
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      const stats = history.stats();
      return {
        samplesRawDays: history.rawRetentionMs / DAY_MS,
        samplesRollupDays: history.rollupRetentionMs / DAY_MS,
        oldest: { samples: iso(oldest.samples), traces: iso(oldest.traces), alerts: iso(oldest.alerts), audit: iso(oldest.audit) },
        lastRunAt: iso(lastRunMs),
        databaseBytes: stats.databaseBytes + stats.walBytes,
      };
    },
    /** Runs soon after start and then every `intervalMs` (default 1 h); returns the stop function. */
    start(intervalMs = 3600_000, firstDelayMs = 30_000): () => void {
      const tick = () => {
        run().catch((error: unknown) => logger.error({ err: error }, 'retention run failed'));
      };
      const first = setTimeout(tick, firstDelayMs);
      first.unref();
      const timer = setInterval(tick, intervalMs);
      timer.unref();
      return () => {
        clearTimeout(first);
        clearInterval(timer);
      };
    },
    /** Resolves once a running retention pass has ended (host close). */
    async idle(): Promise<void> {
      await running?.catch(() => undefined);
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;
