/**
 * One HTTP POST of a JSON body to a channel's endpoint, with a timeout, the idempotency key, and failures
 * turned into one-sentence delivery errors that name the endpoint by its scheme and host only (a webhook
 * URL may carry a token in its path or query, and errors are stored and shown).
 */

/** A delivery attempt that did not go through; `permanent` when retrying the same payload cannot help. */
export class DeliveryError extends Error {
  readonly permanent: boolean;
  constructor(message: string, options: { permanent?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.permanent = options.permanent ?? false;
  }
}

/** The request was cut short because the service is stopping, not because the endpoint failed. */
export class DeliveryAborted extends Error {}

/** A URL as errors and the channel list show it: scheme, host and port, nothing that could be a secret. */
export function shownOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an invalid URL';
  }
}

/** A non-secret URL as shown: origin and path, without credentials, query or fragment. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}

export interface HttpAuth {
  username?: string | undefined;
  password?: string | undefined;
  bearerToken?: string | undefined;
}

export function authorizationHeader(auth: HttpAuth | null | undefined): Record<string, string> {
  if (auth?.bearerToken) return { authorization: `Bearer ${auth.bearerToken}` };
  if (auth?.username !== undefined && auth.password !== undefined) {
    return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
  }
  return {};
}

/**
 * Status codes that say the payload itself was refused: sending it again cannot succeed. Everything else
 * (5xx, 429, 408, and 401/403/404/410, which an operator fixes by correcting the channel) is retried.
 */
const PERMANENT_STATUSES = new Set([400, 413, 415, 422]);

const MAX_ERROR_BODY = 200;

export interface PostOptions {
  url: string;
  body: unknown;
  idempotencyKey: string;
  timeoutMs: number;
  signal: AbortSignal;
  headers?: Record<string, string>;
}

/** POSTs the body as JSON; resolves on 2xx, else throws a DeliveryError. */
export async function postJson(options: PostOptions): Promise<void> {
  const where = shownOrigin(options.url);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'novel-engine-console',
        'idempotency-key': options.idempotencyKey,
        ...options.headers,
      },
      body: JSON.stringify(options.body),
      // A redirect would resend the body (and credentials) somewhere the operator never configured.
      redirect: 'manual',
      signal: AbortSignal.any([options.signal, timeout]),
    });
  } catch (error) {
    if (options.signal.aborted) throw new DeliveryAborted('delivery aborted: the notification service is stopping');
    if (timeout.aborted) throw new DeliveryError(`${where} did not answer within ${options.timeoutMs / 1000} s`, { cause: error });
    throw new DeliveryError(`cannot reach ${where} (${networkReason(error)}); check that the service is up and the URL is right`, {
      cause: error,
    });
  }
  if (response.ok) {
    // The answer's body says nothing we use (Slack's "ok", PagerDuty's status): it is not read.
    await response.body?.cancel().catch(() => undefined);
    return;
  }
  const detail = (await leadingText(response)).trim().replace(/\s+/g, ' ').slice(0, MAX_ERROR_BODY);
  if (response.status >= 300 && response.status < 400) {
    throw new DeliveryError(`${where} answered with a redirect (HTTP ${response.status}); configure the final URL instead`);
  }
  throw new DeliveryError(`${where} answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`, {
    permanent: PERMANENT_STATUSES.has(response.status),
  });
}

/** The first few kilobytes of an error answer (an endpoint may send megabytes), for the error message. */
async function leadingText(response: Response, limit = 4096): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A broken-off answer still has its status; the text is only a detail.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/** ECONNREFUSED, ENOTFOUND, … from fetch's cause; never the URL (undici's messages can carry it). */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause instanceof AggregateError) {
    const codes = cause.errors.map((inner: { code?: unknown }) => inner.code).filter((code): code is string => typeof code === 'string');
    if (codes.length > 0) return [...new Set(codes)].join(', ');
  }
  return 'network error';
}
