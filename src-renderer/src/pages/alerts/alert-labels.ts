/**
 * How alert words read on the Alerts page: states, severities and breaker states with their badge tones,
 * in the order the page lists them, and values as the engine compared them.
 */
import {
  type AlertState,
  type Comparison,
  type RuleKind,
  SEVERITIES,
  type Severity,
  type SilenceState,
} from '../../../../src-shared/domain/alert-vocabulary';
import type { MetricFunction } from '../../../../src-shared/domain/metrics-query';
import type { BreakerState, ChannelKind, DeliveryStatus } from '../../../../src-shared/domain/notification-vocabulary';
import type { BadgeTone } from '../../ui/Card';

/** Most urgent first. */
export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;
export const SEVERITY_TONE: Record<Severity, BadgeTone> = { critical: 'error', warning: 'warning', info: 'info' };

/** The states an alert is listed in (inactive alerts are not listed), firing first. */
export const LISTED_STATES = ['firing', 'pending', 'resolved'] as const satisfies readonly AlertState[];
export type ListedState = (typeof LISTED_STATES)[number];
export const STATE_TONE: Record<AlertState, BadgeTone> = { firing: 'error', pending: 'warning', resolved: 'ok', inactive: 'neutral' };

export const SILENCE_STATE_ORDER: readonly SilenceState[] = ['active', 'pending', 'expired'];
export const SILENCE_STATE_TONE: Record<SilenceState, BadgeTone> = { active: 'info', pending: 'warning', expired: 'neutral' };

export const BREAKER_LABEL: Record<BreakerState, string> = { closed: 'closed', open: 'open', half_open: 'half-open' };
export const BREAKER_TONE: Record<BreakerState, BadgeTone> = { closed: 'ok', open: 'error', half_open: 'warning' };
export const BREAKER_MEANING: Record<BreakerState, string> = {
  closed: 'delivering normally',
  open: 'failing: deliveries wait until a probe succeeds',
  half_open: 'probing: a few successes close it again',
};

export const DELIVERY_TONE: Record<DeliveryStatus, BadgeTone> = {
  pending: 'warning',
  delivered: 'ok',
  failed: 'error',
  skipped: 'neutral',
};

export const CHANNEL_KIND_ORDER: readonly ChannelKind[] = ['webhook', 'slack', 'pagerduty', 'alertmanager', 'desktop'];
export const CHANNEL_KIND_SHORT: Record<ChannelKind, string> = {
  desktop: 'Desktop',
  webhook: 'Webhook',
  slack: 'Slack',
  pagerduty: 'PagerDuty',
  alertmanager: 'Alertmanager',
};

export const COMPARISONS: readonly Comparison[] = ['>', '>=', '<', '<=', '==', '!='];
export const RULE_KINDS: readonly RuleKind[] = ['threshold', 'anomaly', 'budget'];
export const RULE_KIND_LABEL: Record<RuleKind, string> = {
  threshold: 'Threshold',
  anomaly: 'Anomaly (z-score)',
  budget: 'Budget (LLM spend)',
};
export const RULE_KIND_HINT: Record<RuleKind, string> = {
  threshold: 'A query (or the ratio of two) compared with a value.',
  anomaly: 'How far a query strays from its own recent values, in standard deviations.',
  budget: 'LLM spend over the last hour or day against dollars.',
};
export const METRIC_FUNCTIONS: readonly MetricFunction[] = ['last', 'avg', 'max', 'min', 'rate', 'increase', 'quantile'];
export const FUNCTION_LABEL: Record<MetricFunction, string> = {
  last: 'The last value in the window.',
  avg: 'The average over the window.',
  max: 'The maximum over the window.',
  min: 'The minimum over the window.',
  rate: 'The per-second rate of a counter over the window.',
  increase: 'How much a counter grew over the window.',
  quantile: 'A quantile of a histogram over the window (e.g. p95).',
};

/** A compared value: up to four significant digits, plain for whole numbers, `—` when there is none. */
export function formatAlertValue(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 0.001) return String(Number(value.toPrecision(4)));
  return value.toExponential(2);
}

/** `alertname` first, then `severity`, then the rest by name: how Alertmanager lists an alert's labels. */
export function sortedLabels(labels: Record<string, string>): [string, string][] {
  const rank = (key: string) => (key === 'alertname' ? 0 : key === 'severity' ? 1 : 2);
  return Object.entries(labels).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
