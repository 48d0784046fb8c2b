/**
 * Restart safety of notifications: the console is closed in the middle of a group's group_wait and
 * reopened on the same data dir — the group still flushes on time, exactly once; reopening again after
 * the flush sends nothing twice; the resolve that happens after another restart is notified once too.
 * A real webhook channel on loopback receives them through delivery's outbox.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const sre = identityForRole('sre', 'developer');
const T0 = Math.floor(Date.now() / 15_000) * 15_000;
let clock = T0;
let data: ReturnType<typeof tempDataDir>;
let receiver: http.Server;
const received: { status: string; key: string | undefined; alerts: number }[] = [];

function open(): Host {
  return createHost({
    dataDir: data.dir,
    face: 'headless',
    telemetry: { tracing: false, recorder: { enabled: false } },
    alerts: { enabled: false, now: () => clock },
    notifications: { pollIntervalMs: 50 },
  });
}

function gauge(host: Host, value: number) {
  host.services.metricsHistory.appendSnapshot(clock, [{ name: 'restart_test_gauge', type: 'gauge', value }]);
}

async function settle(expected: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (received.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  // A little longer: a duplicate would show up now.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const payload = JSON.parse(body) as { status: string; alerts: unknown[] };
      received.push({
        status: payload.status,
        key: request.headers['idempotency-key'] as string | undefined,
        alerts: payload.alerts.length,
      });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  data = tempDataDir();
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  data.cleanup();
});

describe('a restart in the middle of group_wait', () => {
  it('still notifies once, on time, and the resolve after another restart once too', async () => {
    let host = open();
    const port = (receiver.address() as AddressInfo).port;
    await host.rpc.invoke(
      'notifications.channels.save',
      { id: 'hook', name: 'Hook', kind: 'webhook', secret: { url: `http://127.0.0.1:${port}/` } },
      identityForRole('admin', 'admin'),
    );
    await host.rpc.invoke(
      'routes.set',
      { config: { route: { receiver: 'hook', groupBy: ['alertname'], groupWait: '30s', groupInterval: '1m' } } },
      sre,
    );
    gauge(host, 10);
    await host.rpc.invoke(
      'rules.save',
      {
        name: 'RestartGauge',
        rule: {
          name: 'RestartGauge',
          kind: 'threshold',
          severity: 'critical',
          query: { metric: 'restart_test_gauge', fn: 'last', windowS: 15 },
          comparison: '>',
          threshold: 5,
        },
      },
      sre,
    );
    host.services.alerts.tick(clock);
    expect((await host.rpc.invoke('alerts.list', { states: ['firing'] }, sre)).alerts.map((alert) => alert.ruleName)).toContain(
      'RestartGauge',
    );
    clock += 10_000;
    host.services.alerts.dispatch(clock);
    await host.close();

    // Down for a while; back 21 s later — 31 s after the group formed.
    clock += 21_000;
    host = open();
    expect(host.services.alerts.nextDueAt(clock)).toBeLessThanOrEqual(clock);
    host.services.alerts.dispatch(clock);
    await settle(1);
    expect(received.map((one) => one.status)).toEqual(['firing']);
    await host.close();

    // Reopened again before the next group_interval: nothing is sent twice.
    clock += 5000;
    host = open();
    host.services.alerts.dispatch(clock);
    await settle(1);
    expect(received).toHaveLength(1);

    // The condition clears; the console restarts again before the flush that carries the resolve.
    clock += 10_000;
    gauge(host, 1);
    host.services.alerts.tick(clock);
    await host.close();
    clock += 60_000;
    host = open();
    host.services.alerts.dispatch(clock);
    await settle(2);
    host.services.alerts.dispatch(clock + 1000);
    await settle(2);
    expect(received.map((one) => one.status)).toEqual(['firing', 'resolved']);
    expect(new Set(received.map((one) => one.key)).size).toBe(2);
    const notified = host.services.alerts.store.notificationsAfter(0, 100).map((row) => `${row.receiver}:${row.status}`);
    expect(notified).toEqual(['hook:firing', 'hook:resolved']);
    await host.close();
  });
});
