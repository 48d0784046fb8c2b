/**
 * The alert rules as a Prometheus rule file (SPEC section 8: "alert rules -> Prometheus rule YAML"), so
 * the same alerts run on a real Prometheus scraping this console's /metrics. Each rule becomes
 * `{alert, expr, for, keep_firing_for, labels, annotations}` in a group named after its `group`; `expr` is
 * the PromQL equivalent of the rule's query:
 *
 *   last|avg|max|min over w -> last_over_time / avg_over_time / max_over_time / min_over_time(m{...}[w])
 *   rate|increase over w    -> rate / increase(m{...}[w])
 *   quantile q over w       -> histogram_quantile(q, sum by (le, <by>) (rate(m_bucket{...}[w])))
 *   by [a, b] / by []       -> sum by (a, b) (...) / sum(...)
 *   denominator             -> (query) / (denominator)
 *   budget                  -> sum [by (...)] (increase(novel_engine_ai_cost_dollars_total{...}[1h|1d])) > budget
 *   anomaly                 -> (x - avg_over_time(x[B:S])) / clamp_min(stddev_over_time(x[B:S]), minStddev) > z
 *
 * Prometheus extrapolates rate/increase at the window's edges where the console sums exact increases,
 * and its windows slide continuously where the console's cover whole steps: values agree closely, not
 * to the last digit. Disabled rules are left out.
 */
import { stringify } from 'yaml';
import { type AlertRule, formatDuration, type MetricQuery } from '../../../src-shared/domain/alerts';
import { formatMatchers } from './label-matchers';
import { conditionOf, queriesOf } from './rule-expression';

/** The PromQL range function of each console function (dashboard exports translate with it too). */
export const RANGE_FUNCTIONS = {
  last: 'last_over_time',
  avg: 'avg_over_time',
  max: 'max_over_time',
  min: 'min_over_time',
  rate: 'rate',
  increase: 'increase',
} as const;

function selector(metric: string, query: MetricQuery): string {
  return query.matchers.length > 0 ? `${metric}${formatMatchers(query.matchers)}` : metric;
}

function window(query: MetricQuery): string {
  return formatDuration(query.windowS * 1000);
}

/** PromQL for one query of the metrics history. */
export function promqlOf(query: MetricQuery): string {
  if (query.fn === 'quantile') {
    const rate = `rate(${selector(`${query.metric}_bucket`, query)}[${window(query)}])`;
    const inner = query.by === undefined ? rate : `sum by (${['le', ...query.by].join(', ')}) (${rate})`;
    return `histogram_quantile(${query.q ?? 0.5}, ${inner})`;
  }
  const inner = `${RANGE_FUNCTIONS[query.fn]}(${selector(query.metric, query)}[${window(query)}])`;
  if (query.by === undefined) return inner;
  return query.by.length === 0 ? `sum(${inner})` : `sum by (${query.by.join(', ')}) (${inner})`;
}

function numberText(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number.parseFloat(value.toPrecision(12)));
}

/** The PromQL `expr` of a rule: its compared value and the comparison. */
export function ruleExpr(rule: AlertRule, evaluationStepS = 15): string {
  const { query, denominator } = queriesOf(rule);
  const value = denominator ? `(${promqlOf(query)}) / (${promqlOf(denominator)})` : promqlOf(query);
  if (rule.kind === 'anomaly') {
    const step = `${evaluationStepS >= 60 ? Math.round(evaluationStepS / 60) : 1}m`;
    const range = `[${rule.baselineWindow}:${step}]`;
    const score = `((${value}) - avg_over_time((${value})${range})) / clamp_min(stddev_over_time((${value})${range}), ${numberText(rule.minStddev)})`;
    if (rule.direction === 'both') return `abs(${score}) > ${numberText(rule.zScore)}`;
    return rule.direction === 'below' ? `${score} < -${numberText(rule.zScore)}` : `${score} > ${numberText(rule.zScore)}`;
  }
  const condition = conditionOf(rule);
  return `${value} ${condition.comparison} ${numberText(condition.threshold)}`;
}

export interface PrometheusRuleFile {
  groups: { name: string; interval: string; rules: Record<string, unknown>[] }[];
}

export function prometheusRules(rules: readonly AlertRule[], evaluationStepS = 15): PrometheusRuleFile {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const rule of [...rules].sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name))) {
    if (!rule.enabled) continue;
    const annotations: Record<string, string> = {};
    for (const [key, text] of Object.entries(rule.annotations)) if (text !== '') annotations[key] = text;
    const entry: Record<string, unknown> = { alert: rule.alertname ?? rule.name, expr: ruleExpr(rule, evaluationStepS) };
    if (rule.for !== '0s') entry.for = rule.for;
    if (rule.keepFiringFor !== '0s') entry.keep_firing_for = rule.keepFiringFor;
    entry.labels = { ...rule.labels, severity: rule.severity, rule: rule.name };
    if (Object.keys(annotations).length > 0) entry.annotations = annotations;
    const list = groups.get(rule.group);
    if (list) list.push(entry);
    else groups.set(rule.group, [entry]);
  }
  return { groups: [...groups].map(([name, list]) => ({ name, interval: `${evaluationStepS}s`, rules: list })) };
}

/** The rule file as YAML text, with a header naming where it came from. */
export function prometheusRulesYaml(rules: readonly AlertRule[], evaluationStepS = 15): string {
  const header = '# Alert rules exported by novel-console (`novel-console export rules`); check with `promtool check rules`.\n';
  return header + stringify(prometheusRules(rules, evaluationStepS), { lineWidth: 0 });
}
