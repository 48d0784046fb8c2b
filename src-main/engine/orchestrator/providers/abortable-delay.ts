/**
 * Waiting that a caller can interrupt: simulated latency, retry backoff and the simulated "timeout" fault
 * all wait through these, so cancelling a turn (or a phase timeout) never leaves a provider call running.
 */
import { ProviderError } from './provider';

/**
 * The ProviderError for an aborted signal: `timeout` when the signal was aborted by a timeout
 * (AbortSignal.timeout, or any reason named TimeoutError), else `cancelled`.
 */
export function abortError(signal: AbortSignal, what: string): ProviderError {
  const reason: unknown = signal.reason;
  if (reason instanceof ProviderError) return reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  return timedOut
    ? new ProviderError('timeout', `${what} timed out before it completed`, { cause: reason })
    : new ProviderError('cancelled', `${what} was cancelled by the caller`, { cause: reason });
}

/** Resolves after `ms`, or rejects with abortError(signal) as soon as the signal aborts. */
export function delay(ms: number, signal: AbortSignal, what = 'provider call'): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError(signal, what));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal, what));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Never resolves; rejects with abortError(signal) when the signal aborts (the simulated "timeout" fault). */
export function waitForAbort(signal: AbortSignal, what = 'provider call'): Promise<never> {
  if (signal.aborted) return Promise.reject(abortError(signal, what));
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(abortError(signal, what)), { once: true });
  });
}
