/**
 * The whole path a user relies on: turns fail under injected provider faults, the recorded metrics cross
 * a default rule's threshold, the alert goes pending then firing after its `for`, and after group_wait
 * the route's receiver — a real webhook channel on loopback — receives the notification (Alertmanager
 * webhook v4 payload), the critical alert inhibiting the warning of the same name. Time is an injected
 * clock: snapshots and evaluations are stamped by it, the webhook delivery is real.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const sre = identityForRole('sre', 'developer');

let host: Host;
let data: ReturnType<typeof tempDataDir>;
let clock = 0;
let receiver: http.Server;
const received: { body: Record<string, unknown>; key: string | undefined }[] = [];

function ofGroup(alertname: string) {
  return received.find((one) => (one.body.groupLabels as Record<string, string>).alertname === alertname);
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ body: JSON.parse(body) as Record<string, unknown>, key: request.headers['idempotency-key'] as string | undefined });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  data = tempDataDir();
  clock = Math.floor(Date.now() / 15_000) * 15_000;
  host = createHost({
    dataDir: data.dir,
    face: 'headless',
    provider: {
      kind: 'simulated',
      latency: { kind: 'none' },
      // Every narrative call hangs: the phase times out and, failing fast, the turn is compensated.
      faults: { narrative_integration: { timeoutRate: 1 } },
    },
    telemetry: { tracing: false, recorder: { enabled: false } },
    alerts: { enabled: false, now: () => clock },
    notifications: { pollIntervalMs: 50 },
  });
  const port = (receiver.address() as AddressInfo).port;
  await host.rpc.invoke(
    'notifications.channels.save',
    { id: 'oncall-webhook', name: 'On-call webhook', kind: 'webhook', secret: { url: `http://127.0.0.1:${port}/hook` } },
    identityForRole('admin', 'admin'),
  );
  await host.rpc.invoke(
    'routes.set',
    {
      config: {
        route: { receiver: 'oncall-webhook', groupBy: ['alertname'], groupWait: '30s', groupInterval: '5m' },
        inhibitRules: [
          {
            sourceMatchers: [{ label: 'severity', value: 'critical' }],
            targetMatchers: [{ label: 'severity', value: 'warning' }],
            equal: ['alertname'],
          },
        ],
      },
    },
    sre,
  );
});

afterAll(async () => {
  await host?.close();
  await new Promise((resolve) => receiver.close(resolve));
  data?.cleanup();
});

describe('a fault-injected turn run', () => {
  it('fires TurnFailureRateHigh and the webhook receiver gets the notification after for + group_wait', async () => {
    const history = host.services.metricsHistory;
    const registry = host.services.metrics.registry;
    await history.snapshotRegistry(registry, clock);
    const statuses: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const { done } = host.services.runner.start({
        campaignId: 'ashfall-crossing',
        origin: 'test',
        startedBy: 'test',
        configuration: { seed: index + 1, failFastOnPhaseFailure: true, phaseTimeoutsMs: { narrative_integration: 50 } },
      });
      statuses.push(await done);
    }
    expect(statuses).toEqual(['compensated', 'compensated', 'compensated', 'compensated']);

    clock += 15_000;
    await history.snapshotRegistry(registry, clock);
    host.services.alerts.tick(clock);
    const pending = await host.rpc.invoke('alerts.list', { states: ['pending'] }, sre);
    // The hung provider calls also count as AI request errors: that rule is pending too, in a group of its own.
    expect(pending.alerts.map((alert) => alert.ruleName).sort()).toEqual([
      'AiProviderErrorRateHigh',
      'TurnFailureRateCritical',
      'TurnFailureRateWarning',
    ]);
    expect(pending.alerts.find((alert) => alert.ruleName === 'TurnFailureRateCritical')?.value).toBe(1);

    // `for: 2m`, evaluated every 15 s: firing at the first evaluation 2 minutes after it went pending.
    for (let step = 0; step < 8; step += 1) {
      clock += 15_000;
      await history.snapshotRegistry(registry, clock);
      host.services.alerts.tick(clock);
    }
    const firing = await host.rpc.invoke(
      'alerts.list',
      { states: ['firing'], matchers: [{ label: 'alertname', value: 'TurnFailureRateHigh' }] },
      sre,
    );
    expect(firing.alerts).toHaveLength(2);
    const critical = firing.alerts.find((alert) => alert.severity === 'critical');
    const warning = firing.alerts.find((alert) => alert.severity === 'warning');
    expect(critical?.inhibitedBy).toEqual([]);
    expect(warning?.inhibitedBy).toEqual([critical?.fingerprint]);
    expect(critical?.annotations.summary).toBe('100% of turns failed or were compensated in the last 15 minutes');
    expect(ofGroup('TurnFailureRateHigh')).toBeUndefined();

    // group_wait 30 s: nothing before it, the notification at it.
    clock += 29_000;
    host.services.alerts.dispatch(clock);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // (Compensation spikes fire at once and have notified through their own group by now.)
    expect(ofGroup('TurnFailureRateHigh')).toBeUndefined();
    clock += 1000;
    host.services.alerts.dispatch(clock);
    const delivered = await waitFor('the webhook notification', () => ofGroup('TurnFailureRateHigh'));
    expect(delivered.key).toBeDefined();
    expect(delivered.body).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'oncall-webhook',
      groupLabels: { alertname: 'TurnFailureRateHigh' },
      commonLabels: { alertname: 'TurnFailureRateHigh', severity: 'critical' },
    });
    const alerts = delivered.body.alerts as { labels: Record<string, string>; status: string; fingerprint: string }[];
    expect(alerts.map((alert) => alert.fingerprint)).toEqual([critical?.fingerprint]);

    const detail = await host.rpc.invoke('alerts.get', { fingerprint: critical?.fingerprint as string }, sre);
    expect(detail.transitions.map((transition) => `${transition.from}->${transition.to}`)).toEqual([
      'inactive->pending',
      'pending->firing',
    ]);
    expect(detail.notifications.map((notification) => notification.receiver)).toEqual(['oncall-webhook']);
  });
});
