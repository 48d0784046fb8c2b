/**
 * Push streams of the contract. Publishers hand a payload to a topic; it is validated once against the
 * topic's schema and then fanned out to every subscriber (SSE connections, Electron windows, tests).
 */
import { EventEmitter } from 'node:events';
import { isTopicName, type PayloadOf, type TopicName, topics } from '../../src-shared/contract';
import { ContractError } from '../../src-shared/errors';
import { hasPermission, type Identity } from '../../src-shared/rbac';
import type { Logger } from './logger';

export type TopicListener<T extends TopicName> = (payload: PayloadOf<T>) => void;

export interface TopicBus {
  publish<T extends TopicName>(topic: T, payload: PayloadOf<T>): void;
  /** Checks the identity may read the topic; returns the unsubscribe function. */
  subscribe<T extends TopicName>(identity: Identity, topic: string, listener: TopicListener<T>): () => void;
  /** The most recent payload of a topic, so a new view starts with values instead of a blank. */
  latest<T extends TopicName>(topic: T): PayloadOf<T> | undefined;
  close(): void;
}

export function createTopicBus(logger: Logger): TopicBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const last = new Map<TopicName, unknown>();

  return {
    publish(topic, payload) {
      const checked = topics[topic].payload.safeParse(payload);
      if (!checked.success) {
        logger.error({ topic, issues: checked.error.issues }, 'topic payload failed its schema; not published');
        return;
      }
      last.set(topic, checked.data);
      emitter.emit(topic, checked.data);
    },
    subscribe(identity, topic, listener) {
      if (!isTopicName(topic)) throw new ContractError('not_found', `unknown topic "${topic}"`);
      const permission = topics[topic].permission;
      if (permission !== null && !hasPermission(identity, permission)) {
        throw new ContractError('forbidden', `topic ${topic} requires the ${permission} permission`);
      }
      const wrapped = (payload: unknown) => {
        try {
          (listener as (payload: unknown) => void)(payload);
        } catch (error) {
          logger.warn({ err: error, topic }, 'topic listener threw');
        }
      };
      emitter.on(topic, wrapped);
      return () => emitter.off(topic, wrapped);
    },
    latest(topic) {
      return last.get(topic) as never;
    },
    close() {
      emitter.removeAllListeners();
    },
  };
}
