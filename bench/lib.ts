/**
 * Shared pieces of the benchmarks: the built CLI's location, spawning and stopping the headless server
 * (`novel-console serve --port 0`), a minimal HTTP client over node:http, statistics and table printing.
 * Every server spawned here is killed when the benchmark process exits, whatever the reason.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The built CLI; BENCH_CLI=path runs another build instead (e.g. a patched copy, to compare). */
export const CLI_PATH = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : join(REPO_ROOT, 'out', 'main', 'cli.js');
/** The engine as a library, from the same build as CLI_PATH (bench/turns.ts); BENCH_ENGINE=path overrides. */
export const ENGINE_PATH = process.env.BENCH_ENGINE ? resolve(process.env.BENCH_ENGINE) : join(dirname(CLI_PATH), 'engine.js');

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Record<string, number>>;
}

/** How long a server may take to print its URLs before the benchmark gives up. */
const START_TIMEOUT_MS = 15_000;
/** After SIGTERM, how long a server may take to exit before it is killed. */
const STOP_TIMEOUT_MS = 5_000;

const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    process.exit(130);
  });
}

/** Kills `child` (SIGKILL) if this process exits first, like the servers spawned by spawnServer. */
export function killOnExit(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

export function tempDataDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `novel-console-bench-${label}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface ListeningEvent {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  /** process.hrtime.bigint() when the line was read. */
  at: bigint;
}

export interface LoginEvent extends ListeningEvent {
  token: string;
}

export interface ServerProcess {
  child: ChildProcess;
  /** process.hrtime.bigint() just before spawn(). */
  spawnedAt: bigint;
  /** Settles at the `listening on URL` line (rejects if the server exits or times out first). */
  listening: Promise<ListeningEvent>;
  /** Settles at the `login: URL?token=...` line. */
  login: Promise<LoginEvent>;
  /** Everything the server wrote on stderr so far (for error messages). */
  stderr(): string;
  /** SIGTERM, wait for the exit (SIGKILL after 5 s). Safe to call more than once. */
  stop(): Promise<void>;
}

/** Starts `node out/main/cli.js serve --port 0 --data-dir DIR` with plain node (no tsx hooks). */
const BENCH_JWT_SECRET = randomBytes(32).toString('base64url');

/**
 * The JWT signing key for servers a bench starts in its own process: the keychain where one answers, else
 * this variable (benches often run without a desktop session), exactly as spawned servers get it.
 */
export function setBenchSigningKey(): void {
  process.env.NOVEL_CONSOLE_JWT_SECRET ??= BENCH_JWT_SECRET;
}

export function spawnServer(dataDir: string): ServerProcess {
  const spawnedAt = process.hrtime.bigint();
  // BENCH_SERVER_CPU=N pins the server to one core (Linux taskset) so it does not share a core with the client.
  const pin = process.env.BENCH_SERVER_CPU;
  // BENCH_SERVE_ARGS="--no-tracing" passes more options to serve (what-if runs; the figures are without).
  const extra = (process.env.BENCH_SERVE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  // Throughput runs send thousands of requests a minute from one token: the per-subject limit (100/min)
  // is off in benches; bench auth measures what authentication costs.
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" passes options to node itself (profiling runs).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const serve = [...nodeArgs, CLI_PATH, 'serve', '--port', '0', '--data-dir', dataDir, '--rate-limit', '0', ...extra];
  const [command, args] = pin ? ['taskset', ['-c', pin, process.execPath, ...serve]] : [process.execPath, serve];
  const child = spawn(command, args as string[], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // The JWT signing key: the keychain where one answers, else this variable (benches often run without
    // a desktop session). Either way the server starts the same way.
    env: { ...process.env, NODE_OPTIONS: '', NOVEL_CONSOLE_JWT_SECRET: process.env.NOVEL_CONSOLE_JWT_SECRET ?? BENCH_JWT_SECRET },
  });
  liveChildren.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      liveChildren.delete(child);
      resolve();
    });
  });

  let stderrText = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderrText.length < 64 * 1024) stderrText += chunk;
  });

  const listening = deferred<ListeningEvent>();
  const login = deferred<LoginEvent>();
  // Rejecting an already-settled promise is a no-op, so failures after readiness are harmless.
  const onFailure = (error: Error) => {
    listening.reject(error);
    login.reject(error);
  };

  let buffered = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const at = process.hrtime.bigint();
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
      if (line.startsWith('listening on ')) {
        listening.resolve({ url: line.slice('listening on '.length), at });
      } else if (line.startsWith('login: ')) {
        const loginUrl = new URL(line.slice('login: '.length));
        const token = loginUrl.searchParams.get('token');
        if (!token) onFailure(new Error(`no token in the login line: ${line}`));
        else login.resolve({ url: loginUrl.origin, token, at });
      }
    }
  });

  const timeout = setTimeout(() => {
    onFailure(new Error(`the server printed no URL within ${START_TIMEOUT_MS} ms\n${stderrText}`));
  }, START_TIMEOUT_MS);
  timeout.unref();
  login.promise.then(
    () => clearTimeout(timeout),
    () => clearTimeout(timeout),
  );
  // 'close' (not 'exit'): by then stderr has been read to the end, so the message carries it.
  child.once('close', (code, signal) => {
    onFailure(new Error(`the server exited (code ${code}, signal ${signal}) before it was ready\n${stderrText}`));
  });
  child.once('error', (error) => onFailure(error));

  return {
    child,
    spawnedAt,
    listening: listening.promise,
    login: login.promise,
    stderr: () => stderrText,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

/** A promise with its settle functions; marked handled so that awaiting only some of them is safe. */
function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

export interface HttpResult {
  status: number;
  body: string;
}

/** One request; resolves once the whole response body has been read. */
export function httpRequest(options: http.RequestOptions, body?: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const request = http.request(options, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** CPU accounting from /proc (Linux only; every reading is null elsewhere). USER_HZ is 100 on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;

function procStatFields(pid: number | 'self'): string[] | null {
  try {
    // After "pid (comm) ": state is field 0, utime 11, stime 12, cutime 13, cstime 14.
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) of a running process. */
export function processCpuSeconds(pid: number | undefined): number | null {
  const fields = pid === undefined ? null : procStatFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND : null;
}

/** CPU seconds of this process plus its children that have exited (and been reaped). */
export function selfAndChildrenCpuSeconds(): number | null {
  const fields = procStatFields('self');
  return fields ? (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND : null;
}

/** CPU seconds spent by all processes (user + nice + system), machine-wide. */
export function machineCpuSeconds(): number | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0] = fields;
    return (user + nice + system) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const nsToMs = (ns: bigint) => Number(ns) / 1e6;

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Prints rows as an aligned plain-text table (first column left-aligned, the rest right-aligned). */
export function printTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  const cells = [headers, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const format = (row: readonly string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(format(cells[0] ?? []));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of cells.slice(1)) console.log(format(row));
}

/**
 * Runs `node [flags] --import tsx SCRIPT ...args` from the repo root (stderr shown, stdout collected) and
 * returns the JSON object on its last stdout line — the protocol of the benchmarks' worker processes.
 */
export function runJsonWorker<T>(
  script: string,
  args: readonly string[],
  options: { flags?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<T> {
  const child = spawn(process.execPath, [...(options.flags ?? []), '--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '', ...options.env },
  });
  killOnExit(child);
  let stdout = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    stdout += chunk;
  });
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`${script} ${args.join(' ')} exited (code ${code}, signal ${signal}); stdout: ${stdout.slice(-2000)}`));
        return;
      }
      resolvePromise(JSON.parse(last) as T);
    });
  });
}
