import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDurationText, parseDurationText } from '../../../../../src-renderer/src/pages/alerts/prom-duration';
import {
  buildRule,
  fieldOfIssue,
  issuesToFields,
  newRuleForm,
  previewable,
  ruleToForm,
} from '../../../../../src-renderer/src/pages/alerts/rules/rule-form';
import type { AlertRule } from '../../../../../src-shared/domain/alerts';

const failureRate: AlertRule = {
  name: 'TurnFailureRateWarning',
  alertname: 'TurnFailureRateHigh',
  group: 'turns',
  kind: 'threshold',
  severity: 'warning',
  for: '2m',
  keepFiringFor: '0s',
  labels: { team: 'story' },
  annotations: { summary: '{{ $value }} failed', description: 'More than 20%.', runbook: 'turn-failure-rate-high' },
  enabled: true,
  query: {
    metric: 'novel_engine_turns_total',
    matchers: [{ label: 'status', op: '=~', value: 'failed|compensated' }],
    fn: 'increase',
    windowS: 900,
    by: [],
  },
  denominator: { metric: 'novel_engine_turns_total', matchers: [], fn: 'increase', windowS: 900, by: [] },
  comparison: '>',
  threshold: 0.2,
};

describe('the rule editor form', () => {
  it('turns a stored rule into the form and back without losing a field', () => {
    const { rule, errors } = buildRule(ruleToForm(failureRate));
    expect(errors).toEqual({});
    expect(rule).toEqual(failureRate);
  });

  it('keeps “sum all”, “sum by” and “each series apart” distinct: a ratio depends on it', () => {
    const apart = { ...failureRate, query: { ...failureRate.query, by: undefined } } as AlertRule;
    const byProvider = { ...failureRate, query: { ...failureRate.query, by: ['provider'] } } as AlertRule;
    expect((buildRule(ruleToForm(apart)).rule as { query: object }).query).not.toHaveProperty('by');
    expect(buildRule(ruleToForm(failureRate)).rule).toMatchObject({ query: { by: [] } });
    expect(buildRule(ruleToForm(byProvider)).rule).toMatchObject({ query: { by: ['provider'] } });
  });

  it('keeps anomaly and budget rules whole too', () => {
    const anomaly: AlertRule = {
      ...failureRate,
      kind: 'anomaly',
      baselineWindow: '1h',
      zScore: 3,
      direction: 'both',
      minStddev: 0.5,
      denominator: undefined,
    } as AlertRule;
    const { rule: built } = buildRule(ruleToForm(anomaly));
    expect(built).toMatchObject({ kind: 'anomaly', baselineWindow: '1h', zScore: 3, direction: 'both', minStddev: 0.5 });
    const budget: AlertRule = {
      ...failureRate,
      kind: 'budget',
      period: 'day',
      budgetDollars: 5,
      matchers: [{ label: 'provider', op: '=', value: 'openai-compatible' }],
      by: ['provider'],
    } as unknown as AlertRule;
    expect(buildRule(ruleToForm(budget)).rule).toMatchObject({
      kind: 'budget',
      period: 'day',
      budgetDollars: 5,
      matchers: [{ label: 'provider', op: '=', value: 'openai-compatible' }],
      by: ['provider'],
    });
  });

  it('names each problem next to its field', () => {
    const form = { ...newRuleForm(), name: '9bad', threshold: 'lots', for: '5 minutes' };
    form.query = { ...form.query, window: '0s', fn: 'quantile', q: '1.5' };
    form.labels = [{ key: 'severity', value: 'x' }];
    const { errors } = buildRule(form);
    expect(Object.keys(errors).sort()).toEqual(['for', 'labels', 'name', 'query.metric', 'query.q', 'query.window', 'threshold']);
    expect(previewable(errors)).toBe(false);
  });

  it('asks for a preview as soon as the query and condition are complete, before the name', () => {
    const form = { ...newRuleForm(), threshold: '0.2' };
    form.query = { ...form.query, metric: 'novel_engine_turns_total' };
    const { errors } = buildRule(form);
    expect(errors.name).toBeDefined();
    expect(previewable(errors)).toBe(true);
  });

  it('places the engine’s issue paths on the form’s fields', () => {
    expect(fieldOfIssue('rule.query.windowS', 'threshold')).toBe('query.window');
    expect(fieldOfIssue('rule.query.matchers.0.value', 'threshold')).toBe('query.matchers');
    expect(fieldOfIssue('rule.annotations.runbook', 'threshold')).toBe('runbook');
    expect(fieldOfIssue('rule.matchers.1.label', 'budget')).toBe('budgetMatchers');
    expect(fieldOfIssue('rule.labels.severity', 'threshold')).toBe('labels');
    expect(fieldOfIssue('name', 'threshold')).toBe('name');
    const { fields, rest } = issuesToFields(
      [
        { field: 'rule.query.metric', message: 'unknown metric' },
        { field: 'rule.mystery', message: 'odd' },
      ],
      'threshold',
    );
    expect(fields).toEqual({ 'query.metric': 'unknown metric' });
    expect(rest).toEqual([{ field: 'rule.mystery', message: 'odd' }]);
  });
});

describe('Prometheus durations', () => {
  it('reads and writes the engine’s spelling', () => {
    expect(parseDurationText('1h30m')).toBe(5_400_000);
    expect(parseDurationText('0')).toBe(0);
    expect(parseDurationText('5 m')).toBeNull();
    expect(parseDurationText('')).toBeNull();
    expect(formatDurationText(900_000)).toBe('15m');
  });

  it('round-trips every whole number of milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * 86_400_000 }), (ms) => {
        expect(parseDurationText(formatDurationText(ms))).toBe(ms);
      }),
    );
  });
});
