/**
 * The rule editor's form as plain data: every field of a rule (threshold, anomaly and budget kinds) as
 * the user types it, turned into the contract's rule with a message per field when it cannot be, and
 * back from a stored rule. The engine's own answer (`invalid_request` issues with paths like
 * `rule.query.metric`) maps onto the same field keys, so every error shows next to its field.
 */
import type { AlertRule, AlertRuleInput, Comparison, RuleKind, Severity } from '../../../../../src-shared/domain/alerts';
import type { LabelMatcher, MetricFunction, MetricQueryInput } from '../../../../../src-shared/domain/metrics-query';
import type { ErrorIssue } from '../../../../../src-shared/errors';
import { type MatcherOp, matcherError } from '../label-matchers';
import { DURATION_HINT, formatDurationText, parseDurationText } from '../prom-duration';

export interface MatcherRow {
  label: string;
  op: MatcherOp;
  value: string;
}

export interface QueryForm {
  metric: string;
  matchers: MatcherRow[];
  fn: MetricFunction;
  /** Quantile 0..1, for fn = quantile. */
  q: string;
  /** The look-back window as a duration (`5m`). */
  window: string;
  /**
   * How series combine: each apart (no `by`), all summed into one (`by: []`), or summed keeping the
   * labels in `by` (like PromQL's `sum by (...)`). A ratio matches numerator and denominator series on
   * their labels, so a failure rate needs both sides summed the same way.
   */
  grouping: Grouping;
  /** The `sum by` labels, comma-separated, for grouping = by. */
  by: string;
}

export type Grouping = 'apart' | 'sum' | 'by';

export interface LabelRow {
  key: string;
  value: string;
}

export type AnomalyDirection = 'above' | 'below' | 'both';

export interface RuleForm {
  name: string;
  /** The alertname label when it differs from the name (a warning and a critical rule sharing one); '' = the name. */
  alertname: string;
  group: string;
  kind: RuleKind;
  severity: Severity;
  enabled: boolean;
  for: string;
  keepFiringFor: string;
  query: QueryForm;
  useDenominator: boolean;
  denominator: QueryForm;
  comparison: Comparison;
  threshold: string;
  baselineWindow: string;
  zScore: string;
  direction: AnomalyDirection;
  minStddev: string;
  period: 'hour' | 'day';
  budgetDollars: string;
  budgetMatchers: MatcherRow[];
  budgetBy: string;
  labels: LabelRow[];
  summary: string;
  description: string;
  runbook: string;
}

