/**
 * Messages of the alert engine (SPEC section 6): rules over the metrics history, the alerts they raise
 * with every state transition, silences, the Alertmanager-style route tree with inhibition, and
 * acknowledgement. Durations are Prometheus duration strings (`30s`, `5m`, `1h30m`), so a rule reads the
 * same here, in resources/alerts/rules.yaml and in the exported Prometheus rule file.
 */
import { z } from 'zod';
import { ALERT_STATES, COMPARISONS, DURATION_HINT, parseDurationMs, SEVERITIES, SILENCE_STATES } from './alert-vocabulary';
import { LabelMatcher, MetricQuery } from './metrics-query';

export * from './alert-vocabulary';
export { LabelMatcher, MetricQuery };

export const Duration = z
  .string()
  .max(40)
  .refine((text) => parseDurationMs(text) !== null, DURATION_HINT);

// ------------------------------------------------------------------------------------------------ rules

/** An alert name as Prometheus allows it; also the rule's identity. */
export const RuleName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'letters, digits and _ (not starting with a digit), up to 100');
const LabelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'not a label name');
/** A receiver: a notification channel's id, or the built-in `console`. */
export const ReceiverName = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'letters, digits, _ . : - (up to 100)');
/** The built-in receiver that only records the notification in the console (alerts.get shows it). */
export const CONSOLE_RECEIVER = 'console';

const RESERVED_LABELS = new Set(['alertname', 'severity']);
export const RuleLabels = z
  .record(LabelName, z.string().max(500))
  .refine((labels) => Object.keys(labels).length <= 20, 'at most 20 labels')
  .refine((labels) => Object.keys(labels).every((key) => !RESERVED_LABELS.has(key) && !key.startsWith('__')), {
    message: 'alertname and severity come from the rule name and severity; labels starting with __ are reserved',
  });

export const RuleAnnotations = z.strictObject({
  /** One line; `{{ $value }}` and `{{ $labels.<name> }}` are filled in per alert. */
  summary: z.string().max(500).default(''),
  description: z.string().max(4000).default(''),
  /** The runbook's id (slug) in the runbooks store, e.g. `turn-latency-high`. */
  runbook: z
    .string()
    .regex(/^$|^[a-z0-9][a-z0-9-]{0,99}$/, 'a runbook id: lowercase letters, digits and -')
    .default(''),
});
export type RuleAnnotations = z.infer<typeof RuleAnnotations>;

const RuleCommon = {
  name: RuleName,
  /**
   * The alert's name (its `alertname` label); default the rule's name. A warning and a critical rule may
   * share one, so the critical alert inhibits the warning (the default inhibition rule).
   */
  alertname: RuleName.optional(),
  /** The rule group (the Prometheus export's `groups[].name`). */
  group: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, _ and -')
    .default('console'),
  severity: z.enum(SEVERITIES),
  /** How long the condition must hold before pending becomes firing. */
  for: Duration.default('0s'),
  /** How long a firing alert stays firing after its condition clears. */
  keepFiringFor: Duration.default('0s'),
  labels: RuleLabels.default({}),
  annotations: RuleAnnotations.default({ summary: '', description: '', runbook: '' }),
  enabled: z.boolean().default(true),
};

/** `query` compared with a threshold; with `denominator`, the ratio query / denominator (series matched on labels). */
export const ThresholdRule = z.strictObject({
  ...RuleCommon,
  kind: z.literal('threshold'),
  query: MetricQuery,
  denominator: MetricQuery.optional(),
  comparison: z.enum(COMPARISONS),
  threshold: z.number().finite(),
});

/**
 * The z-score of `query` (or the ratio with `denominator`) against its own values over `baselineWindow`:
 * (value - mean) / max(stddev, minStddev), firing when it is beyond `zScore` in `direction`.
 */
export const AnomalyRule = z.strictObject({
  ...RuleCommon,
  kind: z.literal('anomaly'),
  query: MetricQuery,
  denominator: MetricQuery.optional(),
  baselineWindow: Duration.default('1h'),
  zScore: z.number().positive().max(1000).default(3),
  direction: z.enum(['above', 'below', 'both']).default('above'),
  /** A floor under the baseline's standard deviation, so a flat baseline does not make every change infinite. */
  minStddev: z.number().nonnegative().default(0),
});

