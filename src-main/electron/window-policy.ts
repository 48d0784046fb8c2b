/**
 * The desktop window's security policy as plain data and pure decisions (SPEC section 4 "Electron"):
 * the BrowserWindow options, the CSP, which URLs count as the app, where navigation may go and which
 * links may leave for the system browser. Nothing here imports Electron at run time, so a plain Node
 * test reads exactly what main-window.ts applies.
 */
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, MessageBoxOptions, WebPreferences } from 'electron';

/**
 * The renderer's policy. `frame-ancestors` only works as a header (browsers ignore it in a meta tag),
 * so index.html's meta CSP carries every directive but that one; the headless server sends all of them.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Directives a meta-tag CSP cannot carry (CSP3 §6.1: ignored when delivered in a <meta> element). */
export const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'] as const;

/** A CSP as directive -> sources, in order of appearance. */
export function parseContentSecurityPolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    // CSP keeps the first occurrence of a repeated directive and ignores the rest.
    if (!directives.has(key)) directives.set(key, sources);
  }
  return directives;
}

/** Everything the renderer's page may do: no Node, isolated preload world, Chromium's sandbox. */
export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export const MAIN_WINDOW_OPTIONS: Readonly<Omit<BrowserWindowConstructorOptions, 'webPreferences'>> = {
  width: 1280,
  height: 820,
  minWidth: 900,
  minHeight: 600,
  show: false,
  title: 'Novel Engine Console',
  backgroundColor: '#0f1419',
};

export function mainWindowOptions(preload: string): BrowserWindowConstructorOptions {
  return { ...MAIN_WINDOW_OPTIONS, webPreferences: webPreferences(preload) };
}

/**
 * Whether a URL belongs to the app: under the bundled renderer folder (file://), or on the dev server's
 * origin when ELECTRON_RENDERER_URL points at one.
 */
export function appUrlMatcher(appUrl: string, rendererDir: string): (url: string) => boolean {
  const app = new URL(appUrl);
  const rendererPath = pathToFileURL(rendererDir).pathname.replace(/\/?$/, '/');
  return (url: string) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (app.protocol === 'file:') return parsed.protocol === 'file:' && parsed.host === '' && parsed.pathname.startsWith(rendererPath);
    return parsed.origin === app.origin;
  };
}

/** Only plain http(s) links to a named host leave for the system browser; no file:, javascript:, custom schemes or embedded credentials. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

/**
 * What happens when the page tries to go somewhere: stay (the app's own URLs), offer the system browser
 * after a confirmation (http(s) links), or nothing at all (everything else).
 */
export type NavigationDecision = 'allow' | 'confirm-external' | 'deny';

export function navigationDecision(url: string, isAppUrl: (url: string) => boolean): NavigationDecision {
  if (isAppUrl(url)) return 'allow';
  return isAllowedExternalUrl(url) ? 'confirm-external' : 'deny';
}

/** window.open never makes a second Electron window: an http(s) link may go to the browser, after confirmation. */
export function windowOpenDecision(url: string): Exclude<NavigationDecision, 'allow'> {
  return isAllowedExternalUrl(url) ? 'confirm-external' : 'deny';
}

export const EXTERNAL_LINK_CANCEL = 0;
export const EXTERNAL_LINK_OPEN = 1;

/** The confirmation before a link leaves the app: names the exact URL, Cancel is the default and the Escape answer. */
export function externalLinkDialog(url: string): MessageBoxOptions {
  return {
    type: 'question',
    title: 'Open link in your browser?',
    message: 'Open this link in your web browser?',
    detail: url,
    buttons: ['Cancel', 'Open in browser'],
    defaultId: EXTERNAL_LINK_CANCEL,
    cancelId: EXTERNAL_LINK_CANCEL,
    noLink: true,
  };
}

/** The one frame allowed to talk to the main process: the window's own top-level frame, showing the app. */
export function isTrustedSender(
  senderFrame: { url: string } | null | undefined,
  mainFrame: unknown,
  isAppUrl: (url: string) => boolean,
): boolean {
  return senderFrame !== null && senderFrame !== undefined && senderFrame === mainFrame && isAppUrl(senderFrame.url);
}
