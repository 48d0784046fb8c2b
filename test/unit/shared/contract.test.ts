import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, channels, isChannelName, issuesOf, isTopicName, SystemTick, topics } from '../../../src-shared/contract';
import { PERMISSIONS } from '../../../src-shared/rbac';

describe('contract', () => {
  it('names only channels that exist, never inherited object keys', () => {
    expect(isChannelName('system.health')).toBe(true);
    expect(isChannelName('system.info')).toBe(true);
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', '', 'system', 42, null]) {
      expect(isChannelName(name)).toBe(false);
    }
    expect(isTopicName('system.tick')).toBe(true);
    expect(isTopicName('toString')).toBe(false);
  });

  it('declares a valid permission (or none) and both schemas for every channel and topic', () => {
    for (const name of CHANNEL_NAMES) {
      const spec = channels[name];
      expect(spec.permission === null || PERMISSIONS.includes(spec.permission)).toBe(true);
      expect(typeof spec.request.safeParse).toBe('function');
      expect(typeof spec.response.safeParse).toBe('function');
      expect(spec.summary.length).toBeGreaterThan(10);
    }
    for (const spec of Object.values(topics)) expect(typeof spec.payload.safeParse).toBe('function');
  });

  it('rejects unknown request fields and names each of them', () => {
    const result = channels['system.health'].request.safeParse({ verbose: true, extra: 1 });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(issuesOf(result.error)).toEqual([
      { field: 'verbose', message: 'unknown field' },
      { field: 'extra', message: 'unknown field' },
    ]);
  });

  it('names the nested field of a payload that breaks its schema', () => {
    const tick = {
      at: new Date().toISOString(),
      uptimeSeconds: 1,
      memory: { rssBytes: 1, heapUsedBytes: -5, heapTotalBytes: 1, externalBytes: 1 },
      eventLoopLagMs: { mean: 0, p99: 0, max: 0 },
    };
    const result = SystemTick.safeParse(tick);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(issuesOf(result.error).map((issue) => issue.field)).toEqual(['memory.heapUsedBytes']);
    expect(SystemTick.safeParse({ ...tick, memory: { ...tick.memory, heapUsedBytes: 5 } }).success).toBe(true);
  });

  it('requires ISO timestamps, camelCase fields and the closed status set in health', () => {
    const health = {
      status: 'ok',
      database: { reachable: true, schemaVersion: 1, latestSchemaVersion: 1, error: null },
      uptimeSeconds: 3,
      versions: { app: '0.1.0', node: '20.20.2', electron: null, sqlite: '3.53.2' },
      checkedAt: new Date().toISOString(),
    };
    const schema = channels['system.health'].response;
    expect(schema.safeParse(health).success).toBe(true);
    expect(schema.safeParse({ ...health, status: 'fine' }).success).toBe(false);
    expect(schema.safeParse({ ...health, checkedAt: 'yesterday' }).success).toBe(false);
    expect(schema.safeParse({ ...health, checked_at: health.checkedAt }).success).toBe(false);
  });
});
