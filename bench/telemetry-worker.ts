/**
 * Child process of the `telemetry` benchmark (bench/telemetry.ts), against the built engine
 * (out/main/engine.js or BENCH_ENGINE):
 *
 *   node --import tsx --expose-gc bench/telemetry-worker.ts alternate   time: off and on hosts, alternating blocks
 *   node --import tsx --expose-gc bench/telemetry-worker.ts memory-off  RSS after N turns with telemetry off
 *   node --import tsx --expose-gc bench/telemetry-worker.ts memory-on   ... and on
 *
 * "Off" is a host with metrics observation, tracing and the recorder all disabled; "on" has all of them
 * (metrics, spans through the tail sampler into SQLite, the recorder snapshotting every
 * BENCH_TELEMETRY_RECORDER_MS, default 1 s — more often than the 15 s default, so its cost shows).
 * Turns run one after another at zero provider latency with 5 participants, as a script would start
 * them (origin "bench": the sampler keeps 10%). BENCH_TELEMETRY_ON=tracing (or metrics, recorder, a
 * comma-separated list) measures parts alone. The last stdout line is one JSON object of results.
 */
import { pathToFileURL } from 'node:url';
import type { Host, HostOptions } from '../src-main/engine/host';
import { ENGINE_PATH, removeDir, tempDataDir } from './lib';
import { DEMO_CAMPAIGN, PARTICIPANTS } from './turns-worker';

const mode = process.argv[2];
const envInt = (name: string, fallback: number): number => {
  const value = Number((process.env[name] ?? '').replace(/_/g, '') || fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};
const TURNS = envInt('BENCH_TELEMETRY_TURNS', 2_000);
const BLOCK = envInt('BENCH_TELEMETRY_BLOCK', 50);
const WARMUP = envInt('BENCH_TELEMETRY_WARMUP', 300);
const RECORDER_MS = envInt('BENCH_TELEMETRY_RECORDER_MS', 1_000);
const log = (message: string) => process.stderr.write(`  [telemetry ${mode}] ${message}\n`);

/** What the "on" host turns on (BENCH_TELEMETRY_ON, e.g. `tracing` alone): all three by default. */
const ON_PARTS = new Set((process.env.BENCH_TELEMETRY_ON ?? 'metrics,tracing,recorder').split(',').map((part) => part.trim()));
for (const part of ON_PARTS) {
  if (!['metrics', 'tracing', 'recorder'].includes(part)) throw new Error(`BENCH_TELEMETRY_ON: unknown part "${part}"`);
}

type Variant = 'off' | 'on';
const TELEMETRY: Record<Variant, HostOptions['telemetry']> = {
  off: { metrics: false, tracing: false, recorder: { enabled: false } },
  on: {
    metrics: ON_PARTS.has('metrics'),
    tracing: ON_PARTS.has('tracing'),
    recorder: { enabled: ON_PARTS.has('recorder'), intervalMs: RECORDER_MS },
  },
};

interface Bench {
  host: Host;
  participants: string[];
  close(): Promise<void>;
}

async function open(variant: Variant): Promise<Bench> {
  const { createHost } = (await import(pathToFileURL(ENGINE_PATH).href)) as { createHost: (options: HostOptions) => Host };
  const dataDir = tempDataDir(`telemetry-${variant}`);
  const host = createHost({
    dataDir,
    face: 'cli',
    provider: { kind: 'simulated', latency: { kind: 'none' } },
    telemetry: TELEMETRY[variant],
  });
  const demo = host.services.campaigns.get(DEMO_CAMPAIGN);
  if (!demo) throw new Error(`the demo campaign ${DEMO_CAMPAIGN} is missing`);
  return {
    host,
    participants: demo.world.agents.slice(0, PARTICIPANTS).map((agent) => agent.id),
    async close() {
      try {
        await host.close();
      } finally {
        removeDir(dataDir);
      }
    },
  };
}

async function turns(bench: Bench, count: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const turn = bench.host.services.runner.start({
      campaignId: DEMO_CAMPAIGN,
      participants: bench.participants,
      origin: 'bench',
      startedBy: 'bench',
    });
    const status = await turn.done;
    if (status !== 'completed') throw new Error(`a benchmark turn ended ${status}`);
  }
  return performance.now() - started;
}

function gcRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

/**
 * Three hosts in one process: off, on, and a second "off" as a control — the ratio of the two identical
 * off hosts is the method's noise floor (separate database files, allocation order), which the on/off
 * ratio must be read against.
 */
async function alternate() {
  const benches = { off: await open('off'), on: await open('on'), control: await open('off') };
  const names = ['off', 'on', 'control'] as const;
  try {
    for (const name of names) await turns(benches[name], WARMUP);
    const blocks: Record<(typeof names)[number], number>[] = [];
    for (let done = 0; done < TURNS; done += BLOCK) {
      const size = Math.min(BLOCK, TURNS - done);
      // Rotate which host goes first, so drift within a round (GC, WAL growth) favours none.
      const shift = blocks.length % names.length;
      const order = [...names.slice(shift), ...names.slice(0, shift)];
      const block = { off: 0, on: 0, control: 0 };
      for (const name of order) block[name] = await turns(benches[name], size);
      blocks.push(block);
    }
    const sum = (name: (typeof names)[number]) => blocks.reduce((total, block) => total + block[name], 0);
    const offMs = sum('off');
    const onMs = sum('on');
    const controlMs = sum('control');
    // The exporter writes on a timer: what it still holds is written at close, so count after a flush.
    await benches.on.host.services.tracing?.flush();
    const kept = benches.on.host.db.prepare('SELECT count(*) AS n FROM traces').get() as { n: number } | undefined;
    log(`${TURNS} turns each: off ${offMs.toFixed(0)} ms, on ${onMs.toFixed(0)} ms, control (off) ${controlMs.toFixed(0)} ms`);
    return {
      turns: TURNS,
      block: BLOCK,
      offMs,
      onMs,
      controlMs,
      ratio: onMs / offMs,
      controlRatio: controlMs / offMs,
      blockRatios: blocks.map((block) => block.on / block.off),
      offUsPerTurn: (offMs * 1000) / TURNS,
      onUsPerTurn: (onMs * 1000) / TURNS,
      keptTraces: kept?.n ?? null,
    };
  } finally {
    for (const name of names) await benches[name].close();
  }
}

async function memory(variant: Variant) {
  const bench = await open(variant);
  try {
    await turns(bench, WARMUP);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = gcRss();
    await turns(bench, TURNS);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = gcRss();
    return { variant, turns: TURNS, rssBeforeMb: before / 2 ** 20, rssAfterMb: after / 2 ** 20 };
  } finally {
    await bench.close();
  }
}

const result =
  mode === 'alternate' ? await alternate() : mode === 'memory-off' ? await memory('off') : mode === 'memory-on' ? await memory('on') : null;
if (result === null) {
  process.stderr.write('usage: telemetry-worker.ts alternate|memory-off|memory-on\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
