/**
 * The views of the Settings page and their addresses: `#/settings` (tokens), `#/settings/credentials`
 * `#/settings/audit` and `#/settings/backups`.
 */
import { pageHref } from '../../shell/hash-route';

export const SETTINGS_PAGE_ID = 'settings';

export type SettingsView = 'tokens' | 'credentials' | 'audit' | 'backups';

export type SettingsRoute = { view: SettingsView } | { view: 'unknown'; path: string };

/** Parses the segments after `settings`. */
export function parseSettingsRoute(segments: readonly string[]): SettingsRoute {
  const [first, ...rest] = segments;
  if (first === undefined || (first === 'tokens' && rest.length === 0)) return { view: 'tokens' };
  if ((first === 'credentials' || first === 'audit' || first === 'backups') && rest.length === 0) return { view: first };
  return { view: 'unknown', path: segments.join('/') };
}

export const settingsHref = {
  tokens: () => pageHref(SETTINGS_PAGE_ID),
  credentials: () => pageHref(SETTINGS_PAGE_ID, 'credentials'),
  audit: () => pageHref(SETTINGS_PAGE_ID, 'audit'),
  backups: () => pageHref(SETTINGS_PAGE_ID, 'backups'),
};
