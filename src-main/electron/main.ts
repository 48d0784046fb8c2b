/**
 * Electron main process: the desktop face. Hosts the whole engine (same createHost as headless), runs
 * the engine's HTTP server on 127.0.0.1 for /metrics and the API, and shows the renderer in one
 * hardened window talking over checked IPC. Data lives in Electron's userData folder.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, dialog, Notification } from 'electron';
import type { Identity } from '../../src-shared/rbac';
import { DatabaseOpenError } from '../engine/db/database';
import { createHost, type Host } from '../engine/host';
import { createFileLogger, createLogger, type FileLogger, type LogLevel, parseLogLevel } from '../engine/logger';
import { type RunningServer, startServer } from '../server/serve';
import { DesktopRoleError, desktopIdentity } from './desktop-identity';
import { registerIpc } from './ipc';
import { createMainWindow, guardAllWebContents, hardenSession } from './main-window';
import { appUrlMatcher } from './window-policy';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const appUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(rendererDir, 'index.html')).toString();
const isAppUrl = appUrlMatcher(appUrl, rendererDir);

if (!app.requestSingleInstanceLock()) app.quit();

let host: Host | undefined;
let server: RunningServer | undefined;
let disposeIpc: (() => void) | undefined;
let fileLog: FileLogger | undefined;

app.whenReady().then(async () => {
  // Who the window acts as, decided before anything opens: an invalid role must not start as admin.
  let identity: Identity;
  try {
    identity = desktopIdentity();
  } catch (error) {
    if (!(error instanceof DesktopRoleError)) throw error;
    dialog.showErrorBox('Novel Engine Console cannot start', error.message);
    app.exit(1);
    return;
  }
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
      // Development: npm start passes the Electron build it made; a packaged app ships it in resources/native.
      sqliteNativeBinding:
        process.env.NOVEL_CONSOLE_SQLITE_BINDING ??
        (app.isPackaged ? join(process.resourcesPath, 'native', 'better_sqlite3.node') : undefined),
      logger,
      // Desktop notification channels show alerts as system notifications (only this face can).
      notifications: {
        desktopNotifier: {
          notify({ title, body, urgency }) {
            if (!Notification.isSupported()) throw new Error('this desktop has no notification service');
            new Notification({ title, body, urgency }).show();
          },
        },
      },
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
  guardAllWebContents(isAppUrl, logger);
  disposeIpc = registerIpc({ host, identity, isAppUrl });
  logger.info({ user: identity.userId, role: identity.roles[0] }, 'desktop operator');
  createMainWindow({ preload: join(here, '..', 'preload', 'preload.cjs'), appUrl, isAppUrl, logger });
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
