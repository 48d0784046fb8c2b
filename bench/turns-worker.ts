/**
 * Child process of the `turns` benchmark (bench/turns.ts). Runs ONE measurement against the built engine
 * (out/main/engine.js, or BENCH_ENGINE=path) in a fresh process, so that its RSS, `--expose-gc` and
 * `--cpu-prof` concern that measurement only:
 *
 *   node --import tsx [--expose-gc] [--cpu-prof] bench/turns-worker.ts throughput|concurrency|memory
 *
 * Progress goes to stderr; the last stdout line is one JSON object of results (read by bench/turns.ts).
 * The engine is driven in-process through `host.services.runner.start`, on a real SQLite file in a temp
 * data dir that is removed at the end, with a `turn.progress` subscriber attached as a UI would have.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Host, HostOptions } from '../src-main/engine/host';
import { PHASES, type PhaseName } from '../src-shared/domain/turn-configuration';
import { identityForRole } from '../src-shared/rbac';
import { ENGINE_PATH, machineCpuSeconds, removeDir, tempDataDir } from './lib';

export const DEMO_CAMPAIGN = 'ashfall-crossing';
/** Participants of every benchmark turn (the demo campaign has 6 agents; issue 3 asks for 5). */
export const PARTICIPANTS = 5;

const ZERO_LATENCY = { kind: 'simulated', latency: { kind: 'none' } } as const;
const REALISTIC_LATENCY = { kind: 'simulated' } as const;

const envInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
};

export const SETTINGS = {
  warmupTurns: () => envInt('BENCH_TURNS_WARMUP', 300),
  sequentialTurns: () => envInt('BENCH_TURNS_SEQUENTIAL', 2_000),
  splitTurns: () => envInt('BENCH_TURNS_SPLIT', 1_000),
  walTurns: () => envInt('BENCH_TURNS_WAL', 200),
  concurrentTurns: () => envInt('BENCH_TURNS_CONCURRENT', 50),
  concurrentRounds: () => envInt('BENCH_TURNS_ROUNDS', 3),
  /** Pause between the starts of a round; 0 = only a macrotask (setImmediate), as for requests arriving together. */
  startGapMs: () => envInt('BENCH_TURNS_START_GAP_MS', 0),
  memoryTurns: () => envInt('BENCH_TURNS_MEMORY', 100_000),
  memoryWarmupTurns: () => envInt('BENCH_TURNS_MEMORY_WARMUP', 5_000),
};

type CreateHost = (options: HostOptions) => Host;

async function loadEngine(): Promise<CreateHost> {
  const engine = (await import(pathToFileURL(ENGINE_PATH).href)) as { createHost?: CreateHost };
  if (typeof engine.createHost !== 'function') throw new Error(`${ENGINE_PATH} does not export createHost`);
  return engine.createHost;
}

const log = (message: string) => process.stderr.write(`  [turns ${mode}] ${message}\n`);

interface Bench {
  host: Host;
  dataDir: string;
  participants: string[];
  /** turn.progress payloads received (a cheap sanity check that the topic path ran). */
  progressEvents(): number;
  close(): Promise<void>;
}

