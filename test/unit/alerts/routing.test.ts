/**
 * The route tree as Alertmanager walks it, annotation templates, durations and the PromQL of each rule
 * kind: the small pure pieces the engine is built from.
 */
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../src-main/engine/alerts/annotation-template';
import { ruleExpr } from '../../../src-main/engine/alerts/prometheus-rules';
import { groupKeyOf, groupLabelsOf, matchRoutes, resolveRoutes } from '../../../src-main/engine/alerts/routing';
import { AlertRule, formatDuration, parseDurationMs, RoutingConfig } from '../../../src-shared/domain/alerts';

const config = RoutingConfig.parse({
  route: {
    receiver: 'console',
    groupBy: ['alertname'],
    groupWait: '30s',
    routes: [
      {
        matchers: [{ label: 'severity', value: 'critical' }],
        receiver: 'pager',
        continue: true,
        groupWait: '10s',
        escalate: { after: '15m', receiver: 'oncall-lead' },
      },
      {
        matchers: [{ label: 'team', op: '=~', value: 'story|trust' }],
        receiver: 'story-slack',
        groupBy: ['...'],
        routes: [{ matchers: [{ label: 'team', value: 'trust' }], receiver: 'trust-slack' }],
      },
      { matchers: [{ label: 'team', op: '!=', value: '' }], receiver: 'everyone-else' },
    ],
  },
});
const root = resolveRoutes(config);
const receivers = (labels: Record<string, string>) => matchRoutes(root, labels).map((route) => route.receiver);

describe('routing', () => {
  it('goes down the first matching child, on past it only with continue, and falls back to the parent', () => {
    expect(receivers({ alertname: 'A', severity: 'warning' })).toEqual(['console']);
    expect(receivers({ alertname: 'A', severity: 'critical' })).toEqual(['pager']);
    expect(receivers({ alertname: 'A', severity: 'critical', team: 'story' })).toEqual(['pager', 'story-slack']);
    expect(receivers({ alertname: 'A', severity: 'warning', team: 'trust' })).toEqual(['trust-slack']);
    expect(receivers({ alertname: 'A', severity: 'warning', team: 'ops' })).toEqual(['everyone-else']);
  });

  it('inherits timing, grouping and escalation, and keys groups by route and group labels', () => {
    const [pager] = matchRoutes(root, { alertname: 'A', severity: 'critical' });
    expect(pager).toMatchObject({
      groupWaitMs: 10_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 4 * 3_600_000,
      escalate: { afterMs: 900_000, receiver: 'oncall-lead' },
    });
    const [trust] = matchRoutes(root, { alertname: 'B', severity: 'warning', team: 'trust', zone: 'x' });
    expect(trust?.groupBy).toBe('all');
    expect(trust?.groupWaitMs).toBe(30_000);
    const labels = groupLabelsOf(trust as NonNullable<typeof trust>, { alertname: 'B', severity: 'warning', team: 'trust', zone: 'x' });
    expect(labels).toEqual({ alertname: 'B', severity: 'warning', team: 'trust', zone: 'x' });
    expect(groupKeyOf(pager as NonNullable<typeof pager>, { alertname: 'A' })).toBe('0.0:{alertname="A"}');
  });
});

describe('annotation templates', () => {
  it('fills in $value and $labels with the humanize functions, leaving anything else as written', () => {
    const labels = { provider: 'openai', phase: 'narrative' };
    expect(renderTemplate('{{ $value | humanizePercentage }} of {{ $labels.provider }} calls fail', 0.1234, labels)).toBe(
      '12.34% of openai calls fail',
    );
    expect(renderTemplate('p95 {{ $value | humanizeDuration }}', 95.5, labels)).toBe('p95 1m 36s');
    expect(renderTemplate('{{ humanize $value }}B', 1_500_000_000, labels)).toBe('1.5GB');
    expect(renderTemplate('{{ $value | humanize1024 }}B', 2 * 1024 ** 3, labels)).toBe('2GiB');
    expect(renderTemplate('{{ .Unknown }} {{ $labels.missing }}!', 1, labels)).toBe('{{ .Unknown }} !');
  });
});

describe('durations', () => {
  it('parses and prints Prometheus durations', () => {
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('90s')).toBe(90_000);
    expect(parseDurationMs('0s')).toBe(0);
    expect(parseDurationMs('30m1h')).toBeNull();
    expect(parseDurationMs('5 minutes')).toBeNull();
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(86_400_000)).toBe('1d');
  });
});

describe('PromQL of each rule kind', () => {
  it('writes threshold, ratio, budget and anomaly rules', () => {
    const ratio = AlertRule.parse({
      name: 'Errors',
      kind: 'threshold',
      severity: 'warning',
      query: {
        metric: 'novel_engine_ai_requests_total',
        matchers: [{ label: 'status', value: 'error' }],
        fn: 'rate',
        windowS: 300,
        by: ['provider'],
      },
      denominator: { metric: 'novel_engine_ai_requests_total', fn: 'rate', windowS: 300, by: ['provider'] },
      comparison: '>',
      threshold: 0.1,
    });
    expect(ruleExpr(ratio)).toBe(
      '(sum by (provider) (rate(novel_engine_ai_requests_total{status="error"}[5m]))) / (sum by (provider) (rate(novel_engine_ai_requests_total[5m]))) > 0.1',
    );
    const anomaly = AlertRule.parse({
      name: 'Tokens',
      kind: 'anomaly',
      severity: 'info',
      query: { metric: 'novel_engine_ai_token_usage_total', fn: 'rate', windowS: 300, by: [] },
      baselineWindow: '6h',
      zScore: 4,
      minStddev: 20,
    });
    expect(ruleExpr(anomaly)).toBe(
      '((sum(rate(novel_engine_ai_token_usage_total[5m]))) - avg_over_time((sum(rate(novel_engine_ai_token_usage_total[5m])))[6h:1m])) / clamp_min(stddev_over_time((sum(rate(novel_engine_ai_token_usage_total[5m])))[6h:1m]), 20) > 4',
    );
    const budget = AlertRule.parse({ name: 'Spend', kind: 'budget', severity: 'critical', period: 'hour', budgetDollars: 5 });
    expect(ruleExpr(budget)).toBe('sum(increase(novel_engine_ai_cost_dollars_total[1h])) > 5');
  });
});
