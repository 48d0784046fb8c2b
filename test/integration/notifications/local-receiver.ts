/**
 * A real HTTP receiver on 127.0.0.1 standing in for a webhook endpoint, Slack, PagerDuty or an
 * Alertmanager: it records every request (path, headers, JSON body), answers what the test says
 * (200, 202, 503, …), and can go down (port closed, connections cut) and come back up on the same port.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The status this receiver answered. */
  status: number;
  at: number;
}

export interface LocalReceiver {
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  /** Requests answered 2xx. */
  accepted(): ReceivedRequest[];
  /** The status (and body) every later request gets. */
  answer(status: number, body?: string): void;
  /** Closes the port and cuts open connections: senders get "connection refused". */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(initial: { status?: number; body?: string } = {}): Promise<LocalReceiver> {
  let status = initial.status ?? 200;
  let answerBody = initial.body ?? 'ok';
  const requests: ReceivedRequest[] = [];
  let server: Server | null = null;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const created = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {}
          requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body, status, at: Date.now() });
          response.writeHead(status, { 'content-type': 'text/plain' });
          response.end(answerBody);
        });
      });
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => {
        port = (created.address() as AddressInfo).port;
        server = created;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = null;
      if (!current) return resolve();
      current.close(() => resolve());
      current.closeAllConnections();
    });

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    requests,
    accepted: () => requests.filter((request) => request.status >= 200 && request.status < 300),
    answer(next, body) {
      status = next;
      answerBody = body ?? (next < 300 ? 'ok' : 'unavailable');
    },
    down: stop,
    up: listen,
    close: stop,
  };
}

/** Waits until `check` holds (polling), or fails with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