/** Where a message shows: one key per field (or per list of fields) of the form. */
export const RULE_FIELDS = [
  'name',
  'alertname',
  'group',
  'kind',
  'severity',
  'for',
  'keepFiringFor',
  'query.metric',
  'query.matchers',
  'query.fn',
  'query.q',
  'query.window',
  'query.by',
  'denominator.metric',
  'denominator.matchers',
  'denominator.fn',
  'denominator.q',
  'denominator.window',
  'denominator.by',
  'comparison',
  'threshold',
  'baselineWindow',
  'zScore',
  'direction',
  'minStddev',
  'period',
  'budgetDollars',
  'budgetMatchers',
  'budgetBy',
  'labels',
  'summary',
  'description',
  'runbook',
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export type RuleFieldErrors = Partial<Record<RuleField, string>>;

const emptyQuery = (): QueryForm => ({ metric: '', matchers: [], fn: 'rate', q: '0.95', window: '5m', grouping: 'sum', by: '' });

export function newRuleForm(): RuleForm {
  return {
    name: '',
    alertname: '',
    group: 'console',
    kind: 'threshold',
    severity: 'warning',
    enabled: true,
    for: '5m',
    keepFiringFor: '0s',
    query: emptyQuery(),
    useDenominator: false,
    denominator: emptyQuery(),
    comparison: '>',
    threshold: '',
    baselineWindow: '1h',
    zScore: '3',
    direction: 'above',
    minStddev: '0',
    period: 'hour',
    budgetDollars: '',
    budgetMatchers: [],
    budgetBy: '',
    labels: [],
    summary: '',
    description: '',
    runbook: '',
  };
}

function queryToForm(query: MetricQueryInput): QueryForm {
  return {
    metric: query.metric,
    matchers: (query.matchers ?? []).map((matcher) => ({ label: matcher.label, op: matcher.op ?? '=', value: matcher.value })),
    fn: query.fn,
    q: query.q === undefined ? '0.95' : String(query.q),
    window: formatDurationText((query.windowS ?? 300) * 1000),
    grouping: query.by === undefined ? 'apart' : query.by.length === 0 ? 'sum' : 'by',
    by: (query.by ?? []).join(', '),
  };
}

export function ruleToForm(rule: AlertRule): RuleForm {
  const form: RuleForm = {
    ...newRuleForm(),
    name: rule.name,
    alertname: rule.alertname ?? '',
    group: rule.group,
    kind: rule.kind,
    severity: rule.severity,
    enabled: rule.enabled,
    for: rule.for,
    keepFiringFor: rule.keepFiringFor,
    labels: Object.entries(rule.labels).map(([key, value]) => ({ key, value })),
    summary: rule.annotations.summary,
    description: rule.annotations.description,
    runbook: rule.annotations.runbook,
  };
  if (rule.kind === 'threshold' || rule.kind === 'anomaly') {
    form.query = queryToForm(rule.query);
    form.useDenominator = rule.denominator !== undefined;
    if (rule.denominator) form.denominator = queryToForm(rule.denominator);
  }
  if (rule.kind === 'threshold') {
    form.comparison = rule.comparison;
    form.threshold = String(rule.threshold);
  }
  if (rule.kind === 'anomaly') {
    form.baselineWindow = rule.baselineWindow;
    form.zScore = String(rule.zScore);
    form.direction = rule.direction;
    form.minStddev = String(rule.minStddev);
  }
  if (rule.kind === 'budget') {
    form.period = rule.period;
    form.budgetDollars = String(rule.budgetDollars);
    form.budgetMatchers = rule.matchers.map((matcher) => ({ ...matcher }));
    form.budgetBy = (rule.by ?? []).join(', ');
  }
  return form;
}

/** A decimal number typed in a field, or null (empty, or not a finite number). */
function numberOf(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function labelList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RULE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const GROUP_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const RUNBOOK_SLUG = /^$|^[a-z0-9][a-z0-9-]{0,99}$/;
const RESERVED_LABELS = new Set(['alertname', 'severity']);

function matchersOf(rows: readonly MatcherRow[], errors: RuleFieldErrors, field: RuleField): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  for (const row of rows) {
    if (row.label.trim() === '' && row.value === '') continue;
    const matcher: LabelMatcher = { label: row.label.trim(), op: row.op, value: row.value };
    const invalid = matcherError(matcher);
    if (invalid && !errors[field]) errors[field] = invalid;
    matchers.push(matcher);
  }
  return matchers;
}

function queryOf(form: QueryForm, prefix: 'query' | 'denominator', errors: RuleFieldErrors): MetricQueryInput {
  if (form.metric.trim() === '') errors[`${prefix}.metric`] = 'choose a metric';
  const windowMs = parseDurationText(form.window);
  if (windowMs === null) errors[`${prefix}.window`] = DURATION_HINT;
  else if (windowMs < 1000 || windowMs % 1000 !== 0) errors[`${prefix}.window`] = 'whole seconds, at least 1s';
  const by = form.grouping === 'by' ? labelList(form.by) : [];
  const badLabel = by.find((label) => !LABEL_NAME.test(label));
  if (badLabel) errors[`${prefix}.by`] = `“${badLabel}” is not a label name`;
  else if (form.grouping === 'by' && by.length === 0) errors[`${prefix}.by`] = 'name the labels to keep, e.g. provider';
  const query: MetricQueryInput = {
    metric: form.metric.trim(),
    matchers: matchersOf(form.matchers, errors, `${prefix}.matchers`),
    fn: form.fn,
    windowS: windowMs === null ? 300 : Math.max(1, Math.round(windowMs / 1000)),
  };
  if (form.grouping !== 'apart') query.by = by;
  if (form.fn === 'quantile') {
    const q = numberOf(form.q);
    if (q === null || q < 0 || q > 1) errors[`${prefix}.q`] = 'a quantile between 0 and 1, e.g. 0.95';
    else query.q = q;
  }
  return query;
}

function checkDuration(text: string, field: RuleField, errors: RuleFieldErrors): void {
  if (parseDurationText(text) === null) errors[field] = DURATION_HINT;
}

export type BuiltRule = { rule: AlertRuleInput; errors: RuleFieldErrors };

/**
 * The contract's rule from the form, with the problems the form can see itself. The rule is built even
 * when there are errors (with placeholders), so the caller decides whether to send it.
 */
export function buildRule(form: RuleForm): BuiltRule {
  const errors: RuleFieldErrors = {};
  if (!RULE_NAME.test(form.name)) errors.name = 'letters, digits and _ (not starting with a digit), up to 100 — e.g. TurnFailureRateHigh';
  const alertname = form.alertname.trim();
  if (alertname !== '' && !RULE_NAME.test(alertname)) errors.alertname = 'letters, digits and _ (not starting with a digit), up to 100';
  if (!GROUP_NAME.test(form.group)) errors.group = 'lowercase letters, digits, _ and -';
  checkDuration(form.for, 'for', errors);
  checkDuration(form.keepFiringFor, 'keepFiringFor', errors);
  if (!RUNBOOK_SLUG.test(form.runbook.trim())) errors.runbook = 'a runbook id: lowercase letters, digits and -';

  const labels: Record<string, string> = {};
  for (const row of form.labels) {
    const key = row.key.trim();
    if (key === '' && row.value === '') continue;
    if (!LABEL_NAME.test(key)) errors.labels = `“${key}” is not a label name`;
    else if (RESERVED_LABELS.has(key) || key.startsWith('__'))
      errors.labels = `“${key}” is reserved: alertname and severity come from the rule's name and severity`;
    else if (key in labels) errors.labels = `“${key}” is given twice`;
    labels[key] = row.value;
  }

  const common = {
    name: form.name,
    ...(alertname !== '' && alertname !== form.name ? { alertname } : {}),
    group: form.group,
    severity: form.severity,
    for: form.for.trim(),
    keepFiringFor: form.keepFiringFor.trim(),
    labels,
    annotations: { summary: form.summary, description: form.description, runbook: form.runbook.trim() },
    enabled: form.enabled,
  };

  if (form.kind === 'budget') {
    const budget = numberOf(form.budgetDollars);
    if (budget === null || budget <= 0) errors.budgetDollars = 'a budget in dollars above 0, e.g. 5';
    const by = labelList(form.budgetBy);
    const badLabel = by.find((label) => !LABEL_NAME.test(label));
    if (badLabel) errors.budgetBy = `“${badLabel}” is not a label name`;
    return {
      rule: {
        ...common,
        kind: 'budget',
        period: form.period,
        budgetDollars: budget ?? 1,
        matchers: matchersOf(form.budgetMatchers, errors, 'budgetMatchers'),
        ...(by.length > 0 ? { by } : {}),
      },
      errors,
    };
  }

  const query = queryOf(form.query, 'query', errors);
  const denominator = form.useDenominator ? { denominator: queryOf(form.denominator, 'denominator', errors) } : {};
  if (form.kind === 'anomaly') {
    checkDuration(form.baselineWindow, 'baselineWindow', errors);
    const zScore = numberOf(form.zScore);
    if (zScore === null || zScore <= 0) errors.zScore = 'a z-score above 0, e.g. 3';
    const minStddev = numberOf(form.minStddev);
    if (minStddev === null || minStddev < 0) errors.minStddev = 'zero or more';
    return {
      rule: {
        ...common,
        kind: 'anomaly',
        query,
        ...denominator,
        baselineWindow: form.baselineWindow.trim(),
        zScore: zScore ?? 3,
        direction: form.direction,
        minStddev: minStddev ?? 0,
      },
      errors,
    };
  }
  const threshold = numberOf(form.threshold);
  if (threshold === null) errors.threshold = 'a number, e.g. 0.2';
  return {
    rule: { ...common, kind: 'threshold', query, ...denominator, comparison: form.comparison, threshold: threshold ?? 0 },
    errors,
  };
}

/** The fields of a rule the live preview depends on are complete enough to ask the engine. */
export function previewable(errors: RuleFieldErrors): boolean {
  const blocking: RuleField[] = [
    'query.metric',
    'query.window',
    'query.q',
    'query.matchers',
    'query.by',
    'denominator.metric',
    'denominator.window',
    'denominator.q',
    'denominator.matchers',
    'denominator.by',
    'threshold',
    'for',
    'keepFiringFor',
    'baselineWindow',
    'zScore',
    'minStddev',
    'budgetDollars',
    'budgetMatchers',
    'budgetBy',
  ];
  return blocking.every((field) => errors[field] === undefined);
}

/** An issue path of the engine (`rule.query.windowS`, `rule.annotations.runbook`, `name`) as the form's field. */
export function fieldOfIssue(path: string, kind: RuleKind): RuleField | null {
  const parts = path.split('.').filter((part) => part !== '');
  if (parts[0] === 'rule') parts.shift();
  const [first, second] = parts;
  if (first === undefined) return null;
  if (first === 'query' || first === 'denominator') {
    const sub = second === 'windowS' ? 'window' : second;
    const key = `${first}.${sub ?? 'metric'}`;
    return (RULE_FIELDS as readonly string[]).includes(key) ? (key as RuleField) : (`${first}.metric` as RuleField);
  }
  if (first === 'annotations') return second === 'description' || second === 'runbook' ? second : 'summary';
  if (first === 'matchers') return 'budgetMatchers';
  if (first === 'by') return kind === 'budget' ? 'budgetBy' : null;
  if (first === 'labels') return 'labels';
  return (RULE_FIELDS as readonly string[]).includes(first) ? (first as RuleField) : null;
}

/** The engine's issues placed on fields; those that fit no field come back as `rest`. */
export function issuesToFields(issues: readonly ErrorIssue[], kind: RuleKind): { fields: RuleFieldErrors; rest: ErrorIssue[] } {
  const fields: RuleFieldErrors = {};
  const rest: ErrorIssue[] = [];
  for (const issue of issues) {
    const field = fieldOfIssue(issue.field, kind);
    if (field && fields[field] === undefined) fields[field] = issue.message;
    else if (!field) rest.push(issue);
  }
  return { fields, rest };
}
