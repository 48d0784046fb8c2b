/**
 * `novel-console export rules` writes the console's alert rules as a Prometheus rule file that the real
 * `promtool check rules` accepts — the default rules, and user rules of every kind and function.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exportCommand } from '../../../src-main/cli/export-command';
import { createHost, type Host } from '../../../src-main/engine/host';
import type { AlertRuleInput } from '../../../src-shared/domain/alerts';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const hasPromtool = promtool.status === 0;

const admin = identityForRole('sre', 'developer');
let host: Host;
let data: ReturnType<typeof tempDataDir>;

function openHost(dir: string): Host {
  return createHost({
    dataDir: dir,
    face: 'cli',
    telemetry: { tracing: false, recorder: { enabled: false } },
    alerts: { enabled: false },
  });
}

const userRules: AlertRuleInput[] = [
  {
    name: 'PhaseSlow',
    kind: 'threshold',
    severity: 'warning',
    query: { metric: 'novel_engine_phase_duration_seconds', fn: 'quantile', q: 0.99, windowS: 600, by: ['phase_type'] },
    comparison: '>=',
    threshold: 2.5,
    for: '1m30s',
    keepFiringFor: '10m',
    labels: { team: 'story' },
    annotations: {
      summary: 'Phase {{ $labels.phase_type }} p99 is {{ $value | humanizeDuration }}',
      description: '',
      runbook: 'phase-slow',
    },
  },
  {
    name: 'AuthFailures',
    kind: 'threshold',
    severity: 'info',
    query: {
      metric: 'authentication_failures_total',
      matchers: [{ label: 'reason', op: '!~', value: 'expired|"quoted"' }],
      fn: 'rate',
      windowS: 60,
    },
    comparison: '>',
    threshold: 0.5,
  },
  {
    name: 'TurnsStalled',
    kind: 'threshold',
    severity: 'warning',
    query: { metric: 'novel_engine_turns_active', fn: 'min', windowS: 1800 },
    comparison: '>',
    threshold: 0,
  },
  {
    name: 'ProviderBudget',
    kind: 'budget',
    severity: 'warning',
    period: 'day',
    budgetDollars: 12.5,
    matchers: [{ label: 'provider', op: '=', value: 'openai-compatible' }],
    by: ['model'],
  },
  {
    name: 'CostSwing',
    kind: 'anomaly',
    severity: 'info',
    query: { metric: 'novel_engine_ai_cost_dollars_total', fn: 'increase', windowS: 900, by: [] },
    baselineWindow: '12h',
    zScore: 2.5,
    direction: 'both',
  },
];

beforeAll(async () => {
  data = tempDataDir();
  host = openHost(data.dir);
  for (const rule of userRules) await host.rpc.invoke('rules.save', { name: rule.name, rule }, admin);
  await host.close();
});

afterAll(() => data.cleanup());

async function runExport(args: string[]): Promise<void> {
  const command = exportCommand({ dataDirOption: () => new Option('--data-dir <dir>').default(data.dir), openHost });
  command.exitOverride();
  await command.parseAsync(['rules', ...args], { from: 'user' });
}

describe('export rules', () => {
  it('writes every enabled rule as a Prometheus alerting rule with PromQL, for, keep_firing_for, labels and annotations', async () => {
    const out = join(data.dir, 'rules.yml');
    await runExport(['--out', out]);
    const file = parse(readFileSync(out, 'utf8')) as { groups: { name: string; rules: Record<string, unknown>[] }[] };
    const all = file.groups.flatMap((group) => group.rules);
    expect(file.groups.map((group) => group.name)).toEqual(
      expect.arrayContaining(['turns', 'ai', 'resilience', 'system', 'synthetic', 'console']),
    );
    const slow = all.find((rule) => rule.alert === 'PhaseSlow');
    expect(slow).toMatchObject({
      expr: 'histogram_quantile(0.99, sum by (le, phase_type) (rate(novel_engine_phase_duration_seconds_bucket[10m]))) >= 2.5',
      for: '1m30s',
      keep_firing_for: '10m',
      labels: { team: 'story', severity: 'warning', rule: 'PhaseSlow' },
      annotations: { summary: 'Phase {{ $labels.phase_type }} p99 is {{ $value | humanizeDuration }}', runbook: 'phase-slow' },
    });
    expect(all.find((rule) => rule.alert === 'ProviderBudget')?.expr).toBe(
      'sum by (model) (increase(novel_engine_ai_cost_dollars_total{provider="openai-compatible"}[1d])) > 12.5',
    );
    expect(all.find((rule) => rule.labels && (rule.labels as Record<string, string>).rule === 'TurnFailureRateCritical')).toMatchObject({
      alert: 'TurnFailureRateHigh',
      expr: '(sum(increase(novel_engine_turns_total{status=~"failed|compensated|interrupted"}[15m]))) / (sum(increase(novel_engine_turns_total[15m]))) > 0.5',
    });
  });

  it.skipIf(!hasPromtool)(
    'is accepted by promtool check rules (skipped where promtool, Debian package prometheus, is not installed)',
    async () => {
      const out = join(data.dir, 'checked.yml');
      await runExport(['--out', out]);
      const checked = spawnSync('promtool', ['check', 'rules', out], { encoding: 'utf8' });
      expect(checked.stderr + checked.stdout).toContain('SUCCESS');
      expect(checked.status, checked.stderr).toBe(0);
      const count = /SUCCESS: (\d+) rules found/.exec(checked.stdout)?.[1];
      const rules = await (async () => {
        const opened = openHost(data.dir);
        try {
          return (await opened.rpc.invoke('rules.list', {}, admin)).rules.filter((info) => info.rule.enabled).length;
        } finally {
          await opened.close();
        }
      })();
      expect(Number(count)).toBe(rules);
    },
  );
});
