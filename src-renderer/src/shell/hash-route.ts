/**
 * The current page id from the address bar's hash (`#/system`). Hash routes work the same from the
 * headless server (which serves only index.html at `/`) and from the desktop face's file:// URL.
 */
import { useSyncExternalStore } from 'react';

export function pageHref(id: string): string {
  return `#/${id}`;
}

/** `#/system` -> `system`; an empty hash -> null (the default page). */
export function pageIdFromHash(hash: string): string | null {
  const match = /^#\/([^/?#]+)/.exec(hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashPageId(): string | null {
  return useSyncExternalStore(subscribe, () => pageIdFromHash(window.location.hash));
}
