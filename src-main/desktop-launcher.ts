/**
 * What `npm start` runs before the desktop face exists: find Electron's binary (fetching it once with
 * Electron's own install script where it is missing), make sure an Electron-ABI build of better-sqlite3
 * exists in its own folder (so the Node build in node_modules, used by tests and the headless face, is
 * never replaced), then run Electron. Whatever step cannot be done here ends in a one-line reason and
 * the caller starts the headless console instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type LaunchOutcome = { kind: 'exited'; code: number } | { kind: 'fallback'; reason: string };

export interface LaunchOptions {
  /** out/main/index.js, the Electron main bundle. */
  mainBundle: string;
  dataDir?: string | undefined;
}

const requireHere = createRequire(import.meta.url);

/**
 * Electron's binary if it is installed. Read from the package's path.txt rather than by loading the electron package,
 * which (since Electron 45) starts a download of its own when the binary is missing.
 */
export function electronBinary(): string | undefined {
  try {
    const packageDir = dirname(requireHere.resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const relative = readFileSync(pathFile, 'utf8').trim();
    const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
    const binary = join(distDir, relative);
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => /error|fail/i.test(l)) ?? text.split('\n').find((l) => l.trim()) ?? '';
  return line.trim().slice(0, 160);
}

let fetchError: string | undefined;

function fetchElectron(): string | undefined {
  let installScript: string;
  try {
    installScript = requireHere.resolve('electron/install.js');
  } catch {
    return undefined;
  }
  const result = spawnSync(process.execPath, [installScript], { stdio: 'pipe', timeout: 180_000, encoding: 'utf8' });
  fetchError = firstLine(`${result.stderr ?? ''}\n${result.stdout ?? ''}`) || undefined;
  return electronBinary();
}

/** Where the Electron build of better-sqlite3 for one Electron version lives. */
export function electronSqliteBinding(electronVersion: string): { folder: string; binding: string } {
  const projectRoot = dirname(requireHere.resolve('better-sqlite3/package.json')).replace(/[\\/]node_modules[\\/]better-sqlite3$/, '');
  const folder = join(projectRoot, 'node_modules', '.cache', 'novel-console', `electron-${electronVersion}`);
  return { folder, binding: join(folder, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node') };
}

async function buildSqliteForElectron(electronVersion: string): Promise<{ binding?: string; error?: string }> {
  const { folder, binding } = electronSqliteBinding(electronVersion);
  if (existsSync(binding)) return { binding };
  try {
    const source = dirname(requireHere.resolve('better-sqlite3/package.json'));
    const target = join(folder, 'node_modules', 'better-sqlite3');
    mkdirSync(target, { recursive: true });
    cpSync(source, target, { recursive: true, filter: (path) => !path.includes(`${source}/build`) });
    const { version } = requireHere('better-sqlite3/package.json') as { version: string };
    writeFileSync(
      join(folder, 'package.json'),
      JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': version } }),
    );
    // An npm `nodedir` setting reaches node-gyp as npm_config_nodedir and would compile against Node's
    // headers (Node's ABI, which Electron refuses to load): this build is for Electron's headers only.
    for (const name of Object.keys(process.env)) if (name.toLowerCase() === 'npm_config_nodedir') delete process.env[name];
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: folder, electronVersion, onlyModules: ['better-sqlite3'], force: true });
    return existsSync(binding) ? { binding } : { error: 'the rebuild produced no better_sqlite3.node' };
  } catch (error) {
    return { error: firstLine((error as Error).message) };
  }
}

export async function launchDesktop(options: LaunchOptions): Promise<LaunchOutcome> {
  const fallback = (why: string): LaunchOutcome => ({
    kind: 'fallback',
    reason: `desktop face unavailable: ${why}; starting the headless console instead`,
  });

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return fallback('no display ($DISPLAY and $WAYLAND_DISPLAY are unset)');
  }
  const binary = electronBinary() ?? fetchElectron();
  if (!binary) return fallback(`Electron's binary is not installed and could not be downloaded (${fetchError ?? 'no install script'})`);

  const { version: electronVersion } = requireHere('electron/package.json') as { version: string };
  const sqlite = await buildSqliteForElectron(electronVersion);
  if (!sqlite.binding)
    return fallback(`no Electron build of better-sqlite3 (${sqlite.error}); it needs Electron's headers from the network`);

  const env: NodeJS.ProcessEnv = { ...process.env, NOVEL_CONSOLE_SQLITE_BINDING: sqlite.binding };
  if (options.dataDir) env.NOVEL_CONSOLE_DATA_DIR = options.dataDir;
  const child = spawn(binary, [options.mainBundle], { stdio: 'inherit', env });
  const code = await new Promise<number>((resolve) => {
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
    child.once('error', () => resolve(1));
  });
  return { kind: 'exited', code };
}
