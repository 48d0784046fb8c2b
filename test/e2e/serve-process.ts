/**
 * Runs `novel-console serve` from the built output as a child process for e2e tests, on a free port
 * and a fresh data dir, and returns its URLs once it has printed them.
 *
 * The server must not outlive the test run: it is killed in teardown, on the test process's exit, and,
 * on Linux, by the kernel when the test process dies without cleaning up (setpriv --pdeathsig).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TraceDetail } from '../../src-shared/domain/trace';
import type { HistorySink } from '../fixtures/dashboard-history';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const cli = join(repoRoot, 'out/main/cli.js');
const SETPRIV = '/usr/bin/setpriv';
const START_TIMEOUT_MS = 20_000;

export interface ServeProcess {
  url: string;
  loginUrl: string;
  pid: number;
  /** Resolves once the process has exited. */
  exited: Promise<void>;
  /** Ends the server now (SIGKILL): the crash a user would see as "disconnected". */
  kill(): Promise<void>;
  /** Kills the server if it still runs and removes its data dir. */
  cleanup(): Promise<void>;
}

/** What an e2e seed needs of a host of the built engine (out/main/engine.js: the code `serve` runs). */
export interface SeedingHost {
  services: { metricsHistory: HistorySink; traces: { insert(traces: TraceDetail[]): void } };
}

interface BuiltEngine {
  createHost(options: {
    dataDir: string;
    face: 'cli';
    telemetry: { tracing: boolean; recorder: { enabled: boolean } };
  }): SeedingHost & { close(): Promise<void> };
}

/**
 * A fresh data dir written by the built engine: `seed` runs on a host opened on it (tracing and the
 * recorder off, so only what the seed writes is there), which is closed before the dir is returned.
 */
export async function seededDataDir(label: string, seed: (host: SeedingHost) => void): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), `novel-console-e2e-${label}-`));
  const engine = (await import(pathToFileURL(join(repoRoot, 'out/main/engine.js')).href)) as BuiltEngine;
  const host = engine.createHost({ dataDir, face: 'cli', telemetry: { tracing: false, recorder: { enabled: false } } });
  try {
    seed(host);
  } finally {
    await host.close();
  }
  return dataDir;
}

export interface ServeOptions {
  /** An existing data dir (e.g. with seeded history) instead of a fresh one; it is removed in cleanup too. */
  dataDir?: string;
  /** More `serve` flags. */
  args?: string[];
}

export async function startServe(options: ServeOptions = {}): Promise<ServeProcess> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the e2e tests`);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'novel-console-e2e-'));
  const command = [process.execPath, cli, 'serve', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])];
  const [file, ...args] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'SIGKILL', '--', ...command] : command;
  const child = spawn(file as string, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });

  const exited = new Promise<void>((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) resolveExit();
    else child.once('exit', () => resolveExit());
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const cleanup = async () => {
    await kill();
    process.removeListener('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const { url, loginUrl } = await readUrls(child);
    return { url, loginUrl, pid: child.pid ?? -1, exited, kill, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function readUrls(child: ChildProcess): Promise<{ url: string; loginUrl: string }> {
  return new Promise((resolveUrls, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new Error(`novel-console serve ${reason}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`printed no login URL within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /^listening on (http:\/\/\S+)$/m.exec(stdout)?.[1];
      const loginUrl = /^login: (http:\/\/\S+)$/m.exec(stdout)?.[1];
      if (url && loginUrl) {
        clearTimeout(timer);
        resolveUrls({ url, loginUrl });
      }
    });
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
  });
}
