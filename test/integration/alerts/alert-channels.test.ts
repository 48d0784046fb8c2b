/**
 * The alert channels as the Alerts page and the API use them, on a real host: rules are validated
 * against the metrics that exist and versioned; a preview says whether and when an unsaved rule would
 * have fired; a silence mutes a firing alert's notifications and expires; acknowledging stops the
 * escalation of an unacknowledged critical alert, which otherwise goes to its route's escalation
 * receiver after the configured delay; permissions follow SPEC's RBAC table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import type { AlertRuleInput } from '../../../src-shared/domain/alerts';
import { ContractError } from '../../../src-shared/errors';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const developer = identityForRole('dev', 'developer');
const storyMaster = identityForRole('sm', 'story_master');
const T0 = Math.floor(Date.now() / 15_000) * 15_000 - 3_600_000;
let clock = T0;
let host: Host;
let data: ReturnType<typeof tempDataDir>;

const rule = (overrides: Partial<AlertRuleInput> = {}): AlertRuleInput =>
  ({
    name: 'QueueDeep',
    kind: 'threshold',
    severity: 'critical',
    query: { metric: 'queue_depth', fn: 'avg', windowS: 60 },
    comparison: '>',
    threshold: 100,
    for: '1m',
    annotations: { summary: 'Queue depth {{ $value }} on {{ $labels.queue }}', description: '', runbook: 'queue-deep' },
    ...overrides,
  }) as AlertRuleInput;

function depth(atMs: number, value: number) {
  host.services.metricsHistory.appendSnapshot(atMs, [{ name: 'queue_depth', type: 'gauge', labels: { queue: 'turns' }, value }]);
}

function step(ms: number, value?: number) {
  for (let at = clock + 15_000; at <= clock + ms; at += 15_000) {
    if (value !== undefined) depth(at, value);
    host.services.alerts.tick(at);
  }
  clock += ms;
}

async function code(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    return error instanceof ContractError ? error.code : String(error);
  }
}

beforeAll(async () => {
  data = tempDataDir();
  host = createHost({
    dataDir: data.dir,
    face: 'headless',
    telemetry: { tracing: false, recorder: { enabled: false } },
    alerts: { enabled: false, now: () => clock },
  });
  // An hour of history: quiet for 40 minutes, then over 100 for 20.
  for (let at = T0 - 3_600_000; at <= T0; at += 15_000) depth(at, at < T0 - 1_200_000 ? 20 : 150);
  await host.rpc.invoke('notifications.channels.save', { id: 'pager', name: 'Pager', kind: 'desktop' }, identityForRole('admin', 'admin'));
});

afterAll(async () => {
  await host.close();
  data.cleanup();
});

describe('rules', () => {
  it('refuses a rule over a metric that does not exist, or a function the metric cannot take', async () => {
    const unknown = host.rpc.invoke(
      'rules.save',
      { name: 'QueueDeep', rule: rule({ query: { metric: 'no_such_metric', fn: 'last', windowS: 60 } }) },
      developer,
    );
    await expect(unknown).rejects.toThrow(/no_such_metric is not in the registry/);
    const rate = host.rpc.invoke(
      'rules.save',
      { name: 'QueueDeep', rule: rule({ query: { metric: 'queue_depth', fn: 'rate', windowS: 60 } }) },
      developer,
    );
    await expect(rate).rejects.toThrow(/rate needs a counter/);
  });

  it('previews an unsaved rule over the history: the series and when it would have fired', async () => {
    const preview = await host.rpc.invoke(
      'rules.preview',
      { rule: rule(), start: new Date(T0 - 3_600_000).toISOString(), end: new Date(T0).toISOString(), stepS: 60 },
      developer,
    );
    expect(preview.wouldHaveFired).toBe(true);
    expect(preview.threshold).toBe(100);
    const [series] = preview.series;
    expect(series?.labels).toMatchObject({ alertname: 'QueueDeep', queue: 'turns', severity: 'critical' });
    // Over 100 from T0 - 20 min (the 1 min average crosses within a step), firing 1 min later.
    expect(preview.firstFiringAt).toBeGreaterThanOrEqual(T0 - 1_200_000 + 60_000);
    expect(preview.firstFiringAt).toBeLessThanOrEqual(T0 - 1_200_000 + 180_000);
    expect(series?.firing).toEqual([{ from: preview.firstFiringAt, to: null }]);
  });

  it('saves, versions and refuses a stale save; story masters cannot edit rules', async () => {
    const saved = await host.rpc.invoke('rules.save', { name: 'QueueDeep', rule: rule() }, developer);
    expect(saved).toMatchObject({ created: true, rule: { version: 1, source: 'user', updatedBy: 'dev' } });
    const again = await host.rpc.invoke('rules.save', { name: 'QueueDeep', rule: rule({ threshold: 120 }), expectedVersion: 1 }, developer);
    expect(again.rule.version).toBe(2);
    expect(await code(host.rpc.invoke('rules.save', { name: 'QueueDeep', rule: rule(), expectedVersion: 1 }, developer))).toBe('conflict');
    expect(await code(host.rpc.invoke('rules.save', { name: 'QueueDeep', rule: rule() }, storyMaster))).toBe('forbidden');
    expect(await code(host.rpc.invoke('alerts.list', {}, storyMaster))).toBe('forbidden');
    await host.rpc.invoke('rules.save', { name: 'QueueDeep', rule: rule(), expectedVersion: 2 }, developer);
    const listed = await host.rpc.invoke('rules.list', { severity: 'critical' }, developer);
    expect(listed.rules.map((info) => info.rule.name)).toContain('QueueDeep');
  });
});

describe('an incident', () => {
  it('escalates an unacknowledged critical alert after the delay, and not once acknowledged', async () => {
    await host.rpc.invoke(
      'routes.set',
      {
        config: {
          route: {
            receiver: 'console',
            groupBy: ['alertname'],
            groupWait: '0s',
            routes: [{ matchers: [{ label: 'severity', value: 'critical' }], escalate: { after: '5m', receiver: 'pager' } }],
          },
        },
      },
      developer,
    );
    expect(await code(host.rpc.invoke('routes.set', { config: { route: { receiver: 'nowhere' } } }, developer))).toBe('invalid_request');
    const changes: string[] = [];
    const unsubscribe = host.topics.subscribe(developer, 'alerts.changed', (changed) => {
      for (const transition of (changed as { transitions: { ruleName: string; from: string; to: string }[] }).transitions) {
        if (transition.ruleName === 'QueueDeep') changes.push(`${transition.from}->${transition.to}`);
      }
    });
    step(90_000, 150);
    unsubscribe();
    expect(changes).toEqual(['inactive->pending', 'pending->firing']);
    const [alert] = (await host.rpc.invoke('alerts.list', { states: ['firing'], ruleName: 'QueueDeep' }, developer)).alerts;
    expect(alert?.annotations.summary).toBe('Queue depth 150 on turns');
    const fingerprint = alert?.fingerprint as string;
    step(4 * 60_000, 150);
    let detail = await host.rpc.invoke('alerts.get', { fingerprint }, developer);
    expect(detail.notifications.map((row) => `${row.kind}:${row.receiver}`)).toEqual(['notify:console']);
    step(60_000, 150);
    detail = await host.rpc.invoke('alerts.get', { fingerprint }, developer);
    expect(detail.notifications.map((row) => `${row.kind}:${row.receiver}`)).toEqual(['escalation:pager', 'notify:console']);
    expect(detail.alert.escalatedAt).not.toBeNull();
    expect(detail.series?.length).toBeGreaterThan(10);

    // Acknowledged: who and when; a later episode escalates afresh only if nobody acknowledges it.
    const acked = await host.rpc.invoke('alerts.ack', { fingerprint, comment: 'looking' }, developer);
    expect(acked.alert.acknowledged).toMatchObject({ by: 'dev', comment: 'looking' });
    const entries = await host.rpc.invoke('audit.list', { action: 'alerts.ack' }, identityForRole('admin', 'admin'));
    expect(entries.entries[0]).toMatchObject({ actor: 'dev', target: `alert:${fingerprint}`, outcome: 'ok' });

    step(60_000, 20);
    step(60_000, 150);
    step(60_000, 150);
    detail = await host.rpc.invoke('alerts.get', { fingerprint }, developer);
    expect(detail.alert.episode).toBe(2);
    expect(detail.alert.acknowledged).toBeNull();
    await host.rpc.invoke('alerts.ack', { fingerprint, comment: 'again' }, developer);
    step(10 * 60_000, 150);
    detail = await host.rpc.invoke('alerts.get', { fingerprint }, developer);
    expect(detail.notifications.filter((row) => row.kind === 'escalation').map((row) => row.status)).toEqual(['resolved', 'firing']);
  });

  it('a silence mutes the alert (no notifications while active) and can be expired', async () => {
    const [alert] = (await host.rpc.invoke('alerts.list', { states: ['firing'], ruleName: 'QueueDeep' }, developer)).alerts;
    const fingerprint = alert?.fingerprint as string;
    const { silence } = await host.rpc.invoke(
      'silences.create',
      { matchers: [{ label: 'alertname', value: 'QueueDeep' }], duration: '1h', comment: 'maintenance' },
      developer,
    );
    expect(silence).toMatchObject({ state: 'active', mutes: 1, createdBy: 'dev' });
    const before = (await host.rpc.invoke('alerts.get', { fingerprint }, developer)).notifications.length;
    step(60_000, 20);
    step(60_000, 150);
    const muted = await host.rpc.invoke('alerts.get', { fingerprint }, developer);
    expect(muted.alert.silencedBy).toEqual([silence.id]);
    expect(muted.notifications).toHaveLength(before);
    expect((await host.rpc.invoke('alerts.list', { muted: true }, developer)).alerts.map((one) => one.fingerprint)).toContain(fingerprint);

    const expired = await host.rpc.invoke('silences.expire', { id: silence.id }, developer);
    expect(expired.silence.state).toBe('expired');
    expect((await host.rpc.invoke('silences.list', {}, developer)).silences).toEqual([]);
    expect((await host.rpc.invoke('silences.list', { states: ['expired'] }, developer)).silences.map((one) => one.id)).toEqual([
      silence.id,
    ]);
    step(6 * 60_000, 150);
    const after = await host.rpc.invoke('alerts.get', { fingerprint }, developer);
    expect(after.notifications.length).toBeGreaterThan(before);
  });

  it('deleting a rule resolves its alerts', async () => {
    await host.rpc.invoke('rules.delete', { name: 'QueueDeep' }, developer);
    const left = await host.rpc.invoke('alerts.list', { states: ['firing', 'pending'], ruleName: 'QueueDeep' }, developer);
    expect(left.alerts).toEqual([]);
    expect((await host.rpc.invoke('alerts.list', { states: ['resolved'], ruleName: 'QueueDeep' }, developer)).alerts).toHaveLength(1);
  });
});
