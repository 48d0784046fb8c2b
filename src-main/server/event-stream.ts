/**
 * `GET /events?topics=a,b`: server-sent events for contract topics. Each event is named by its topic and
 * carries the payload as JSON; the latest payload of each topic is sent at once so a view never starts
 * blank. A comment line every 15 s keeps proxies from closing an idle stream.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { TOPIC_NAMES } from '../../src-shared/contract';
import { ContractError } from '../../src-shared/errors';
import type { Host } from '../engine/host';
import { requireIdentity } from './authentication';

const HEARTBEAT_MS = 15_000;

export function registerEventRoutes(app: FastifyInstance, host: Host): void {
  const open = new Set<FastifyReply>();

  app.addHook('preClose', async () => {
    for (const reply of open) reply.raw.end();
    open.clear();
  });

  app.get<{ Querystring: { topics?: string } }>('/events', async (request, reply) => {
    const identity = requireIdentity(request, host);
    const requested = (request.query.topics ?? TOPIC_NAMES.join(','))
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (requested.length === 0) throw new ContractError('invalid_request', 'name at least one topic in ?topics=');

    const unsubscribers: (() => void)[] = [];
    const send = (topic: string, payload: unknown) => {
      reply.raw.write(`event: ${topic}\ndata: ${JSON.stringify(payload)}\n\n`);
    };
    try {
      for (const topic of requested) unsubscribers.push(host.topics.subscribe(identity, topic, (payload) => send(topic, payload)));
    } catch (error) {
      for (const unsubscribe of unsubscribers) unsubscribe();
      throw error;
    }

    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    reply.raw.write('retry: 3000\n\n');
    for (const topic of requested) {
      const latest = host.topics.latest(topic as (typeof TOPIC_NAMES)[number]);
      if (latest !== undefined) send(topic, latest);
    }
    open.add(reply);
    const heartbeat = setInterval(() => reply.raw.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribers) unsubscribe();
      open.delete(reply);
    });
  });
}
