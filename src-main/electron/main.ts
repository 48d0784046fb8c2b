/**
 * Electron main process: the desktop face. Hosts the whole engine (same createHost as headless), runs
 * the engine's HTTP server on 127.0.0.1 for /metrics and the API, and shows the renderer in one
 * hardened window talking over checked IPC. Data lives in Electron's userData folder.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, dialog } from 'electron';
import { identityForRole } from '../../src-shared/rbac';
import { DatabaseOpenError } from '../engine/db/database';
import { createHost, type Host } from '../engine/host';
import { createFileLogger, createLogger, type FileLogger, type LogLevel, parseLogLevel } from '../engine/logger';
import { type RunningServer, startServer } from '../server/serve';
import { registerIpc } from './ipc';
import { createMainWindow, hardenSession } from './main-window';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const appUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(rendererDir, 'index.html')).toString();
const appOrigin = new URL(appUrl);

function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (appOrigin.protocol === 'file:')
      return parsed.protocol === 'file:' && parsed.pathname.startsWith(pathToFileURL(rendererDir).pathname);
    return parsed.origin === appOrigin.origin;
  } catch {
    return false;
  }
}

if (!app.requestSingleInstanceLock()) app.quit();

let host: Host | undefined;
let server: RunningServer | undefined;
let disposeIpc: (() => void) | undefined;
let fileLog: FileLogger | undefined;

app.whenReady().then(async () => {
  const dataDir = process.env.NOVEL_CONSOLE_DATA_DIR ?? app.getPath('userData');
  // JSON lines into rotating files under <dataDir>/logs; NOVEL_CONSOLE_LOG_LEVEL picks the level.
  let level: LogLevel;
  try {
    level = parseLogLevel(process.env.NOVEL_CONSOLE_LOG_LEVEL, 'info');
  } catch (error) {
    dialog.showErrorBox('Novel Engine Console cannot start', `NOVEL_CONSOLE_LOG_LEVEL: ${(error as Error).message}`);
    app.exit(1);
    return;
  }
  let logger = createLogger(level);
  try {
    fileLog = await createFileLogger({ dataDir, level });
    logger = fileLog.logger;
  } catch (error) {
    logger.warn({ err: error }, 'cannot write the log file; logging to stderr');
  }
  try {
    host = createHost({
      dataDir,
      face: 'desktop',
      electronVersion: process.versions.electron ?? null,
      sqliteNativeBinding: process.env.NOVEL_CONSOLE_SQLITE_BINDING,
      logger,
    });
  } catch (error) {
    const message = error instanceof DatabaseOpenError ? error.message : String(error);
    dialog.showErrorBox('Novel Engine Console cannot start', message);
    app.exit(1);
    return;
  }
  try {
    server = await startServer({ host, port: Number(process.env.NOVEL_CONSOLE_PORT ?? 9464), staticDir: rendererDir });
    logger.info({ url: server.url }, 'engine HTTP server listening');
  } catch (error) {
    logger.warn({ err: error }, 'engine HTTP server not started; the desktop window works without it');
  }
  hardenSession();
  disposeIpc = registerIpc({ host, identity: identityForRole('local-operator', 'admin'), isAppUrl });
  createMainWindow({ preload: join(here, '..', 'preload', 'preload.cjs'), appUrl, isAppUrl });
});

app.on('window-all-closed', () => app.quit());

app.on('will-quit', (event) => {
  if (!host) return;
  event.preventDefault();
  const closing = host;
  host = undefined;
  disposeIpc?.();
  void (server?.close() ?? Promise.resolve())
    .then(() => closing.close())
    .then(() => fileLog?.close())
    .finally(() => app.exit(0));
});
