/**
 * The current page id from the address bar's hash (`#/system`), and the path below it for pages with
 * views of their own (`#/turns/diff/<a>/<b>`). Hash routes work the same from the headless server (which
 * serves only index.html at `/`) and from the desktop face's file:// URL.
 */
import { useSyncExternalStore } from 'react';

export function pageHref(id: string, ...path: string[]): string {
  return ['#', id, ...path].map((segment, index) => (index < 2 ? segment : encodeURIComponent(segment))).join('/');
}

/** `#/system` -> `system`; an empty hash -> null (the default page). */
export function pageIdFromHash(hash: string): string | null {
  return hashSegments(hash)[0] ?? null;
}

/** `#/turns/diff/a%20b/c` -> `['turns', 'diff', 'a b', 'c']`; query and empty segments are dropped. */
export function hashSegments(hash: string): string[] {
  const path = hash.replace(/^#\/?/, '').split(/[?#]/)[0] ?? '';
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashPageId(): string | null {
  return useSyncExternalStore(subscribe, () => pageIdFromHash(window.location.hash));
}

/** The raw hash, re-rendering on change; parse it with hashSegments (a string keeps the snapshot stable). */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
