/**
 * Links leaving the app (SPEC section 4 "Electron"): only http(s) URLs, and only after the operator
 * confirms a dialog naming the exact URL (Cancel is the default). Everything else is refused and logged.
 */
import { type BrowserWindow, dialog, shell } from 'electron';
import type { Logger } from '../engine/logger';
import { EXTERNAL_LINK_OPEN, externalLinkDialog, isAllowedExternalUrl } from './window-policy';

export async function openExternalAfterConfirmation(window: BrowserWindow | null, url: string, logger?: Logger): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) {
    logger?.warn({ url: url.slice(0, 200) }, 'refused to open a non-http(s) link outside the app');
    return false;
  }
  const options = externalLinkDialog(url);
  const { response } =
    window && !window.isDestroyed() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  if (response !== EXTERNAL_LINK_OPEN) return false;
  await shell.openExternal(url);
  return true;
}