async function openBench(label: string, provider: HostOptions['provider']): Promise<Bench> {
  const createHost = await loadEngine();
  // bench/turns.ts passes a dir it removes itself, so a killed child leaves nothing behind.
  const dataDir = process.env.BENCH_TURNS_DATA_DIR || tempDataDir(`turns-${label}`);
  let host: Host;
  try {
    host = createHost({ dataDir, face: 'cli', provider });
  } catch (error) {
    removeDir(dataDir);
    throw error;
  }
  // What-if experiments only (figures taken with it are not the engine's): BENCH_TURNS_PRAGMAS="a=1;b=2".
  for (const pragma of (process.env.BENCH_TURNS_PRAGMAS ?? '').split(';').filter((text) => text.trim() !== '')) {
    log(`experiment: PRAGMA ${pragma.trim()} -> ${JSON.stringify(host.db.pragma(pragma.trim()))}`);
  }
  const demo = host.services.campaigns.get(DEMO_CAMPAIGN);
  if (!demo) throw new Error(`the demo campaign ${DEMO_CAMPAIGN} is missing from a fresh data dir`);
  if (demo.world.agents.length < PARTICIPANTS) throw new Error(`the demo campaign has fewer than ${PARTICIPANTS} agents`);
  const participants = demo.world.agents.slice(0, PARTICIPANTS).map((agent) => agent.id);
  let events = 0;
  const unsubscribe = host.topics.subscribe(identityForRole('bench', 'admin'), 'turn.progress', () => {
    events++;
  });
  return {
    host,
    dataDir,
    participants,
    progressEvents: () => events,
    async close() {
      unsubscribe();
      try {
        await host.close();
      } finally {
        removeDir(dataDir);
      }
    },
  };
}

/** Runs `count` turns one after another on one campaign; returns each turn's wall time (ms). */
async function sequentialTurns(bench: Bench, campaignId: string, count: number, onTurn?: (index: number) => void): Promise<Float64Array> {
  const walls = new Float64Array(count);
  const { runner } = bench.host.services;
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const turn = runner.start({ campaignId, participants: bench.participants, origin: 'bench', startedBy: 'bench' });
    const status = await turn.done;
    walls[index] = performance.now() - started;
    if (status !== 'completed') throw new Error(`turn ${turn.number} of ${campaignId} ended ${status}, expected completed`);
    onTurn?.(index);
  }
  return walls;
}

interface CpuWindow {
  wallMs: number;
  /** CPU of this process (user + system), ms. */
  ownCpuMs: number;
  /** Cores used by other processes meanwhile (null off Linux). */
  backgroundCores: number | null;
}

async function measured<T>(work: () => Promise<T>): Promise<{ result: T } & CpuWindow> {
  const machineBefore = machineCpuSeconds();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const machineAfter = machineCpuSeconds();
  const ownCpuMs = (cpu.user + cpu.system) / 1000;
  const backgroundCores =
    machineBefore !== null && machineAfter !== null ? Math.max(0, machineAfter - machineBefore - ownCpuMs / 1000) / (wallMs / 1000) : null;
  return { result, wallMs, ownCpuMs, backgroundCores };
}

const sortedCopy = (values: ArrayLike<number>) => Float64Array.from(values).sort();
const mean = (values: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  return values.length > 0 ? sum / values.length : Number.NaN;
};

