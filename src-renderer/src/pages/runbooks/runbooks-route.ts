/**
 * The views of the Runbooks page and their addresses: `#/runbooks` (the list), `#/runbooks/new` (write a
 * runbook), `#/runbooks/<slug>` (read it and take its steps), `#/runbooks/<slug>/edit`,
 * `#/runbooks/<slug>/history` and `#/runbooks/<slug>/history/<version>`. `?alert=<fingerprint>` opens a
 * runbook for an alert: its live context shows and the steps are recorded on that alert's incident.
 * The Alerts page links here with `runbooksHref.runbook(slug, fingerprint)`.
 */
import { pageHref } from '../../shell/hash-route';

export const RUNBOOKS_PAGE_ID = 'runbooks';

/** `new` names the editor of a new runbook, so no runbook may be called that. */
export const NEW_RUNBOOK_SEGMENT = 'new';

export type RunbooksRoute =
  | { view: 'list' }
  | { view: 'new' }
  | { view: 'runbook'; slug: string; alert: string | null }
  | { view: 'edit'; slug: string }
  | { view: 'history'; slug: string; version: number | null }
  | { view: 'unknown'; path: string };

/** `?alert=…` of a hash such as `#/runbooks/x?alert=0123`. */
export function alertOfHash(hash: string): string | null {
  const query = hash.split('?')[1];
  if (!query) return null;
  const alert = new URLSearchParams(query).get('alert');
  return alert && /^[0-9a-f]{16}$/.test(alert) ? alert : null;
}

/** Parses the segments after `runbooks`, with the hash's query. */
export function parseRunbooksRoute(segments: readonly string[], hash = ''): RunbooksRoute {
  const [slug, view, version, ...rest] = segments;
  if (slug === undefined) return { view: 'list' };
  if (slug === NEW_RUNBOOK_SEGMENT && view === undefined) return { view: 'new' };
  if (rest.length > 0 || slug === NEW_RUNBOOK_SEGMENT) return { view: 'unknown', path: segments.join('/') };
  if (view === undefined) return { view: 'runbook', slug, alert: alertOfHash(hash) };
  if (view === 'edit' && version === undefined) return { view: 'edit', slug };
  if (view === 'history') {
    if (version === undefined) return { view: 'history', slug, version: null };
    if (/^\d{1,9}$/.test(version)) return { view: 'history', slug, version: Number(version) };
  }
  return { view: 'unknown', path: segments.join('/') };
}

export const runbooksHref = {
  list: () => pageHref(RUNBOOKS_PAGE_ID),
  create: () => pageHref(RUNBOOKS_PAGE_ID, NEW_RUNBOOK_SEGMENT),
  runbook: (slug: string, alertFingerprint?: string | null) =>
    alertFingerprint
      ? `${pageHref(RUNBOOKS_PAGE_ID, slug)}?alert=${encodeURIComponent(alertFingerprint)}`
      : pageHref(RUNBOOKS_PAGE_ID, slug),
  edit: (slug: string) => pageHref(RUNBOOKS_PAGE_ID, slug, 'edit'),
  history: (slug: string, version?: number) =>
    version === undefined ? pageHref(RUNBOOKS_PAGE_ID, slug, 'history') : pageHref(RUNBOOKS_PAGE_ID, slug, 'history', String(version)),
};
