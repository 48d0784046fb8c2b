/**
 * turns: the orchestrator's figures from issue 3, measured on the built engine (out/main/engine.js)
 * driven in-process on a real SQLite file (temp data dir), with the simulated provider and 5 participants
 * of the demo campaign. Three measurements, each in its own child process (bench/turns-worker.ts):
 *
 * - throughput: turns run one after another at zero provider latency; turns/s after a warm-up, and where a
 *   turn's time goes (the stored phase durations, the runner's clock, and a second pass that times the
 *   SQLite transactions), and the WAL pages a turn's commits write, by table or index (a third pass: a
 *   count that does not drift with the VM's speed). Target >= 1,000 turns/s.
 * - concurrency: rounds of 50 turns in flight on 50 campaigns with the default (realistic, lognormal)
 *   latency. Added orchestration time = turn wall time - the provider's critical path (the calls of
 *   subjective_brief run in parallel, so a phase's provider time is its makespan, not the stored sum).
 *   Target: no errors, p99 <= 5 ms.
 * - memory: RSS after a warm-up and after BENCH_TURNS_MEMORY turns (default 100,000) at zero latency,
 *   each read after a forced GC and 1 s idle (the child runs with --expose-gc). Target: drift <= 10 MB.
 *
 * Options (environment): BENCH_TURNS_ONLY=throughput,concurrency,memory picks measurements;
 * BENCH_TURNS_SEQUENTIAL (2,000), BENCH_TURNS_WARMUP (300), BENCH_TURNS_SPLIT (1,000), BENCH_TURNS_WAL (200),
 * BENCH_TURNS_WAL_ROWS (12 rows shown), BENCH_TURNS_CONCURRENT (50), BENCH_TURNS_ROUNDS (3), BENCH_TURNS_MEMORY (100,000),
 * BENCH_TURNS_MEMORY_WARMUP (5,000) set the sizes; BENCH_TURNS_PROFILE=DIR writes a CPU profile of the
 * throughput and concurrency children there (summarise with `node --import tsx bench/profile-summary.ts
 * DIR/FILE.cpuprofile`); BENCH_ENGINE=path benchmarks another build of the engine.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ENGINE_PATH, printTable, REPO_ROOT, removeDir, round, runJsonWorker, tempDataDir } from './lib';
import { SETTINGS } from './turns-worker';

export const name = 'turns';
export const description =
  'orchestrator: sequential turns/s at 0 latency, added orchestration p99 with 50 turns in flight, RSS drift over 100k turns';

const TARGET_TURNS_PER_SECOND = 1_000;
const TARGET_ADDED_P99_MS = 5;
const TARGET_RSS_DRIFT_MB = 10;
/** Above this many cores used by other processes during a measurement, its figures are flagged as disturbed. */
const BACKGROUND_WARNING_CORES = 0.15;

const WORKER = join(REPO_ROOT, 'bench', 'turns-worker.ts');
const MODES = ['throughput', 'concurrency', 'memory'] as const;
type Mode = (typeof MODES)[number];

interface Summary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

interface ThroughputResult {
  turns: number;
  warmupTurns: number;
  participants: number;
  wallMs: number;
  turnsPerSecond: number;
  cpuMsPerTurn: number;
  backgroundCores: number | null;
  wallPerTurn: { mean: number; p50: number; p99: number; max: number };
  stored: { turns: number; durationMs: number; providerMs: number; phases: { phase: string; ms: number }[] };
  transactions: {
    perTurn: number;
    bodyMs: number;
    commitMs: number;
    wallMs: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    over5Ms: number;
  } | null;
  /** WAL pages written per turn, by owning table or index (a count that does not drift with the VM). */
  wal: { turns: number; framesPerTurn: number; byTree: { tree: string; perTurn: number }[] } | null;
  progressPerTurn: number;
}

interface ConcurrencyResult {
  turnsPerRound: number;
  rounds: {
    round: number;
    turns: number;
    errors: number;
    makespanMs: number;
    backgroundCores: number | null;
    loopDelayP99Ms: number;
    loopDelayMaxMs: number;
  }[];
  errors: number;
  errorMessages: string[];
  measuredTurns: number;
  participants: number;
  added: Summary;
  addedStored: Summary;
  engineFigure: Summary;
  providerOvercount: Summary;
  inPhase: Summary;
  perPhase: Record<string, Summary>;
  betweenPhases: Summary;
  outsideRunner: Summary;
  wall: Summary;
  providerCritical: Summary;
  storedProvider: Summary;
}