/** Nearest-rank percentile of an ascending array. */
function pct(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/**
 * Wraps `db.transaction` so that every transaction the runner opens from now on is timed: the time in
 * its body (the statements) and in total (BEGIN, body, COMMIT, including any WAL auto-checkpoint). The
 * runner calls `db.transaction(fn)()` per commit, so wrapping the method after the host is built catches
 * them; if a future engine prepares its transactions up front, `count` stays 0 and the split is omitted.
 */
function timeTransactions(host: Host) {
  const db = host.db;
  const original = db.transaction.bind(db);
  const totals = { count: 0, bodyMs: 0, totalMs: 0 };
  /** Each transaction's total time (ms), for the tail: a commit that runs a WAL checkpoint stands out. */
  const each: number[] = [];
  db.transaction = ((fn: (...args: unknown[]) => unknown) => {
    const inner = original((...args: unknown[]) => {
      const bodyStarted = performance.now();
      try {
        return fn(...args);
      } finally {
        totals.bodyMs += performance.now() - bodyStarted;
      }
    });
    const timed = (...args: unknown[]) => {
      const started = performance.now();
      try {
        return inner(...args);
      } finally {
        const elapsed = performance.now() - started;
        totals.totalMs += elapsed;
        totals.count++;
        each.push(elapsed);
      }
    };
    return Object.assign(timed, { deferred: inner.deferred, immediate: inner.immediate, exclusive: inner.exclusive, default: inner });
  }) as typeof db.transaction;
  return {
    totals,
    each,
    restore() {
      db.transaction = original;
    },
  };
}

/**
 * Which pages a turn's commits write: WAL frames per turn, by the B-tree (table or index) that owns each
 * page. A reader on a second connection holds a snapshot open meanwhile, so no checkpoint can restart the
 * WAL and every frame of these turns stays in the file to be read back (the 24-byte frame header starts
 * with the page number; dbstat names the owner). Unlike wall time, this count barely moves between runs:
 * it shows what a schema or write-path change saves on a VM whose speed drifts.
 */
async function walPagesPerTurn(bench: Bench, turns: number) {
  const { host } = bench;
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const reader = new Database(host.databasePath, { readonly: true, fileMustExist: true });
  const walPath = `${host.databasePath}-wal`;
  const frameBytes = 24 + (host.db.pragma('page_size', { simple: true }) as number);
  const pages: number[] = [];
  try {
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM turns').get();
    const from = statSync(walPath).size;
    await sequentialTurns(bench, DEMO_CAMPAIGN, turns);
    const to = statSync(walPath).size;
    const fd = openSync(walPath, 'r');
    try {
      const header = Buffer.alloc(24);
      for (let offset = from; offset + frameBytes <= to; offset += frameBytes) {
        readSync(fd, header, 0, 24, offset);
        pages.push(header.readUInt32BE(0));
      }
    } finally {
      closeSync(fd);
    }
    reader.prepare('COMMIT').run();
  } finally {
    reader.close();
  }
  const owners = new Map<number, string>();
  for (const row of host.db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[])
    owners.set(row.pageno, row.name);
  const byTree = new Map<string, number>();
  for (const page of pages) {
    const owner = owners.get(page) ?? 'freelist';
    byTree.set(owner, (byTree.get(owner) ?? 0) + 1);
  }
  return {
    turns,
    framesPerTurn: pages.length / turns,
    byTree: [...byTree.entries()].sort((a, b) => b[1] - a[1]).map(([tree, frames]) => ({ tree, perTurn: frames / turns })),
  };
}

/** Means over the stored rows of turns `fromNumber`..`toNumber` of a campaign (ms). */
function storedSplit(host: Host, campaignId: string, fromNumber: number, toNumber: number) {
  const turnRow = host.db
    .prepare(
      `SELECT count(*) AS n, avg(duration_ms) AS duration, avg(provider_ms) AS provider
         FROM turns WHERE campaign_id = ? AND number BETWEEN ? AND ?`,
    )
    .get(campaignId, fromNumber, toNumber) as { n: number; duration: number; provider: number };
  const phases = host.db
    .prepare(
      `SELECT p.phase AS phase, sum(p.duration_ms) / ? AS ms
         FROM turn_phases p JOIN turns t ON t.id = p.turn_id
        WHERE t.campaign_id = ? AND t.number BETWEEN ? AND ?
        GROUP BY p.phase ORDER BY min(p.ord)`,
    )
    .all(turnRow.n, campaignId, fromNumber, toNumber) as { phase: PhaseName; ms: number }[];
  return { turns: turnRow.n, durationMs: turnRow.duration, providerMs: turnRow.provider, phases };
}

async function throughput() {
  const bench = await openBench('throughput', ZERO_LATENCY);
  try {
    const warmup = SETTINGS.warmupTurns();
    const count = SETTINGS.sequentialTurns();
    const splitCount = SETTINGS.splitTurns();
    log(`warm-up: ${warmup} turns`);
    await sequentialTurns(bench, DEMO_CAMPAIGN, warmup);
    const eventsBefore = bench.progressEvents();
    log(`measuring: ${count} sequential turns`);
    const run = await measured(() => sequentialTurns(bench, DEMO_CAMPAIGN, count));
    const progressPerTurn = (bench.progressEvents() - eventsBefore) / count;
    const walls = sortedCopy(run.result);
    const stored = storedSplit(bench.host, DEMO_CAMPAIGN, warmup + 1, warmup + count);

    // A second, instrumented pass: how much of a turn is spent in SQLite transactions.
    let transactions: {
      perTurn: number;
      bodyMs: number;
      commitMs: number;
      wallMs: number;
      p50Ms: number;
      p99Ms: number;
      maxMs: number;
      over5Ms: number;
    } | null = null;
    if (splitCount > 0) {
      log(`split: ${splitCount} more turns with timed transactions`);
      const timing = timeTransactions(bench.host);
      const started = performance.now();
      try {
        await sequentialTurns(bench, DEMO_CAMPAIGN, splitCount);
      } finally {
        timing.restore();
      }
      const wallMs = (performance.now() - started) / splitCount;
      const { count: txCount, bodyMs, totalMs } = timing.totals;
      if (txCount > 0) {
        const sorted = sortedCopy(timing.each);
        transactions = {
          perTurn: txCount / splitCount,
          bodyMs: bodyMs / splitCount,
          commitMs: (totalMs - bodyMs) / splitCount,
          wallMs,
          p50Ms: pct(sorted, 50),
          p99Ms: pct(sorted, 99),
          maxMs: sorted[sorted.length - 1] ?? Number.NaN,
          over5Ms: timing.each.filter((elapsed) => elapsed > 5).length,
        };
      }
    }
    const walTurns = SETTINGS.walTurns();
    let wal: Awaited<ReturnType<typeof walPagesPerTurn>> | null = null;
    if (walTurns > 0) {
      log(`WAL pages: ${walTurns} more turns with the WAL kept`);
      wal = await walPagesPerTurn(bench, walTurns);
    }
    return {
      turns: count,
      warmupTurns: warmup,
      participants: bench.participants.length,
      wallMs: run.wallMs,
      turnsPerSecond: count / (run.wallMs / 1000),
      cpuMsPerTurn: run.ownCpuMs / count,
      backgroundCores: run.backgroundCores,
      wallPerTurn: { mean: mean(run.result), p50: pct(walls, 50), p99: pct(walls, 99), max: walls[walls.length - 1] ?? Number.NaN },
      stored,
      transactions,
      wal,
      progressPerTurn,
    };
  } finally {
    await bench.close();
  }
}

interface TranscriptLatency {
  phase: PhaseName;
  agentId: string | null;
  latencyMs: number;
}

/**
 * The provider's share of a phase's wall time: its critical path of provider waits. subjective_brief
 * runs its calls through mapWithConcurrency (at most `limit` in flight, taken in participant order), so
 * its critical path is the makespan of that list schedule (the max of the calls when they all fit at
 * once); every other phase awaits its calls one after another, so their latencies add up.
 */
export function providerCriticalPathMs(
  phase: PhaseName,
  calls: readonly TranscriptLatency[],
  participants: readonly string[],
  limit: number,
): number {
  if (phase !== 'subjective_brief') return calls.reduce((sum, call) => sum + call.latencyMs, 0);
  const order = new Map(participants.map((id, index) => [id, index]));
  const ordered = [...calls].sort((a, b) => (order.get(a.agentId ?? '') ?? 0) - (order.get(b.agentId ?? '') ?? 0));
  const workers = new Array<number>(Math.max(1, Math.min(limit, ordered.length))).fill(0);
  for (const call of ordered) {
    let earliest = 0;
    for (let w = 1; w < workers.length; w++) if ((workers[w] ?? 0) < (workers[earliest] ?? 0)) earliest = w;
    workers[earliest] = (workers[earliest] ?? 0) + call.latencyMs;
  }
  return Math.max(0, ...workers);
}

interface ConcurrentSample {
  /** start() call to `done` settled, measured here (ms). */
  wallMs: number;
  /** turns.duration_ms: the runner's own clock, from the start of execute() to just before finish(). */
  durationMs: number;
  /**
   * turns.provider_ms as stored. Since e45310b: wall time with at least one provider call outstanding
   * (measured by the runner, so it includes timer lateness and event-loop stalls during the waits);
   * before it: the sum of every call's latency, which exceeds the wall time when calls run in parallel.
   */
  storedProviderMs: number;
  /** Σ over phases of the critical path of provider waits (see providerCriticalPathMs). */
  providerCriticalMs: number;
  /** Σ over phases of (phase duration − its provider critical path): overhead inside the phases. */
  inPhaseOverheadMs: number;
  /** duration_ms − Σ phase durations: commits and bookkeeping between phases. */
  betweenPhasesMs: number;
  /** Per phase: its duration − its provider critical path. */
  phaseOverheadMs: Partial<Record<PhaseName, number>>;
}

async function concurrency() {
  const bench = await openBench('concurrency', REALISTIC_LATENCY);
  try {
    const { host } = bench;
    const perRound = SETTINGS.concurrentTurns();
    const rounds = SETTINGS.concurrentRounds();
    const demo = host.services.campaigns.get(DEMO_CAMPAIGN);
    if (!demo) throw new Error('demo campaign missing');
    const campaignIds = [DEMO_CAMPAIGN];
    for (let index = 1; index < perRound; index++) {
      const id = `bench-campaign-${index}`;
      host.services.campaigns.insert({ id, name: `Bench campaign ${index}`, description: 'a copy of the demo world', world: demo.world });
      campaignIds.push(id);
    }

    // Warm the code paths (JIT) without latency effects dominating: one short round.
    log(`warm-up: ${perRound} concurrent turns`);
    await runRound(bench, campaignIds);

    const transcriptsOf = host.db.prepare(
      'SELECT phase, agent_id AS agentId, latency_ms AS latencyMs FROM provider_transcripts WHERE turn_id = ?',
    );
    const phasesOf = host.db.prepare('SELECT phase, duration_ms AS durationMs FROM turn_phases WHERE turn_id = ? ORDER BY ord');
    const samples: ConcurrentSample[] = [];
    const roundResults: {
      round: number;
      turns: number;
      errors: number;
      makespanMs: number;
      backgroundCores: number | null;
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
    }[] = [];
    let errors = 0;
    const errorMessages: string[] = [];
    for (let round = 1; round <= rounds; round++) {
      log(`round ${round}/${rounds}: ${perRound} turns in flight`);
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const run = await measured(() => runRound(bench, campaignIds));
      loop.disable();
      const outcomes = run.result;
      let roundErrors = 0;
      for (const outcome of outcomes) {
        if (outcome.error !== null || outcome.status !== 'completed') {
          roundErrors++;
          if (errorMessages.length < 5) errorMessages.push(outcome.error ?? `turn ${outcome.turnId} ended ${outcome.status}`);
          continue;
        }
        const turn = host.services.turns.get(outcome.turnId);
        if (!turn || turn.durationMs === null) {
          roundErrors++;
          continue;
        }
        const calls = transcriptsOf.all(outcome.turnId) as TranscriptLatency[];
        const phases = phasesOf.all(outcome.turnId) as { phase: PhaseName; durationMs: number }[];
        let providerCriticalMs = 0;
        let inPhaseOverheadMs = 0;
        let phaseSum = 0;
        const phaseOverheadMs: Partial<Record<PhaseName, number>> = {};
        for (const phase of phases) {
          const critical = providerCriticalPathMs(
            phase.phase,
            calls.filter((call) => call.phase === phase.phase),
            turn.participants,
            turn.configuration.maxConcurrentOperations,
          );
          providerCriticalMs += critical;
          inPhaseOverheadMs += phase.durationMs - critical;
          phaseOverheadMs[phase.phase] = phase.durationMs - critical;
          phaseSum += phase.durationMs;
        }
        samples.push({
          wallMs: outcome.wallMs,
          durationMs: turn.durationMs,
          storedProviderMs: turn.providerMs,
          providerCriticalMs,
          inPhaseOverheadMs,
          betweenPhasesMs: turn.durationMs - phaseSum,
          phaseOverheadMs,
        });
      }
      errors += roundErrors;
      roundResults.push({
        round,
        turns: outcomes.length,
        errors: roundErrors,
        makespanMs: run.wallMs,
        backgroundCores: run.backgroundCores,
        loopDelayP99Ms: loop.percentile(99) / 1e6,
        loopDelayMaxMs: loop.max / 1e6,
      });
    }

    const summary = (pick: (sample: ConcurrentSample) => number) => {
      const sorted = sortedCopy(samples.map(pick));
      return {
        p50: pct(sorted, 50),
        p90: pct(sorted, 90),
        p99: pct(sorted, 99),
        max: sorted[sorted.length - 1] ?? Number.NaN,
        mean: mean(sorted),
      };
    };
    return {
      turnsPerRound: perRound,
      rounds: roundResults,
      errors,
      errorMessages,
      measuredTurns: samples.length,
      participants: bench.participants.length,
      /** The figure of issue 3: turn wall time minus the provider's critical path. */
      added: summary((s) => s.wallMs - s.providerCriticalMs),
      /** The same on the runner's own clock (excludes start()'s insert and finish()). */
      addedStored: summary((s) => s.durationMs - s.providerCriticalMs),
      /** The engine's own figure: duration_ms − stored provider_ms (see storedProviderMs). */
      engineFigure: summary((s) => s.durationMs - s.storedProviderMs),
      /** Stored provider_ms − the provider's critical path: waiting the engine books as provider time. */
      providerOvercount: summary((s) => s.storedProviderMs - s.providerCriticalMs),
      inPhase: summary((s) => s.inPhaseOverheadMs),
      perPhase: Object.fromEntries(PHASES.map((phase) => [phase, summary((s) => s.phaseOverheadMs[phase] ?? 0)])),
      betweenPhases: summary((s) => s.betweenPhasesMs),
      outsideRunner: summary((s) => s.wallMs - s.durationMs),
      wall: summary((s) => s.wallMs),
      providerCritical: summary((s) => s.providerCriticalMs),
      storedProvider: summary((s) => s.storedProviderMs),
    };
  } finally {
    await bench.close();
  }
}

interface RoundOutcome {
  turnId: string;
  status: string | null;
  error: string | null;
  wallMs: number;
}

/**
 * Starts one turn on every campaign and waits for all of them. Each start runs in its own macrotask
 * (setImmediate in between), as 50 HTTP requests arriving together would: each request's handler returns
 * before the next one runs. Starting all 50 in one synchronous loop would instead hold the first turn's
 * continuation until the 50th start() returned, an artifact of the loop rather than of the engine.
 */
async function runRound(bench: Bench, campaignIds: readonly string[]): Promise<RoundOutcome[]> {
  const { runner } = bench.host.services;
  const startGapMs = SETTINGS.startGapMs();
  const pending: Promise<RoundOutcome>[] = [];
  for (const [index, campaignId] of campaignIds.entries()) {
    if (index > 0) {
      if (startGapMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, startGapMs));
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const started = performance.now();
    let turn: ReturnType<typeof runner.start>;
    try {
      turn = runner.start({ campaignId, participants: bench.participants, origin: 'bench', startedBy: 'bench' });
    } catch (error) {
      pending.push(Promise.resolve({ turnId: '', status: null, error: (error as Error).message, wallMs: 0 }));
      continue;
    }
    pending.push(
      turn.done.then(
        (status) => ({ turnId: turn.turnId, status, error: null, wallMs: performance.now() - started }),
        (error: unknown) => ({ turnId: turn.turnId, status: null, error: (error as Error).message, wallMs: performance.now() - started }),
      ),
    );
  }
  return Promise.all(pending);
}

const MB = 1024 * 1024;

/** Least-squares slope of y over x (a trend that one noisy end point cannot fake). */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

async function memory() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the memory measurement needs --expose-gc');
  // Two passes (the first can leave work, e.g. finalizers, for the second), then 1 s idle, which lets V8
  // and the allocator hand freed pages back (about 20 MB of RSS here that a GC alone does not return),
  // then another pass. Every reading is taken this way, so they compare like with like.
  const settle = async () => {
    gc();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    gc();
  };
  const bench = await openBench('memory', ZERO_LATENCY);
  try {
    const warmup = SETTINGS.memoryWarmupTurns();
    const count = SETTINGS.memoryTurns();
    const sampleEvery = Math.max(1, Math.ceil(count / 10));
    log(`warm-up: ${warmup} turns`);
    await sequentialTurns(bench, DEMO_CAMPAIGN, warmup);
    await settle();
    const baseline = process.memoryUsage();
    const samples: { turns: number; rssMb: number; heapUsedMb: number }[] = [
      { turns: 0, rssMb: baseline.rss / MB, heapUsedMb: baseline.heapUsed / MB },
    ];
    log(`measuring: ${count} turns (RSS after warm-up ${(baseline.rss / MB).toFixed(1)} MB)`);
    let peakRss = baseline.rss;
    let settledMs = 0;
    const run = await measured(async () => {
      for (let done = 0; done < count; ) {
        const batch = Math.min(sampleEvery, count - done);
        await sequentialTurns(bench, DEMO_CAMPAIGN, batch, (index) => {
          if ((done + index + 1) % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
        });
        done += batch;
        if (done < count) {
          const settleStarted = performance.now();
          await settle();
          settledMs += performance.now() - settleStarted;
          const usage = process.memoryUsage();
          samples.push({ turns: done, rssMb: usage.rss / MB, heapUsedMb: usage.heapUsed / MB });
          log(`${done} turns: RSS ${(usage.rss / MB).toFixed(1)} MB, heap used ${(usage.heapUsed / MB).toFixed(1)} MB`);
        }
      }
    });
    await settle();
    const end = process.memoryUsage();
    samples.push({ turns: count, rssMb: end.rss / MB, heapUsedMb: end.heapUsed / MB });
    const dbFile = join(bench.dataDir, 'novel-console.db');
    return {
      turns: count,
      warmupTurns: warmup,
      wallMs: run.wallMs,
      turnsPerSecond: count / ((run.wallMs - settledMs) / 1000),
      backgroundCores: run.backgroundCores,
      rssBaselineMb: baseline.rss / MB,
      rssEndMb: end.rss / MB,
      rssDriftMb: (end.rss - baseline.rss) / MB,
      rssPeakMb: Math.max(peakRss, end.rss) / MB,
      heapUsedBaselineMb: baseline.heapUsed / MB,
      heapUsedEndMb: end.heapUsed / MB,
      externalDriftMb: (end.external - baseline.external) / MB,
      databaseMb: statSync(dbFile).size / MB,
      rssSlopeMbPer100k: slope(samples.map((sample) => [sample.turns, sample.rssMb])) * 100_000,
      heapSlopeMbPer100k: slope(samples.map((sample) => [sample.turns, sample.heapUsedMb])) * 100_000,
      samples,
    };
  } finally {
    await bench.close();
  }
}

const MODES = { throughput, concurrency, memory } as const;
const mode = process.argv[2] as keyof typeof MODES;

// Only when run as the child process (bench/turns.ts imports this module for its constants).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const measure = MODES[mode];
  if (!measure) {
    process.stderr.write(`usage: bench/turns-worker.ts ${Object.keys(MODES).join('|')}\n`);
    process.exit(2);
  }
  try {
    const result = await measure();
    process.stdout.write(`${JSON.stringify({ mode, ...result })}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
