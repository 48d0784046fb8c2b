/**
 * The desktop window's hardening (SPEC section 4 "Electron", issue 5 item 8), read from the exact
 * objects main-window.ts hands to Electron: the BrowserWindow options, the CSP (also against the
 * renderer's index.html and the headless server's header), navigation and external links.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  appUrlMatcher,
  CONTENT_SECURITY_POLICY,
  EXTERNAL_LINK_CANCEL,
  externalLinkDialog,
  HEADER_ONLY_DIRECTIVES,
  isAllowedExternalUrl,
  isTrustedSender,
  mainWindowOptions,
  navigationDecision,
  parseContentSecurityPolicy,
  windowOpenDecision,
} from '../../../src-main/electron/window-policy';
import { SECURITY_HEADERS } from '../../../src-main/server/http-server';

const ROOT = resolve(import.meta.dirname, '../../..');
const csp = parseContentSecurityPolicy(CONTENT_SECURITY_POLICY);

/** The CSP of an index.html's meta tag. */
function metaPolicy(file: string): Map<string, string[]> {
  const html = readFileSync(file, 'utf8');
  const match = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  if (!match?.[1]) throw new Error(`${file} has no Content-Security-Policy meta tag`);
  return parseContentSecurityPolicy(match[1]);
}

/** The CSP the headless server sends. */
function serverPolicy(): Map<string, string[]> {
  return parseContentSecurityPolicy(SECURITY_HEADERS['content-security-policy'] as string);
}

describe('the main window', () => {
  const options = mainWindowOptions('/app/out/preload/preload.cjs');
  const prefs = options.webPreferences ?? {};

  it('isolates the page from Node: context isolation, sandbox, no Node integration anywhere', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.preload).toBe('/app/out/preload/preload.cjs');
  });

  it('keeps web security on and webviews and insecure content off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(options.show).toBe(false);
  });
});

describe('the content security policy', () => {
  it('runs only the bundle’s own scripts: no eval, no inline script, no plugins, no framing, no base rewriting', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  const htmlFiles = [join(ROOT, 'src-renderer/index.html'), join(ROOT, 'out/renderer/index.html')].filter((file) => existsSync(file));

  it.each(htmlFiles)('agrees with the meta tag of %s (which cannot carry header-only directives)', (file) => {
    const meta = metaPolicy(file);
    const expected = new Map([...csp].filter(([name]) => !(HEADER_ONLY_DIRECTIVES as readonly string[]).includes(name)));
    expect(Object.fromEntries(meta)).toEqual(Object.fromEntries(expected));
  });

  it('is the policy the headless server sends', () => {
    expect(Object.fromEntries(serverPolicy())).toEqual(Object.fromEntries(csp));
  });

  it('parses directives case-insensitively and keeps the first of a repeated one, as browsers do', () => {
    const parsed = parseContentSecurityPolicy("Script-Src 'self';  script-src * 'unsafe-eval' ; object-src 'none'");
    expect(parsed.get('script-src')).toEqual(["'self'"]);
    expect(parsed.get('object-src')).toEqual(["'none'"]);
  });
});

describe('where the window may go', () => {
  const rendererDir = '/opt/novel-console/out/renderer';
  const appUrl = pathToFileURL(join(rendererDir, 'index.html')).toString();
  const isAppUrl = appUrlMatcher(appUrl, rendererDir);

  it('treats only files of the bundled renderer as the app', () => {
    expect(isAppUrl(appUrl)).toBe(true);
    expect(isAppUrl(`${appUrl}#/traces`)).toBe(true);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    // A sibling folder whose name merely starts like the renderer's.
    expect(isAppUrl('file:///opt/novel-console/out/renderer-evil/index.html')).toBe(false);
    expect(isAppUrl('file://remote-host/opt/novel-console/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('treats the dev server’s origin as the app when one is used', () => {
    const dev = appUrlMatcher('http://localhost:5173/', rendererDir);
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('http://127.0.0.1:5173/')).toBe(false);
  });

  it('stays on app URLs, offers only http(s) links to the browser, and refuses the rest', () => {
    expect(navigationDecision(appUrl, isAppUrl)).toBe('allow');
    expect(navigationDecision('https://prometheus.io/docs/', isAppUrl)).toBe('confirm-external');
    expect(navigationDecision('http://127.0.0.1:9093/#/alerts', isAppUrl)).toBe('confirm-external');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'smb://host/share',
      'mailto:x@y.z',
    ]) {
      expect(navigationDecision(url, isAppUrl)).toBe('deny');
      expect(windowOpenDecision(url)).toBe('deny');
    }
    // window.open never yields a second app window, even for an app URL.
    expect(windowOpenDecision(appUrl)).toBe('deny');
    expect(windowOpenDecision('https://grafana.com/')).toBe('confirm-external');
  });

  it('opens no http(s) link that hides credentials or has no host', () => {
    expect(isAllowedExternalUrl('https://user:pass@example.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://example.com@evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('HTTPS://Example.com/path?q=1')).toBe(true);
    expect(isAllowedExternalUrl('')).toBe(false);
  });

  it('asks before a link leaves the app, naming the URL, with Cancel as the default and the Escape answer', () => {
    const url = 'https://prometheus.io/docs/alerting/latest/alertmanager/';
    const dialog = externalLinkDialog(url);
    expect(dialog.detail).toBe(url);
    expect(dialog.buttons?.[EXTERNAL_LINK_CANCEL]).toBe('Cancel');
    expect(dialog.defaultId).toBe(EXTERNAL_LINK_CANCEL);
    expect(dialog.cancelId).toBe(EXTERNAL_LINK_CANCEL);
  });
});

describe('which frame may talk to the main process', () => {
  const isAppUrl = (url: string) => url.startsWith('file:///app/');
  const mainFrame = { url: 'file:///app/index.html' };

  it('admits only the window’s own top-level frame showing the app', () => {
    expect(isTrustedSender(mainFrame, mainFrame, isAppUrl)).toBe(true);
    // A subframe, even one showing an app URL.
    expect(isTrustedSender({ url: 'file:///app/index.html' }, mainFrame, isAppUrl)).toBe(false);
    // The top frame after it navigated somewhere else.
    const navigated = { url: 'https://evil.example/' };
    expect(isTrustedSender(navigated, navigated, isAppUrl)).toBe(false);
    // A frame already gone.
    expect(isTrustedSender(null, mainFrame, isAppUrl)).toBe(false);
  });
});
