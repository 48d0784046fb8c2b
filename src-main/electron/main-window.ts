/**
 * The main window, locked down by window-policy.ts: context isolation, sandbox, no Node in the page, a
 * strict CSP on every response, no second window, no navigation away from the app, no permission
 * grants, no webviews; http(s) links go to the system browser only after a confirmation.
 */
import { app, BrowserWindow, session, type WebContents } from 'electron';
import type { Logger } from '../engine/logger';
import { openExternalAfterConfirmation } from './external-links';
import { CONTENT_SECURITY_POLICY, mainWindowOptions, navigationDecision, windowOpenDecision } from './window-policy';

export { CONTENT_SECURITY_POLICY } from './window-policy';

export interface MainWindowOptions {
  preload: string;
  /** file:// URL of out/renderer/index.html, or the dev server's URL. */
  appUrl: string;
  isAppUrl(url: string): boolean;
  logger?: Logger;
}

export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Exports reach the desktop as downloads of the app's own blob: URLs: the user picks where each goes.
  ses.on('will-download', (event, item) => {
    if (!item.getURL().startsWith('blob:')) {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ title: 'Save export', defaultPath: item.getFilename() });
  });
}

/** Guards for every webContents the app ever creates (defence in depth beyond the main window). */
export function guardAllWebContents(isAppUrl: (url: string) => boolean, logger?: Logger): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isAppUrl, logger));
}

const guarded = new WeakSet<WebContents>();

function guardWebContents(contents: WebContents, isAppUrl: (url: string) => boolean, logger?: Logger): void {
  // Once per webContents: the main window's is also seen by web-contents-created, and two navigation
  // listeners would ask twice.
  if (guarded.has(contents)) return;
  guarded.add(contents);
  const owner = () => BrowserWindow.fromWebContents(contents);
  contents.setWindowOpenHandler(({ url }) => {
    // Never a second Electron window; an http(s) link may go to the system browser after confirmation.
    if (windowOpenDecision(url) === 'confirm-external') void openExternalAfterConfirmation(owner(), url, logger);
    else logger?.warn({ url: url.slice(0, 200) }, 'window.open refused');
    return { action: 'deny' };
  });
  const onNavigate = (event: { preventDefault(): void }, url: string) => {
    const decision = navigationDecision(url, isAppUrl);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'confirm-external') void openExternalAfterConfirmation(owner(), url, logger);
    else logger?.warn({ url: url.slice(0, 200) }, 'navigation away from the app refused');
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-redirect', onNavigate);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options.preload));
  guardWebContents(window.webContents, options.isAppUrl, options.logger);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.appUrl);
  return window;
}
