/**
 * Benchmark runner. `npm run bench` runs every benchmark; `npm run bench -- NAME [NAME...]` runs those.
 * Each benchmark prints a human-readable table and then, as the last line of its output, exactly one
 * JSON object of its figures: {"bench":"NAME",...}. Needs the built CLI (`npm run build`); BENCH_CLI=path
 * benchmarks another build of it (e.g. a patched copy outside the repo).
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import * as alerts from './alerts';
import * as auth from './auth';
import * as backup from './backup';
import * as dashboard from './dashboard';
import * as exportBench from './export';
import { type Benchmark, CLI_PATH, REPO_ROOT } from './lib';
import * as load from './load';
import * as rpc from './rpc';
import * as scrape from './scrape';
import * as spans from './spans';
import * as startup from './startup';
import * as telemetry from './telemetry';
import * as turns from './turns';
import * as waterfall from './waterfall';

const BENCHMARKS: readonly Benchmark[] = [
  startup,
  rpc,
  turns,
  telemetry,
  spans,
  scrape,
  dashboard,
  waterfall,
  auth,
  alerts,
  exportBench,
  backup,
  load,
];

function listBenchmarks(): string {
  const width = Math.max(...BENCHMARKS.map((bench) => bench.name.length));
  return BENCHMARKS.map((bench) => `  ${bench.name.padEnd(width)}  ${bench.description}`).join('\n');
}

const requested = process.argv.slice(2);
const unknown = requested.filter((wanted) => !BENCHMARKS.some((bench) => bench.name === wanted));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark: ${unknown.join(', ')}\navailable benchmarks:\n${listBenchmarks()}\n`);
  process.exit(1);
}
if (!existsSync(CLI_PATH)) {
  process.stderr.write(`${relative(REPO_ROOT, CLI_PATH)} is missing: run npm run build first\n`);
  process.exit(1);
}

const selected = requested.length === 0 ? BENCHMARKS : BENCHMARKS.filter((bench) => requested.includes(bench.name));
let failed = false;
for (const [index, bench] of selected.entries()) {
  if (index > 0) console.log('');
  console.log(`== ${bench.name}: ${bench.description}`);
  try {
    const figures = await bench.run();
    console.log(JSON.stringify({ bench: bench.name, ...figures }));
  } catch (error) {
    failed = true;
    process.stderr.write(`bench ${bench.name} failed: ${(error as Error).stack ?? String(error)}\n`);
  }
}
process.exit(failed ? 1 : 0);
