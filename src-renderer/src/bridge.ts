/**
 * The renderer's only way to the engine. In the desktop face it uses the preload's `window.novel`; in a
 * browser it uses HTTP `/rpc/:channel` and server-sent `/events` with the bearer token from the login
 * URL. Pages call `invoke` and `subscribe` and cannot tell which face they run in.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { ChannelName, PayloadOf, RequestOf, ResponseOf, TopicName } from '../../src-shared/contract';
import type { DesktopApi } from '../../src-shared/desktop-api';
import { ContractError, parseErrorBody } from '../../src-shared/errors';

declare global {
  interface Window {
    novel?: DesktopApi;
  }
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'unauthenticated';

export interface Bridge {
  readonly kind: 'desktop' | 'http';
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  subscribe<T extends TopicName>(topic: T, listener: (payload: PayloadOf<T>) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

const TOKEN_KEY = 'novel-console.token';

/**
 * Takes `?token=` from the login URL into session storage and removes it from the address bar. `fresh`
 * says it came from the URL just now (so it is a login token to exchange for a console session).
 */
export function takeTokenFromUrl(location: Location, history: History, storage: Storage): { token: string | null; fresh: boolean } {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return { token: fromUrl, fresh: true };
  }
  return { token: storage.getItem(TOKEN_KEY), fresh: false };
}

/**
 * The login URL carries a short-lived admin token; the console trades it for a session token (12 h)
 * at once. A token that is not a login token (an API token pasted into the URL) is kept as it is.
 */
async function exchangeLoginToken(token: string, storage: Storage): Promise<string> {
  try {
    const response = await fetch('/rpc/auth.session', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    if (!response.ok) return token;
    const { token: session } = (await response.json()) as { token: string };
    storage.setItem(TOKEN_KEY, session);
    return session;
  } catch {
    return token;
  }
}

function desktopBridge(api: DesktopApi): Bridge {
  return {
    kind: 'desktop',
    async invoke(channel, request) {
      const result = await api.invoke(channel, request);
      if (result.ok) return result.value as never;
      throw ContractError.fromBody(result.error);
    },
    subscribe(topic, listener) {
      return api.on(topic, listener as (payload: unknown) => void);
    },
    onConnection(listener) {
      listener('connected');
      return () => {};
    },
  };
}

function httpBridge(initial: { token: string | null; fresh: boolean }, storage: Storage): Bridge {
  let token = initial.token;
  // Every call waits for the login exchange, so none goes out with the one-time login token.
  const ready: Promise<void> =
    token && initial.fresh
      ? exchangeLoginToken(token, storage).then((session) => {
          token = session;
        })
      : Promise.resolve();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const topicListeners = new Map<string, Set<(payload: unknown) => void>>();
  let state: ConnectionState = token ? 'connecting' : 'unauthenticated';
  let stream: AbortController | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of connectionListeners) listener(next);
  };
  const headers = (): HeadersInit => (token ? { authorization: `Bearer ${token}` } : {});

  /**
   * Hands one event to its topic's listeners. A malformed event or a throwing listener is reported and
   * skipped: it must not tear down the stream that every other view depends on.
   */
  function deliver(topic: string, data: string) {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      console.error(`events: ${topic} carried invalid JSON; event skipped`);
      return;
    }
    for (const listener of topicListeners.get(topic) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`events: a ${topic} listener failed`, error);
      }
    }
  }

  /** One SSE stream carries every subscribed topic; it is reopened when the topic set changes. */
  function reconnect(delayMs = 0) {
    stream?.abort();
    clearTimeout(retryTimer);
    const names = [...topicListeners.keys()];
    if (names.length === 0 || !token) return;
    retryTimer = setTimeout(() => void open(names), delayMs);
  }

  async function open(names: string[]) {
    const controller = new AbortController();
    stream = controller;
    try {
      await ready;
      const response = await fetch(`/events?topics=${encodeURIComponent(names.join(','))}`, {
        headers: headers(),
        signal: controller.signal,
      });
      if (response.status === 401) return setState('unauthenticated');
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      setState('connected');
      const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      for await (const event of events) {
        if (event.event) deliver(event.event, event.data);
      }
      throw new Error('events: stream ended');
    } catch {
      if (controller.signal.aborted) return;
      setState('disconnected');
      reconnect(3000);
    }
  }

  return {
    kind: 'http',
    async invoke(channel, request) {
      let response: Response;
      await ready;
      try {
        response = await fetch(`/rpc/${channel}`, {
          method: 'POST',
          headers: { ...headers(), 'content-type': 'application/json' },
          body: JSON.stringify(request ?? {}),
        });
      } catch {
        setState('disconnected');
        throw new ContractError('unavailable', 'the console server cannot be reached; is novel-console serve still running?');
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (response.ok) {
        if (state !== 'connected' && topicListeners.size === 0) setState('connected');
        return body as never;
      }
      if (response.status === 401) setState('unauthenticated');
      const error = parseErrorBody(body);
      throw error ? ContractError.fromBody(error) : new ContractError('internal', `HTTP ${response.status} from ${channel}`);
    },
    subscribe(topic, listener) {
      let set = topicListeners.get(topic);
      const isNewTopic = !set;
      if (!set) {
        set = new Set();
        topicListeners.set(topic, set);
      }
      set.add(listener as (payload: unknown) => void);
      if (isNewTopic) reconnect();
      return () => {
        const current = topicListeners.get(topic);
        current?.delete(listener as (payload: unknown) => void);
        if (current && current.size === 0) {
          topicListeners.delete(topic);
          reconnect();
        }
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}

export function createBridge(): Bridge {
  if (window.novel) return desktopBridge(window.novel);
  return httpBridge(takeTokenFromUrl(window.location, window.history, window.sessionStorage), window.sessionStorage);
}