interface MemoryResult {
  turns: number;
  warmupTurns: number;
  wallMs: number;
  turnsPerSecond: number;
  backgroundCores: number | null;
  rssBaselineMb: number;
  rssEndMb: number;
  rssDriftMb: number;
  rssPeakMb: number;
  heapUsedBaselineMb: number;
  heapUsedEndMb: number;
  externalDriftMb: number;
  databaseMb: number;
  rssSlopeMbPer100k: number;
  heapSlopeMbPer100k: number;
  samples: { turns: number; rssMb: number; heapUsedMb: number }[];
}

/** Runs one measurement in a child process and returns the JSON of its last stdout line. */
async function runWorker<T>(mode: Mode): Promise<T> {
  // The data dir is this process's: removed even when the child is killed (it can reach GBs in memory mode).
  const dataDir = tempDataDir(`turns-${mode}`);
  const removeOnExit = () => removeDir(dataDir);
  process.once('exit', removeOnExit);
  try {
    return await runChild<T>(mode, dataDir);
  } finally {
    process.off('exit', removeOnExit);
    removeDir(dataDir);
  }
}

function runChild<T>(mode: Mode, dataDir: string): Promise<T> {
  const flags: string[] = [];
  if (mode === 'memory') flags.push('--expose-gc');
  const profileDir = process.env.BENCH_TURNS_PROFILE;
  if (profileDir && mode !== 'memory') {
    const dir = resolve(profileDir);
    mkdirSync(dir, { recursive: true });
    // One file per thread (Node's default names): the main thread's is CPU.*.PID.0.*.cpuprofile, the
    // other one is tsx's module-loader thread.
    flags.push('--cpu-prof', '--cpu-prof-dir', dir);
    console.log(`CPU profile of the ${mode} child: ${dir}`);
  }
  return runJsonWorker<T>(WORKER, [mode], { flags, env: { BENCH_TURNS_DATA_DIR: dataDir } });
}

const ms = (value: number, digits = 2) => round(value, digits).toFixed(digits);
const cores = (value: number | null) => (value === null ? '-' : round(value, 2).toFixed(2));
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

function warnIfDisturbed(label: string, backgroundCores: (number | null)[]): void {
  const busiest = Math.max(0, ...backgroundCores.map((value) => value ?? 0));
  if (busiest > BACKGROUND_WARNING_CORES) {
    console.log(`warning: other processes used up to ${round(busiest, 2)} cores during ${label}; its figures are disturbed`);
  }
}