/** LLM spend (novel_engine_ai_cost_dollars_total) over the last hour or day against a budget in dollars. */
export const BudgetRule = z.strictObject({
  ...RuleCommon,
  kind: z.literal('budget'),
  period: z.enum(['hour', 'day']),
  budgetDollars: z.number().positive().finite(),
  /** Which spend counts (e.g. provider="openai-compatible"); empty = all. */
  matchers: z.array(LabelMatcher).max(20).default([]),
  /** A budget per label set (e.g. per provider) instead of one overall. */
  by: z.array(LabelName).max(10).optional(),
});

export const AlertRule = z.discriminatedUnion('kind', [ThresholdRule, AnomalyRule, BudgetRule]);
export type AlertRule = z.output<typeof AlertRule>;
export type AlertRuleInput = z.input<typeof AlertRule>;
export type ThresholdRule = z.output<typeof ThresholdRule>;
export type AnomalyRule = z.output<typeof AnomalyRule>;
export type BudgetRule = z.output<typeof BudgetRule>;

export const RULE_HEALTH = ['ok', 'error', 'unknown'] as const;

export const RuleInfo = z.strictObject({
  rule: AlertRule,
  /** `default` = shipped in resources/alerts/rules.yaml (and maybe edited since); `user` = made in the console. */
  source: z.enum(['default', 'user']),
  /** Bumped by every save; rules.save takes it back as expectedVersion. */
  version: z.number().int().positive(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  /** The last evaluation: ok, error (lastError says why, e.g. an unknown metric) or unknown (not yet evaluated). */
  health: z.enum(RULE_HEALTH),
  lastError: z.string().nullable(),
  lastEvaluatedAt: z.iso.datetime().nullable(),
  evaluationMs: z.number().nonnegative().nullable(),
  pending: z.number().int().nonnegative(),
  firing: z.number().int().nonnegative(),
});
export type RuleInfo = z.infer<typeof RuleInfo>;

// ----------------------------------------------------------------------------------------------- alerts

export const Acknowledgement = z.strictObject({
  /** User id of who acknowledged. */
  by: z.string(),
  username: z.string(),
  at: z.iso.datetime(),
  comment: z.string(),
});
export type Acknowledgement = z.infer<typeof Acknowledgement>;

export const Alert = z.strictObject({
  /** Stable id of the alert: 16 hex digits from its labels (alertname, severity, rule and series labels). */
  fingerprint: z.string(),
  ruleName: z.string(),
  state: z.enum(ALERT_STATES),
  severity: z.enum(SEVERITIES),
  labels: z.record(z.string(), z.string()),
  /** Annotations with `{{ $value }}` / `{{ $labels.x }}` filled in at the last evaluation. */
  annotations: z.record(z.string(), z.string()),
  /** The compared value at the last evaluation (the z-score for anomaly rules, dollars for budget rules). */
  value: z.number().nullable(),
  /** When the condition began to hold (this episode's start). */
  activeAt: z.iso.datetime(),
  firedAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  /** When the current state was entered. */
  since: z.iso.datetime(),
  lastEvaluatedAt: z.iso.datetime(),
  /** Episodes of this alert: 1 for the first time it went pending/firing, +1 after each resolve. */
  episode: z.number().int().positive(),
  /** Active silences that mute it (ids). */
  silencedBy: z.array(z.string()),
  /** Firing alerts that inhibit it (fingerprints). */
  inhibitedBy: z.array(z.string()),
  /** Null until someone acknowledges this episode. */
  acknowledged: Acknowledgement.nullable(),
  /** When it was escalated to its route's escalation receiver (unacknowledged critical), if ever this episode. */
  escalatedAt: z.iso.datetime().nullable(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertTransition = z.strictObject({
  id: z.number().int().positive(),
  fingerprint: z.string(),
  ruleName: z.string(),
  episode: z.number().int().positive(),
  from: z.enum(ALERT_STATES),
  to: z.enum(ALERT_STATES),
  at: z.iso.datetime(),
  value: z.number().nullable(),
});
export type AlertTransition = z.infer<typeof AlertTransition>;

export const NOTIFICATION_KINDS = ['notify', 'repeat', 'escalation'] as const;

/** A notification the engine decided to send (and handed to delivery, unless the receiver is `console`). */
export const NotificationRecord = z.strictObject({
  id: z.number().int().positive(),
  receiver: z.string(),
  groupKey: z.string(),
  status: z.enum(['firing', 'resolved']),
  kind: z.enum(NOTIFICATION_KINDS),
  idempotencyKey: z.string(),
  at: z.iso.datetime(),
  /** Fingerprints of the firing / resolved alerts it carried. */
  firing: z.array(z.string()),
  resolved: z.array(z.string()),
});
export type NotificationRecord = z.infer<typeof NotificationRecord>;

export const AlertsListRequest = z.strictObject({
  states: z.array(z.enum(ALERT_STATES)).min(1).default(['pending', 'firing', 'resolved']),
  severities: z.array(z.enum(SEVERITIES)).optional(),
  /** Label filters on the alert's labels (alertname, severity, the series' labels). */
  matchers: z.array(LabelMatcher).max(20).default([]),
  ruleName: z.string().max(100).optional(),
  /** Only silenced or inhibited (true) / only unmuted (false) alerts. */
  muted: z.boolean().optional(),
  acknowledged: z.boolean().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});

export const AlertsListResponse = z.strictObject({
  alerts: z.array(Alert),
  total: z.number().int().nonnegative(),
  /** Counts by state over every alert (not only this page), for the page's tabs. */
  counts: z.strictObject({
    pending: z.number().int().nonnegative(),
    firing: z.number().int().nonnegative(),
    resolved: z.number().int().nonnegative(),
  }),
});

export const AlertDetail = z.strictObject({
  alert: Alert,
  /** Every transition of every episode, oldest first. */
  transitions: z.array(AlertTransition),
  notifications: z.array(NotificationRecord),
  /** The rule's compared value for this alert's series over the last hours (null when the rule is gone). */
  series: z.array(z.tuple([z.number(), z.number().nullable()])).nullable(),
  /** The effective threshold the series is compared with (the z-score bound for anomaly rules). */
  comparison: z.enum(COMPARISONS).nullable(),
  threshold: z.number().nullable(),
});
export type AlertDetail = z.infer<typeof AlertDetail>;

// --------------------------------------------------------------------------------------------- preview

export const RulesPreviewRequest = z.strictObject({
  rule: AlertRule,
  /** Default: the last 6 hours up to now. */
  start: z.iso.datetime().optional(),
  end: z.iso.datetime().optional(),
  /** Default: the evaluation interval, raised so the range has at most ~1,000 points. */
  stepS: z.number().int().min(1).max(86_400).optional(),
});

export const PreviewInterval = z.strictObject({ from: z.number(), to: z.number().nullable() });

export const PreviewSeries = z.strictObject({
  /** The alert labels this series would carry. */
  labels: z.record(z.string(), z.string()),
  /** The compared value per step: [epoch ms, value | null]. */
  points: z.array(z.tuple([z.number(), z.number().nullable()])),
  /** When it would have been pending / firing (epoch ms; `to` null = still at the end of the range). */
  pending: z.array(PreviewInterval),
  firing: z.array(PreviewInterval),
});

export const RulesPreviewResponse = z.strictObject({
  series: z.array(PreviewSeries),
  comparison: z.enum(COMPARISONS),
  threshold: z.number(),
  stepS: z.number().int().positive(),
  wouldHaveFired: z.boolean(),
  /** Epoch ms of the first time any series would have fired; null if never. */
  firstFiringAt: z.number().nullable(),
});
export type RulesPreviewResponse = z.infer<typeof RulesPreviewResponse>;

// -------------------------------------------------------------------------------------------- silences

export const Silence = z.strictObject({
  id: z.string(),
  matchers: z.array(LabelMatcher),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  createdBy: z.string(),
  comment: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  state: z.enum(SILENCE_STATES),
  /** Alerts (pending or firing) it mutes now. */
  mutes: z.number().int().nonnegative(),
});
export type Silence = z.infer<typeof Silence>;

export const SilencesCreateRequest = z
  .strictObject({
    matchers: z.array(LabelMatcher).min(1).max(20),
    /** Default now. */
    startsAt: z.iso.datetime().optional(),
    /** Give endsAt or duration (from startsAt), not both. */
    endsAt: z.iso.datetime().optional(),
    duration: Duration.optional(),
    comment: z.string().min(1, 'say why (a comment is required)').max(2000),
  })
  .refine((request) => (request.endsAt === undefined) !== (request.duration === undefined), {
    path: ['endsAt'],
    message: 'give either endsAt or duration',
  });

// ---------------------------------------------------------------------------------------------- routes

export const GROUP_BY_ALL = '...';

/** One node of the route tree (Alertmanager's route): unset fields inherit from the parent. */
export interface RouteInput {
  receiver?: string | undefined;
  matchers?: z.input<typeof LabelMatcher>[] | undefined;
  continue?: boolean | undefined;
  groupBy?: string[] | undefined;
  groupWait?: string | undefined;
  groupInterval?: string | undefined;
  repeatInterval?: string | undefined;
  escalate?: { after: string; receiver: string } | undefined;
  routes?: RouteInput[] | undefined;
}

export interface Route {
  receiver?: string | undefined;
  matchers: LabelMatcher[];
  continue: boolean;
  groupBy?: string[] | undefined;
  groupWait?: string | undefined;
  groupInterval?: string | undefined;
  repeatInterval?: string | undefined;
  /** An unacknowledged critical alert of this route goes to `receiver` too once it has fired for `after`. */
  escalate?: { after: string; receiver: string } | undefined;
  routes: Route[];
}

export const Escalation = z.strictObject({ after: Duration, receiver: ReceiverName });

export const Route: z.ZodType<Route, RouteInput> = z.lazy(() =>
  z.strictObject({
    receiver: ReceiverName.optional(),
    matchers: z.array(LabelMatcher).max(20).default([]),
    continue: z.boolean().default(false),
    /** Labels that split alerts into groups (one notification per group); `...` = every label. */
    groupBy: z
      .array(z.union([LabelName, z.literal(GROUP_BY_ALL)]))
      .max(20)
      .optional(),
    groupWait: Duration.optional(),
    groupInterval: Duration.optional(),
    repeatInterval: Duration.optional(),
    escalate: Escalation.optional(),
    routes: z.array(Route).max(100).default([]),
  }),
);

export const InhibitRule = z.strictObject({
  /** A firing alert matching these... */
  sourceMatchers: z.array(LabelMatcher).min(1).max(20),
  /** ...mutes alerts matching these... */
  targetMatchers: z.array(LabelMatcher).min(1).max(20),
  /** ...that have the same values for these labels. */
  equal: z.array(LabelName).max(20).default([]),
});
export type InhibitRule = z.infer<typeof InhibitRule>;

export const RoutingConfig = z
  .strictObject({
    route: Route,
    inhibitRules: z.array(InhibitRule).max(100).default([]),
  })
  .refine((config) => config.route.receiver !== undefined, { path: ['route', 'receiver'], message: 'the root route needs a receiver' })
  .refine((config) => config.route.matchers.length === 0, { path: ['route', 'matchers'], message: 'the root route matches every alert' });
export type RoutingConfig = z.output<typeof RoutingConfig>;
export type RoutingConfigInput = z.input<typeof RoutingConfig>;

export const RoutesResponse = z.strictObject({
  config: RoutingConfig,
  version: z.number().int().positive(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  /** Receivers a route may name: `console` and the notification channels delivery knows. */
  receivers: z.array(z.string()),
});

// --------------------------------------------------------------------------------------------- topic

export const AlertsChanged = z.strictObject({
  at: z.iso.datetime(),
  cause: z.enum(['evaluation', 'ack', 'silence', 'rules', 'routes']),
  /** State transitions of this evaluation (empty for the other causes). */
  transitions: z.array(AlertTransition),
});
export type AlertsChanged = z.infer<typeof AlertsChanged>;
