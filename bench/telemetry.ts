/**
 * telemetry: what observability costs a turn (issue 4). The same number of turns (BENCH_TELEMETRY_TURNS,
 * default 2,000) run on two hosts in one process — telemetry off (no metrics observation, no tracing,
 * no recorder) and on (metrics, tracing through the tail sampler into SQLite, the recorder every second)
 * — and a second "off" host as a control for the method's noise, in rotating blocks, with the simulated
 * provider at zero latency, where the overhead is largest relative to a turn. Target: on/off time ratio <= 1.03. Then each variant alone in a fresh process for
 * RSS after the same turns (forced GC): target on - off <= 50 MB. Worker: bench/telemetry-worker.ts.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ENGINE_PATH, median, printTable, REPO_ROOT, round, runJsonWorker } from './lib';

export const name = 'telemetry';
export const description = 'turn time with telemetry on vs off at 0 latency (target <= 1.03), and its memory (target <= 50 MB)';

const WORKER = join(REPO_ROOT, 'bench', 'telemetry-worker.ts');
const TARGET_RATIO = 1.03;
const TARGET_MEMORY_MB = 50;

interface Alternate {
  turns: number;
  block: number;
  offMs: number;
  onMs: number;
  controlMs: number;
  ratio: number;
  controlRatio: number;
  blockRatios: number[];
  offUsPerTurn: number;
  onUsPerTurn: number;
  keptTraces: number | null;
}

interface Memory {
  variant: 'off' | 'on';
  turns: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

export async function run(): Promise<Record<string, number>> {
  if (!existsSync(ENGINE_PATH)) throw new Error(`${relative(REPO_ROOT, ENGINE_PATH)} is missing: run npm run build first`);
  const time = await runJsonWorker<Alternate>(WORKER, ['alternate'], { flags: ['--expose-gc'] });
  const memoryOff = await runJsonWorker<Memory>(WORKER, ['memory-off'], { flags: ['--expose-gc'] });
  const memoryOn = await runJsonWorker<Memory>(WORKER, ['memory-on'], { flags: ['--expose-gc'] });
  const memoryMb = memoryOn.rssAfterMb - memoryOff.rssAfterMb;
  const blockMedian = median(time.blockRatios);
  printTable(
    ['measure', 'off', 'on', 'on/off or on-off', 'target', 'met'],
    [
      [
        'µs per turn (sum of blocks)',
        round(time.offUsPerTurn, 0),
        round(time.onUsPerTurn, 0),
        round(time.ratio, 3),
        `<= ${TARGET_RATIO}`,
        time.ratio <= TARGET_RATIO ? 'yes' : 'NO',
      ],
      ['median of block ratios', '', '', round(blockMedian, 3), '', ''],
      ['control: a second off host / off (noise floor)', '', '', round(time.controlRatio, 3), '', ''],
      [
        'RSS after turns (MB)',
        round(memoryOff.rssAfterMb),
        round(memoryOn.rssAfterMb),
        round(memoryMb),
        `<= ${TARGET_MEMORY_MB}`,
        memoryMb <= TARGET_MEMORY_MB ? 'yes' : 'NO',
      ],
    ],
  );
  console.log(`${time.turns} turns per variant in blocks of ${time.block}; traces kept by the sampler: ${time.keptTraces ?? '-'}`);
  return {
    turns: time.turns,
    offUsPerTurn: round(time.offUsPerTurn, 0),
    onUsPerTurn: round(time.onUsPerTurn, 0),
    ratio: round(time.ratio, 3),
    blockRatioMedian: round(blockMedian, 3),
    controlRatio: round(time.controlRatio, 3),
    memoryOverheadMb: round(memoryMb),
    keptTraces: time.keptTraces ?? -1,
  };
}