function reportThroughput(result: ThroughputResult, figures: Record<string, number>): void {
  console.log('');
  console.log(
    `-- throughput: ${result.turns} sequential turns (after ${result.warmupTurns} warm-up), ${result.participants} participants, zero latency`,
  );
  printTable(
    ['measure', 'value'],
    [
      ['turns/s', Math.round(result.turnsPerSecond)],
      ['wall ms per turn (mean)', ms(result.wallPerTurn.mean, 3)],
      [
        'wall ms per turn (p50 / p99 / max)',
        `${ms(result.wallPerTurn.p50, 3)} / ${ms(result.wallPerTurn.p99, 3)} / ${ms(result.wallPerTurn.max, 1)}`,
      ],
      ['CPU ms per turn (this process)', ms(result.cpuMsPerTurn, 3)],
      ['turn.progress events per turn', round(result.progressPerTurn, 1)],
      ['other cores', cores(result.backgroundCores)],
    ],
  );

  const phaseSum = result.stored.phases.reduce((sum, phase) => sum + phase.ms, 0);
  const wall = result.wallPerTurn.mean;
  const rows: (string | number)[][] = [
    ['wall time per turn (start() to done)', ms(wall, 3), '100%'],
    ['  the 5 phases (Σ turn_phases.duration_ms)', ms(phaseSum, 3), `${Math.round((100 * phaseSum) / wall)}%`],
    ...result.stored.phases.map((phase) => [`    ${phase.phase}`, ms(phase.ms, 3), `${Math.round((100 * phase.ms) / wall)}%`]),
    [
      '  between phases: commits, progress (duration_ms - Σ phases)',
      ms(result.stored.durationMs - phaseSum, 3),
      `${Math.round((100 * (result.stored.durationMs - phaseSum)) / wall)}%`,
    ],
    [
      '  outside execute(): start() insert + finish() (wall - duration_ms)',
      ms(wall - result.stored.durationMs, 3),
      `${Math.round((100 * (wall - result.stored.durationMs)) / wall)}%`,
    ],
  ];
  if (result.transactions) {
    const tx = result.transactions;
    rows.push(
      [`SQLite transactions (timed pass, ${ms(tx.wallMs, 3)} ms/turn wall):`, '', ''],
      [
        `  ${round(tx.perTurn, 1)} transactions per turn: statements in them`,
        ms(tx.bodyMs, 3),
        `${Math.round((100 * tx.bodyMs) / tx.wallMs)}%`,
      ],
      ['  BEGIN + COMMIT (WAL writes, auto-checkpoints)', ms(tx.commitMs, 3), `${Math.round((100 * tx.commitMs) / tx.wallMs)}%`],
      [
        `  one transaction: p50 / p99 / max ms (${tx.over5Ms} over 5 ms)`,
        `${ms(tx.p50Ms, 3)} / ${ms(tx.p99Ms, 3)} / ${ms(tx.maxMs, 1)}`,
        '',
      ],
    );
  }
  console.log('');
  printTable(['where a turn goes (ms per turn, mean)', 'ms', 'share'], rows);
  if (result.wal) {
    const { wal } = result;
    const shown = wal.byTree.slice(0, Number(process.env.BENCH_TURNS_WAL_ROWS) || 12);
    const rest = wal.byTree.slice(shown.length).reduce((sum, tree) => sum + tree.perTurn, 0);
    console.log('');
    printTable(
      [`WAL pages a turn writes (${wal.turns} turns): ${round(wal.framesPerTurn, 1)} per turn, by table or index`, 'pages', 'share'],
      [
        ...shown.map((tree) => [`  ${tree.tree}`, round(tree.perTurn, 2), `${Math.round((100 * tree.perTurn) / wal.framesPerTurn)}%`]),
        ...(rest > 0
          ? [[`  ${wal.byTree.length - shown.length} others`, round(rest, 2), `${Math.round((100 * rest) / wal.framesPerTurn)}%`]]
          : []),
      ],
    );
  }
  warnIfDisturbed('the throughput run', [result.backgroundCores]);
  const met = result.turnsPerSecond >= TARGET_TURNS_PER_SECOND;
  console.log(`target >= ${TARGET_TURNS_PER_SECOND} turns/s: ${verdict(met)} (${Math.round(result.turnsPerSecond)} turns/s)`);

  figures.throughput_turns = result.turns;
  figures.throughput_turns_per_s = round(result.turnsPerSecond);
  figures.throughput_wall_ms_per_turn = round(wall, 3);
  figures.throughput_wall_p99_ms = round(result.wallPerTurn.p99, 3);
  figures.throughput_cpu_ms_per_turn = round(result.cpuMsPerTurn, 3);
  figures.throughput_phases_ms_per_turn = round(phaseSum, 3);
  figures.throughput_between_phases_ms_per_turn = round(result.stored.durationMs - phaseSum, 3);
  figures.throughput_outside_execute_ms_per_turn = round(wall - result.stored.durationMs, 3);
  if (result.transactions) {
    figures.throughput_transactions_per_turn = round(result.transactions.perTurn, 1);
    figures.throughput_tx_statements_ms_per_turn = round(result.transactions.bodyMs, 3);
    figures.throughput_tx_commit_ms_per_turn = round(result.transactions.commitMs, 3);
    figures.throughput_tx_p99_ms = round(result.transactions.p99Ms, 3);
    figures.throughput_tx_max_ms = round(result.transactions.maxMs, 2);
    figures.throughput_tx_over_5ms = result.transactions.over5Ms;
  }
  if (result.wal) figures.throughput_wal_pages_per_turn = round(result.wal.framesPerTurn, 1);
  if (result.backgroundCores !== null) figures.throughput_background_cores = round(result.backgroundCores, 2);
  figures.throughput_target_met = met ? 1 : 0;
}

