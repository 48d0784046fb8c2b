/**
 * backup: the cost of an online backup of a ~1 GB database to turns running at the same time (issue 7
 * figure: turn throughput drops by <= 20% during the backup), on the built engine (out/main/engine.js)
 * driven in-process with the simulated provider at zero latency.
 *
 * The database: a data dir with the engine's schema whose `traces` table is filled up to ~1 GB with copies
 * of one 300-span turn trace (test/fixtures/synthetic-trace.ts) (INSERT ... SELECT in SQLite, big transactions, no journal while building),
 * built once into $BENCH_BACKUP_DIR (default /tmp/novel-console-bench-backup-1gb) and reused by later runs
 * (rebuilt when missing, smaller than the target or older than 5 days, so the 7-day trace retention never
 * eats it mid-run). The build time is printed.
 *
 * Measurement, in one run: turns one after another (each followed by a macrotask turn, as requests
 * arriving over HTTP would give) for a baseline window, then while the engine's backup service copies the
 * database (worker thread, one backup step from one read snapshot, then hash), then a second baseline;
 * the ratio is turns/s during the backup over the mean of the two baselines. For comparison, the same with
 * better-sqlite3's stepped backup on the engine's own connection (100 pages a step on the main thread,
 * the library's default) — the design the service does not use.
 *
 * Options (environment): BENCH_BACKUP_MB (1024) the database size, BENCH_BACKUP_BASELINE_S (8) each
 * baseline window, BENCH_BACKUP_DIR where the database is kept, BENCH_BACKUP_STEPPED=0 skips the
 * main-thread comparison, BENCH_BACKUP_PACES="4096:0,256:10" adds trials at other paces (pages per step:
 * pause ms) to tune the default.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { Host, HostOptions } from '../src-main/engine/host';
import { syntheticTrace } from '../test/fixtures/synthetic-trace';
import { ENGINE_PATH, machineCpuSeconds, printTable, round } from './lib';

export const name = 'backup';
export const description = 'online backup of a ~1 GB database while turns run: turns/s during the backup vs. before and after';

const TARGET_DROP = 0.2;
const CAMPAIGN = 'ashfall-crossing';
const DATABASE_FILE = 'novel-console.db';
const MAX_AGE_MS = 5 * 86_400_000;

const envNumber = (key: string, fallback: number): number => {
  const raw = process.env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${key} must be a positive number, got "${raw}"`);
  return value;
};

type CreateHost = (options: HostOptions) => Host;

async function loadEngine(): Promise<CreateHost> {
  const engine = (await import(pathToFileURL(ENGINE_PATH).href)) as { createHost?: CreateHost };
  if (typeof engine.createHost !== 'function') throw new Error(`${ENGINE_PATH} does not export createHost (run npm run build)`);
  return engine.createHost;
}

interface Pace {
  pagesPerStep: number;
  pauseMs: number;
}

const hostOptions = (dataDir: string, pace?: Pace): HostOptions => ({
  dataDir,
  face: 'cli',
  provider: { kind: 'simulated', latency: { kind: 'none' } },
  telemetry: { recorder: { enabled: false } },
  backups: {
    ...(pace ? { pace } : {}),
    retentionJobs: false,
    defaults: { schedule: { enabled: false, intervalHours: 24, keep: 7 }, retention: { tracesDays: 7, alertsDays: 30, logsDays: 14 } },
  },
});

/** Builds (or reuses) the big data dir; returns its database size in bytes and the build time (0 when reused). */
async function prepareDatabase(createHost: CreateHost, dataDir: string, targetBytes: number): Promise<{ bytes: number; buildMs: number }> {
  const path = join(dataDir, DATABASE_FILE);
  if (existsSync(path)) {
    const stats = statSync(path);
    // Each run adds its turns: past 1.5x the target the database is built afresh.
    if (stats.size >= targetBytes * 0.95 && stats.size <= targetBytes * 1.5 && Date.now() - stats.birthtimeMs < MAX_AGE_MS)
      return { bytes: stats.size, buildMs: 0 };
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  const started = performance.now();
  // The schema, written by the engine itself, and one kept turn-shaped trace of 300 spans.
  const host = createHost(hostOptions(dataDir));
  host.services.traces.insert([syntheticTrace({ spanCount: 300, seed: 7, startMs: Date.now(), campaignId: CAMPAIGN })]);
  await host.close();
  const db = new Database(path);
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const seed = db.prepare('SELECT trace_id, length(spans) AS bytes FROM traces ORDER BY length(spans) DESC LIMIT 1').get() as
      | { trace_id: string; bytes: number }
      | undefined;
    if (!seed) throw new Error('the seed trace was not stored');
    // Copies of the kept trace, spread over the last 4 days: 200 MB a transaction.
    const rowBytes = Math.max(seed.bytes, 1000);
    const copy = db.prepare(`
      WITH RECURSIVE n(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM n WHERE i < @to)
      INSERT INTO traces (trace_id, root_name, start_ms, duration_ms, status, span_count, error_count, turn_id, campaign_id, cost, kept_reason, span_names, spans)
      SELECT printf('%032x', i), root_name, @now - (i % 345600) * 1000, duration_ms, status, span_count, error_count, NULL, campaign_id, cost, kept_reason, span_names, spans
      FROM traces, n WHERE traces.trace_id = @seed`);
    const perBatch = Math.max(1, Math.floor((200 * 1024 * 1024) / rowBytes));
    let next = 1;
    const size = () =>
      (db.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck().get() as number) ?? 0;
    while (size() < targetBytes) {
      const batch = Math.min(perBatch, Math.ceil((targetBytes - size()) / rowBytes) + 10);
      db.transaction(() => copy.run({ from: next, to: next + batch - 1, now: Date.now(), seed: seed.trace_id }))();
      next += batch;
      process.stderr.write(`  [backup] building the database: ${Math.round(size() / 1048576)} MB\n`);
    }
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
  return { bytes: statSync(path).size, buildMs: performance.now() - started };
}

interface Window {
  turns: number;
  wallMs: number;
  turnsPerSecond: number;
  /** Cores used by other processes meanwhile (null off Linux). */
  backgroundCores: number | null;
}

/** Runs turns one after another until `until()` says stop; each turn is followed by one macrotask turn. */
async function turnsWhile(host: Host, until: () => boolean): Promise<Window> {
  const machineBefore = machineCpuSeconds();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let turns = 0;
  while (!until()) {
    const turn = host.services.runner.start({ campaignId: CAMPAIGN, origin: 'bench', startedBy: 'bench' });
    const status = await turn.done;
    if (status !== 'completed') throw new Error(`turn ${turn.number} ended ${status}, expected completed`);
    turns++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const machineAfter = machineCpuSeconds();
  const backgroundCores =
    machineBefore !== null && machineAfter !== null
      ? Math.max(0, machineAfter - machineBefore - (cpu.user + cpu.system) / 1e6) / (wallMs / 1000)
      : null;
  return { turns, wallMs, turnsPerSecond: (turns * 1000) / wallMs, backgroundCores };
}

const forMs = (ms: number) => {
  const end = performance.now() + ms;
  return () => performance.now() >= end;
};

interface Trial {
  label: string;
  before: Window;
  during: Window;
  after: Window;
  backupMs: number;
  backupBytes: number;
  ratio: number;
}

async function trial(host: Host, label: string, baselineMs: number, backup: () => Promise<number>): Promise<Trial> {
  const before = await turnsWhile(host, forMs(baselineMs));
  let done = false;
  let backupBytes = 0;
  const started = performance.now();
  const copying = backup().then((bytes) => {
    backupBytes = bytes;
    done = true;
  });
  const during = await turnsWhile(host, () => done);
  await copying;
  const backupMs = performance.now() - started;
  const after = await turnsWhile(host, forMs(baselineMs));
  const baseline = (before.turnsPerSecond + after.turnsPerSecond) / 2;
  return { label, before, during, after, backupMs, backupBytes, ratio: during.turnsPerSecond / baseline };
}

function removeBackups(dataDir: string): void {
  const folder = join(dataDir, 'backups');
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) rmSync(join(folder, name), { force: true });
}

export async function run(): Promise<Record<string, number>> {
  const targetBytes = envNumber('BENCH_BACKUP_MB', 1024) * 1024 * 1024;
  const baselineMs = envNumber('BENCH_BACKUP_BASELINE_S', 8) * 1000;
  const dataDir = process.env.BENCH_BACKUP_DIR || '/tmp/novel-console-bench-backup-1gb';
  const createHost = await loadEngine();

  const prepared = await prepareDatabase(createHost, dataDir, targetBytes);
  console.log(
    prepared.buildMs > 0
      ? `database built: ${round(prepared.bytes / 1048576, 0)} MB in ${round(prepared.buildMs / 1000, 1)} s (${dataDir}, reused by later runs)`
      : `database reused: ${round(prepared.bytes / 1048576, 0)} MB (${dataDir})`,
  );

  // The engine's default pace first (the figure), then any BENCH_BACKUP_PACES ("pages:pauseMs,...") to tune it.
  const paces: (Pace | undefined)[] = [
    undefined,
    ...(process.env.BENCH_BACKUP_PACES ?? '')
      .split(',')
      .filter((text) => text.trim() !== '')
      .map((text) => {
        const [pages, pause] = text.split(':').map(Number);
        return { pagesPerStep: pages ?? 1024, pauseMs: pause ?? 0 };
      }),
  ];
  const trials: Trial[] = [];
  for (const [index, pace] of paces.entries()) {
    const host = createHost(hostOptions(dataDir, pace));
    try {
      removeBackups(dataDir);
      // Warm-up: JIT, page cache of the turn tables.
      await turnsWhile(host, forMs(2000));
      const label = pace ? `worker, ${pace.pagesPerStep} pages/step, ${pace.pauseMs} ms pause` : 'engine backup (default pace)';
      trials.push(
        await trial(host, label, baselineMs, async () => {
          const created = await host.services.backups.create({ trigger: 'manual' });
          return created.backup.bytes;
        }),
      );
      removeBackups(dataDir);
      if (index === 0 && process.env.BENCH_BACKUP_STEPPED !== '0') {
        const target = join(dataDir, 'backups', 'stepped.db');
        mkdirSync(join(dataDir, 'backups'), { recursive: true });
        trials.push(
          await trial(host, 'stepped on the main thread (100 pages/step)', baselineMs, async () => {
            await host.db.backup(target);
            return statSync(target).size;
          }),
        );
        removeBackups(dataDir);
      }
    } finally {
      await host.close();
    }
  }

  console.log('');
  printTable(
    ['backup', 'MB', 'backup s', 'turns/s before', 'during', 'after', 'during / baseline', 'other cores'],
    trials.map((t) => [
      t.label,
      round(t.backupBytes / 1048576, 0),
      round(t.backupMs / 1000, 1),
      Math.round(t.before.turnsPerSecond),
      Math.round(t.during.turnsPerSecond),
      Math.round(t.after.turnsPerSecond),
      round(t.ratio, 3),
      round(Math.max(t.before.backgroundCores ?? 0, t.during.backgroundCores ?? 0, t.after.backgroundCores ?? 0), 2),
    ]),
  );
  const engine = trials[0] as Trial;
  const drop = 1 - engine.ratio;
  console.log(
    `throughput drop during the engine's backup: ${round(drop * 100, 1)}% (target <= ${TARGET_DROP * 100}%): ${drop <= TARGET_DROP ? 'met' : 'MISSED'}`,
  );
  const figures: Record<string, number> = {
    database_mb: round(prepared.bytes / 1048576, 0),
    build_s: round(prepared.buildMs / 1000, 1),
    backup_s: round(engine.backupMs / 1000, 2),
    turns_per_s_baseline: round((engine.before.turnsPerSecond + engine.after.turnsPerSecond) / 2, 0),
    turns_per_s_during_backup: round(engine.during.turnsPerSecond, 0),
    throughput_ratio: round(engine.ratio, 3),
    throughput_drop_percent: round(drop * 100, 1),
  };
  const stepped = trials.find((t) => t.label.startsWith('stepped'));
  if (stepped) {
    figures.stepped_main_thread_backup_s = round(stepped.backupMs / 1000, 2);
    figures.stepped_main_thread_ratio = round(stepped.ratio, 3);
  }
  return figures;
}

// Run directly: node --import tsx bench/backup.ts
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    (figures) => console.log(JSON.stringify(figures)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
