/**
 * A rule's condition in one line, the way people write PromQL-ish alerts: `rate(novel_engine_turns_total
 * {status="failed"}[5m]) / rate(novel_engine_turns_total[5m]) > 0.2`, `z-score of … above 3`, or
 * `LLM spend per hour > $5`. For the rules list and the editor's heading.
 */
import type { AlertRule } from '../../../../../src-shared/domain/alerts';
import type { MetricQuery } from '../../../../../src-shared/domain/metrics-query';
import { formatMatcher } from '../label-matchers';
import { formatDurationText } from '../prom-duration';

export function queryText(query: MetricQuery): string {
  const selector = `${query.metric}${query.matchers.length > 0 ? `{${query.matchers.map(formatMatcher).join(', ')}}` : ''}`;
  const window = formatDurationText(query.windowS * 1000);
  const call = query.fn === 'quantile' ? `quantile(${query.q ?? 0.95}, ${selector}[${window}])` : `${query.fn}(${selector}[${window}])`;
  if (query.by === undefined) return call;
  return query.by.length > 0 ? `sum by (${query.by.join(', ')}) (${call})` : `sum(${call})`;
}

export function conditionText(rule: AlertRule): string {
  switch (rule.kind) {
    case 'threshold': {
      const ratio = rule.denominator ? ` / ${queryText(rule.denominator)}` : '';
      return `${queryText(rule.query)}${ratio} ${rule.comparison} ${rule.threshold}`;
    }
    case 'anomaly': {
      const ratio = rule.denominator ? ` / ${queryText(rule.denominator)}` : '';
      return `z-score of ${queryText(rule.query)}${ratio} over ${rule.baselineWindow} ${rule.direction === 'both' ? 'beyond ±' : `${rule.direction} `}${rule.zScore}`;
    }
    case 'budget':
      return `LLM spend per ${rule.period}${rule.by && rule.by.length > 0 ? ` by ${rule.by.join(', ')}` : ''} > $${rule.budgetDollars}`;
  }
}
