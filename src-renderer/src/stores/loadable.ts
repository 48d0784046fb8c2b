/**
 * The state of one answer a view waits for: the data (kept when a refresh fails, so the view shows the
 * last known values beside the error), the error, whether a request is in flight, and when it answered.
 */
import { type ErrorView, toErrorView } from '../ui/error-view';

export interface Loadable<T> {
  data: T | null;
  error: ErrorView | null;
  loading: boolean;
  /** Epoch ms of the last successful answer. */
  updatedAt: number | null;
}

export function idleLoadable<T>(): Loadable<T> {
  return { data: null, error: null, loading: false, updatedAt: null };
}

export function loadingFrom<T>(previous: Loadable<T> | undefined): Loadable<T> {
  return { ...(previous ?? idleLoadable<T>()), loading: true };
}

export function loadedWith<T>(data: T): Loadable<T> {
  return { data, error: null, loading: false, updatedAt: Date.now() };
}

export function failedFrom<T>(previous: Loadable<T> | undefined, error: unknown): Loadable<T> {
  return { ...(previous ?? idleLoadable<T>()), error: toErrorView(error), loading: false };
}

/**
 * Only the newest request for a key may write its answer: a slow reply must not overwrite a newer one.
 * `begin(key)` returns a check that stays true until the next `begin` of the same key.
 */
export function createLatestGate(): (key: string) => () => boolean {
  const latest = new Map<string, number>();
  return (key) => {
    const id = (latest.get(key) ?? 0) + 1;
    latest.set(key, id);
    return () => latest.get(key) === id;
  };
}
