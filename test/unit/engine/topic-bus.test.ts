import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/engine/logger';
import { createRuntimeMonitor } from '../../../src-main/engine/system/runtime-monitor';
import { createTopicBus } from '../../../src-main/engine/topic-bus';
import { ContractError } from '../../../src-shared/errors';
import { identityForRole } from '../../../src-shared/rbac';

const operator = identityForRole('o', 'player');

describe('topic bus', () => {
  it('delivers valid payloads to subscribers and remembers the latest', () => {
    const bus = createTopicBus(silentLogger());
    const monitor = createRuntimeMonitor(Date.now());
    const received: unknown[] = [];
    const unsubscribe = bus.subscribe(operator, 'system.tick', (payload) => received.push(payload));
    const tick = monitor.sample();
    bus.publish('system.tick', tick);
    expect(received).toEqual([tick]);
    expect(bus.latest('system.tick')).toEqual(tick);
    unsubscribe();
    bus.publish('system.tick', monitor.sample());
    expect(received).toHaveLength(1);
    monitor.close();
  });

  it('drops a payload that breaks the topic schema', () => {
    const bus = createTopicBus(silentLogger());
    const received: unknown[] = [];
    bus.subscribe(operator, 'system.tick', (payload) => received.push(payload));
    bus.publish('system.tick', { at: 'now' } as never);
    expect(received).toEqual([]);
    expect(bus.latest('system.tick')).toBeUndefined();
  });

  it('refuses unknown topics with not_found', () => {
    const bus = createTopicBus(silentLogger());
    for (const topic of ['system.nope', '__proto__', 'toString']) {
      expect(() => bus.subscribe(operator, topic, () => {})).toThrow(ContractError);
      expect(() => bus.subscribe(operator, topic, () => {})).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
  });

  it('keeps delivering to others when one listener throws', () => {
    const bus = createTopicBus(silentLogger());
    const monitor = createRuntimeMonitor(Date.now());
    let delivered = 0;
    bus.subscribe(operator, 'system.tick', () => {
      throw new Error('broken view');
    });
    bus.subscribe(operator, 'system.tick', () => {
      delivered += 1;
    });
    bus.publish('system.tick', monitor.sample());
    expect(delivered).toBe(1);
    monitor.close();
  });
});