function reportConcurrency(result: ConcurrencyResult, figures: Record<string, number>): void {
  console.log('');
  console.log(
    `-- concurrency: ${result.rounds.length} rounds of ${result.turnsPerRound} turns in flight on ${result.turnsPerRound} campaigns, ` +
      `${result.participants} participants, default (realistic) latency, after one warm-up round`,
  );
  printTable(
    ['round', 'turns', 'errors', 'makespan ms', 'event-loop delay p99 ms', 'max ms', 'other cores'],
    result.rounds.map((r) => [
      r.round,
      r.turns,
      r.errors,
      Math.round(r.makespanMs),
      ms(r.loopDelayP99Ms, 1),
      ms(r.loopDelayMaxMs, 1),
      cores(r.backgroundCores),
    ]),
  );
  const row = (label: string, summary: Summary, digits = 2) => [
    label,
    ms(summary.p50, digits),
    ms(summary.p90, digits),
    ms(summary.p99, digits),
    ms(summary.max, digits),
  ];
  console.log('');
  printTable(
    [`ms per turn (${result.measuredTurns} turns)`, 'p50', 'p90', 'p99', 'max'],
    [
      row('added = wall - provider critical path', result.added),
      row('  same on the runner clock (duration_ms - critical path)', result.addedStored),
      row('  inside phases (phase duration - its provider critical path)', result.inPhase),
      ...Object.entries(result.perPhase).map(([phase, summary]) => row(`    ${phase}`, summary)),
      row('  between phases (commits, progress)', result.betweenPhases),
      row('  outside execute() (start() insert, finish())', result.outsideRunner),
      row('turn wall time', result.wall, 0),
      row('provider critical path (Σ phases, max of parallel calls)', result.providerCritical, 0),
      row('stored provider_ms (wall time with a call outstanding)', result.storedProvider, 0),
      row("engine's figure: duration_ms - stored provider_ms", result.engineFigure),
      row('stored provider_ms - provider critical path', result.providerOvercount),
    ],
  );
  if (result.errorMessages.length > 0) console.log(`errors: ${result.errorMessages.join('; ')}`);
  warnIfDisturbed(
    'the concurrency rounds',
    result.rounds.map((r) => r.backgroundCores),
  );
  const met = result.errors === 0 && result.added.p99 <= TARGET_ADDED_P99_MS;
  console.log(
    `target no errors and added p99 <= ${TARGET_ADDED_P99_MS} ms: ${verdict(met)} (${result.errors} errors, p99 ${ms(result.added.p99)} ms)`,
  );

  figures.concurrency_turns = result.measuredTurns + result.errors;
  figures.concurrency_errors = result.errors;
  figures.concurrency_added_p50_ms = round(result.added.p50, 2);
  figures.concurrency_added_p90_ms = round(result.added.p90, 2);
  figures.concurrency_added_p99_ms = round(result.added.p99, 2);
  figures.concurrency_added_max_ms = round(result.added.max, 2);
  figures.concurrency_added_runner_clock_p99_ms = round(result.addedStored.p99, 2);
  figures.concurrency_in_phase_p99_ms = round(result.inPhase.p99, 2);
  figures.concurrency_between_phases_p99_ms = round(result.betweenPhases.p99, 2);
  figures.concurrency_outside_execute_p99_ms = round(result.outsideRunner.p99, 2);
  figures.concurrency_engine_figure_p50_ms = round(result.engineFigure.p50, 2);
  figures.concurrency_engine_figure_p99_ms = round(result.engineFigure.p99, 2);
  figures.concurrency_provider_overcount_p99_ms = round(result.providerOvercount.p99, 2);
  figures.concurrency_loop_delay_max_ms = round(Math.max(...result.rounds.map((r) => r.loopDelayMaxMs)), 2);
  figures.concurrency_background_cores = round(Math.max(0, ...result.rounds.map((r) => r.backgroundCores ?? 0)), 2);
  figures.concurrency_target_met = met ? 1 : 0;
}

function reportMemory(result: MemoryResult, figures: Record<string, number>): void {
  console.log('');
  console.log(
    `-- memory: ${result.turns} sequential turns (after ${result.warmupTurns} warm-up), zero latency, RSS after a forced GC and 1 s idle`,
  );
  printTable(
    ['turns', 'RSS MB', 'heap used MB'],
    result.samples.map((sample) => [sample.turns, ms(sample.rssMb, 1), ms(sample.heapUsedMb, 1)]),
  );
  console.log('');
  printTable(
    ['measure', 'value'],
    [
      ['RSS after warm-up MB', ms(result.rssBaselineMb, 1)],
      ['RSS at the end MB', ms(result.rssEndMb, 1)],
      ['RSS drift MB', ms(result.rssDriftMb, 1)],
      ['RSS peak MB (sampled every 1,000 turns)', ms(result.rssPeakMb, 1)],
      ['heap used drift MB', ms(result.heapUsedEndMb - result.heapUsedBaselineMb, 1)],
      ['RSS trend MB per 100k turns (least squares over the samples)', ms(result.rssSlopeMbPer100k, 1)],
      ['heap used trend MB per 100k turns', ms(result.heapSlopeMbPer100k, 1)],
      ['external drift MB', ms(result.externalDriftMb, 1)],
      ['database file MB', ms(result.databaseMb, 0)],
      ['turns/s over the run', Math.round(result.turnsPerSecond)],
      ['other cores', cores(result.backgroundCores)],
    ],
  );
  warnIfDisturbed('the memory run', [result.backgroundCores]);
  const met = result.rssDriftMb <= TARGET_RSS_DRIFT_MB;
  console.log(`target RSS drift <= ${TARGET_RSS_DRIFT_MB} MB over ${result.turns} turns: ${verdict(met)} (${ms(result.rssDriftMb, 1)} MB)`);

  figures.memory_turns = result.turns;
  figures.memory_rss_baseline_mb = round(result.rssBaselineMb, 1);
  figures.memory_rss_end_mb = round(result.rssEndMb, 1);
  figures.memory_rss_drift_mb = round(result.rssDriftMb, 1);
  figures.memory_rss_peak_mb = round(result.rssPeakMb, 1);
  figures.memory_heap_used_drift_mb = round(result.heapUsedEndMb - result.heapUsedBaselineMb, 1);
  figures.memory_rss_trend_mb_per_100k = round(result.rssSlopeMbPer100k, 1);
  figures.memory_heap_trend_mb_per_100k = round(result.heapSlopeMbPer100k, 1);
  figures.memory_turns_per_s = Math.round(result.turnsPerSecond);
  figures.memory_database_mb = Math.round(result.databaseMb);
  if (result.backgroundCores !== null) figures.memory_background_cores = round(result.backgroundCores, 2);
  figures.memory_target_met = met ? 1 : 0;
}

function selectedModes(): Mode[] {
  const only = process.env.BENCH_TURNS_ONLY;
  if (!only) return [...MODES];
  const wanted = only.split(',').map((text) => text.trim());
  const unknown = wanted.filter((text) => !MODES.includes(text as Mode));
  if (unknown.length > 0) throw new Error(`BENCH_TURNS_ONLY: unknown ${unknown.join(', ')} (known: ${MODES.join(', ')})`);
  return MODES.filter((mode) => wanted.includes(mode));
}

export async function run(): Promise<Record<string, number>> {
  if (!existsSync(ENGINE_PATH)) throw new Error(`${relative(REPO_ROOT, ENGINE_PATH)} is missing: run npm run build first`);
  const modes = selectedModes();
  console.log(
    `engine ${relative(REPO_ROOT, ENGINE_PATH) || ENGINE_PATH}; each measurement in its own child process ` +
      `(${modes.join(', ')}; memory over ${SETTINGS.memoryTurns()} turns)`,
  );
  const figures: Record<string, number> = {};
  for (const mode of modes) {
    if (mode === 'throughput') reportThroughput(await runWorker<ThroughputResult>(mode), figures);
    if (mode === 'concurrency') reportConcurrency(await runWorker<ConcurrencyResult>(mode), figures);
    if (mode === 'memory') reportMemory(await runWorker<MemoryResult>(mode), figures);
  }
  return figures;
}
