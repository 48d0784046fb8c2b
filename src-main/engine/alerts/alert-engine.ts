/**
 * The alert engine (SPEC section 6): evaluates every rule over the metrics history each evaluation
 * interval, steps each series' alert through inactive -> pending -> firing -> resolved (every transition
 * stored), and hands notifications to delivery through the dispatcher (routes, groups, silences,
 * inhibition, escalation). Rules, silences and routes are edited through the contract (alert-handlers.ts).
 *
 * Time comes from an injected clock (`now`), so tests step evaluation and dispatch through time with
 * `tick(at)`. Running for real, `start()` evaluates after every snapshot of the metrics recorder (so the
 * evaluation interval is the recorder's, default 15 s, and a threshold crossed in a snapshot is seen in
 * the same cycle), or on its own timer when given `evaluationIntervalMs`; dispatch also wakes at the next
 * group flush or escalation.
 */
import { randomUUID } from 'node:crypto';
import {
  type AlertDetail,
  type AlertRule,
  type AlertsChanged,
  type AlertTransition,
  CONSOLE_RECEIVER,
  type LabelMatcher,
  parseDurationMs,
  type RoutingConfig,
  RoutingConfig as RoutingConfigSchema,
  type RuleInfo,
  type RulesPreviewResponse,
  type Silence,
} from '../../../src-shared/domain/alerts';
import { ContractError } from '../../../src-shared/errors';
import type { Identity } from '../../../src-shared/rbac';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import type { MetricsHistory } from '../telemetry/metrics-history';
import type { MetricsQueryService } from '../telemetry/metrics-query';
import { createDispatcher, type DispatchResult } from './alert-dispatcher';
import { computeMutes, type Mutes } from './alert-mutes';
import { endAlert, stepAlert } from './alert-state';
import { type AlertRecord, createAlertStore, type StoredRule } from './alert-store';
import { alertView, notificationView, notifiedAlert, transitionView } from './alert-views';
import { renderTemplate } from './annotation-template';
import { defaultRules } from './default-rules';
import { fingerprintOf, sortedLabels } from './fingerprint';
import { createInstantQuery } from './instant-query';
import { compileMatchers } from './label-matchers';
import type { AlertSource, NotificationSink, NotifiedAlert } from './notification';
import { defaultRouting, type ResolvedRoute, receiversOf, resolveRoutes } from './routing';
import { conditionOf, createAnomalyBaselines, ruleInstant, ruleRange } from './rule-expression';
import { type SilenceRecord, silenceState, validateSilenceMatchers } from './silences';

export const DEFAULT_EXTERNAL_URL = 'http://127.0.0.1:9464';
/** Resolved and inactive alerts are forgotten after this; transitions and notifications after HISTORY_RETENTION_MS. */
const ALERT_RETENTION_MS = 7 * 86_400_000;
const HISTORY_RETENTION_MS = 30 * 86_400_000;
const MAINTENANCE_EVERY_MS = 3_600_000;
/** Dispatch never sleeps longer than this (a route change or a silence ending is picked up at the latest then). */
const MAX_DISPATCH_SLEEP_MS = 60_000;

export interface AlertEngineOptions {
  db: Db;
  metricsQuery: MetricsQueryService;
  /** The history behind metricsQuery: evaluation then reads all series of a query at once (instant-query.ts). */
  history?: MetricsHistory;
  logger: Logger;
  /** Publishes alerts.changed. */
  publish?: (payload: AlertsChanged) => void;
  now?: () => number;
  /** The metrics recorder's interval in seconds: the step rules read the history at. Default 15. */
  evaluationStepS?: number;
  /** Where notifications go (delivery's outbox); null = recorded only. Settable later with setSink. */
  sink?: NotificationSink | null;
  /** Notification channel ids delivery knows; routes may name only these and `console`. Absent = any name. */
  receivers?: () => readonly string[];
  /** Base URL of the console in links (generatorURL, runbook_url). */
  externalUrl?: string;
  /** Load resources/alerts/rules.yaml on first start; default true. */
  loadDefaults?: boolean;
  /** How long transitions, notifications and expired silences are kept (read at each maintenance); default 30 days. */
  historyRetentionMs?: () => number;
}

export interface EvaluationResult {
  rules: number;
  alerts: number;
  transitions: AlertTransition[];
  durationMs: number;
}

interface RuleEntry {
  stored: StoredRule;
  health: RuleInfo['health'];
  lastError: string | null;
  lastEvaluatedAt: number | null;
  evaluationMs: number | null;
}

export interface StartOptions {
  /**
   * Subscribe to "a metrics snapshot was written" and evaluate after each, at the snapshot's time (so a
   * group formed then flushes group_wait after the snapshot, not after the evaluation); returns the unsubscribe.
   */
  onSnapshot?: (listener: (snapshotAtMs?: number) => void) => () => void;
  /** Evaluate on this timer instead (or as well, when there is no recorder). */
  evaluationIntervalMs?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function invalid(field: string, message: string): ContractError {
  return new ContractError('invalid_request', `${field}: ${message}`, [{ field, message }]);
}

export function createAlertEngine(options: AlertEngineOptions) {
  const { db, metricsQuery, logger } = options;
  const now = options.now ?? Date.now;
  const evalStepS = Math.max(1, Math.round(options.evaluationStepS ?? 15));
  const externalUrl = (options.externalUrl ?? DEFAULT_EXTERNAL_URL).replace(/\/+$/, '');
  const store = createAlertStore(db);
  const fast = options.history
    ? { instant: createInstantQuery(options.history, metricsQuery), baselines: createAnomalyBaselines() }
    : undefined;
  let sink: NotificationSink | null = options.sink ?? null;

  // ----------------------------------------------------------------------------------- loaded state
  const rules = new Map<string, RuleEntry>();
  const alerts = new Map<string, AlertRecord>();
  const byRule = new Map<string, Set<string>>();
  let silences: SilenceRecord[] = [];
  let routing: { config: RoutingConfig; version: number; updatedAt: string; updatedBy: string; root: ResolvedRoute };

  function index(alert: AlertRecord): void {
    alerts.set(alert.fingerprint, alert);
    let set = byRule.get(alert.ruleName);
    if (!set) {
      set = new Set();
      byRule.set(alert.ruleName, set);
    }
    set.add(alert.fingerprint);
  }

  db.transaction(() => {
    if (options.loadDefaults !== false) {
      const loaded = store.defaultsLoaded();
      const existing = new Set(store.rules().map((stored) => stored.rule.name));
      const at = iso(now());
      for (const rule of defaultRules()) {
        if (loaded.has(rule.name)) continue;
        if (!existing.has(rule.name)) {
          store.saveRule({ rule, source: 'default', version: 1, createdAt: at, updatedAt: at, updatedBy: 'defaults' });
        }
        store.markDefaultLoaded(rule.name, at);
      }
    }
    if (store.routing() === null) store.setRouting(defaultRouting(), 1, iso(now()), 'defaults');
  })();
  for (const stored of store.rules()) {
    rules.set(stored.rule.name, { stored, health: 'unknown', lastError: null, lastEvaluatedAt: null, evaluationMs: null });
  }
  for (const alert of store.alerts()) index(alert);
  silences = store.liveSilences(now());
  {
    const stored = store.routing() as NonNullable<ReturnType<typeof store.routing>>;
    const parsed = RoutingConfigSchema.safeParse(stored.config);
    const config = parsed.success ? parsed.data : defaultRouting();
    if (!parsed.success) logger.error({ issues: parsed.error.issues }, 'stored alert routing is invalid; using the default routing');
    routing = { ...stored, config, root: resolveRoutes(config) };
  }

  const mutesAt = (atMs: number): Mutes => computeMutes(alerts.values(), silences, routing.config.inhibitRules, atMs);

  const saveAlert = (alert: AlertRecord) => {
    index(alert);
    store.saveAlert(alert);
  };

  const dispatcher = createDispatcher({
    db,
    store,
    logger,
    externalUrl,
    root: () => routing.root,
    alerts: () => alerts.values(),
    mutes: mutesAt,
    sink: () => sink,
    saveAlert,
  });

  const publish = (cause: AlertsChanged['cause'], transitions: AlertTransition[] = []) => {
    try {
      options.publish?.({ at: iso(now()), cause, transitions });
    } catch (error) {
      logger.warn({ err: error }, 'alerts.changed could not be published');
    }
  };

  // ------------------------------------------------------------------------------------- evaluation
  function alertLabels(rule: AlertRule, seriesLabels: Record<string, string>): Record<string, string> {
    return sortedLabels({ ...seriesLabels, ...rule.labels, alertname: rule.alertname ?? rule.name, severity: rule.severity });
  }

  function renderAnnotations(rule: AlertRule, value: number | null, labels: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, template] of Object.entries(rule.annotations)) {
      if (template !== '') out[key] = key === 'runbook' ? template : renderTemplate(template, value, labels);
    }
    return out;
  }

  /** Steps one alert and stages what changed; returns the transitions. */
  function apply(
    previous: AlertRecord | null,
    rule: AlertRule,
    labels: Record<string, string>,
    holds: boolean,
    value: number | null,
    atMs: number,
    staged: AlertRecord[],
  ): { record: AlertRecord; changes: ReturnType<typeof stepAlert>['changes'] } | null {
    const timing = { forMs: parseDurationMs(rule.for) ?? 0, keepFiringForMs: parseDurationMs(rule.keepFiringFor) ?? 0 };
    const step = stepAlert(previous, holds, value, atMs, timing);
    if (step.status === null) return null;
    if (previous && step.changes.length === 0 && (previous.state === 'inactive' || previous.state === 'resolved')) return null;
    const newEpisode = previous === null || step.status.episode !== previous.episode;
    // The state machine's fields first: when nothing changes, stepAlert hands back the previous record
    // itself, whose evaluation time, annotations and acknowledgement must not win over this evaluation's.
    const record: AlertRecord = {
      ...step.status,
      fingerprint: previous?.fingerprint ?? fingerprintOf(labels),
      ruleName: rule.name,
      labels,
      annotations: value === null && previous ? previous.annotations : renderAnnotations(rule, value, labels),
      severity: rule.severity,
      lastEvaluatedAt: atMs,
      ack: newEpisode ? null : (previous?.ack ?? null),
      escalatedAt: newEpisode ? null : (previous?.escalatedAt ?? null),
      escalationReceiver: newEpisode ? null : (previous?.escalationReceiver ?? null),
      escalationGroup: newEpisode ? null : (previous?.escalationGroup ?? null),
      escalationClosed: newEpisode ? false : (previous?.escalationClosed ?? false),
    };
    if (value === null && previous) record.value = previous.value;
    staged.push(record);
    return { record, changes: step.changes };
  }

  function commit(staged: AlertRecord[], changes: { record: AlertRecord; change: ReturnType<typeof stepAlert>['changes'][number] }[]) {
    if (staged.length === 0) return [];
    const transitions: AlertTransition[] = [];
    db.transaction(() => {
      for (const record of staged) saveAlert(record);
      for (const { record, change } of changes) {
        const id = store.addTransition(record, change.from, change.to, change.at, change.value);
        transitions.push({
          id,
          fingerprint: record.fingerprint,
          ruleName: record.ruleName,
          episode: record.episode,
          from: change.from,
          to: change.to,
          at: iso(change.at),
          value: change.value !== null && Number.isFinite(change.value) ? change.value : null,
        });
      }
    })();
    return transitions;
  }

  /** Evaluates every rule at `atMs` and stores what changed; publishes alerts.changed with the transitions. */
  function evaluate(atMs = now()): EvaluationResult {
    const began = performance.now();
    const staged: AlertRecord[] = [];
    const changes: { record: AlertRecord; change: ReturnType<typeof stepAlert>['changes'][number] }[] = [];
    fast?.instant.beginCycle();
    const track = (result: ReturnType<typeof apply>) => {
      if (result) for (const change of result.changes) changes.push({ record: result.record, change });
    };
    for (const entry of rules.values()) {
      const rule = entry.stored.rule;
      const ruleBegan = performance.now();
      let results: { labels: Record<string, string>; value: number }[] = [];
      if (rule.enabled) {
        try {
          results = ruleInstant(metricsQuery, rule, atMs, evalStepS, fast);
          entry.health = 'ok';
          entry.lastError = null;
        } catch (error) {
          entry.health = 'error';
          entry.lastError = error instanceof ContractError ? error.message : `evaluation failed: ${(error as Error).message}`;
          entry.lastEvaluatedAt = atMs;
          entry.evaluationMs = performance.now() - ruleBegan;
          // Prometheus keeps a failing rule's alerts as they are until it evaluates again.
          continue;
        }
      }
      const condition = conditionOf(rule);
      const seen = new Set<string>();
      for (const series of results) {
        const labels = alertLabels(rule, series.labels);
        const fingerprint = fingerprintOf(labels);
        seen.add(fingerprint);
        const previous = alerts.get(fingerprint) ?? null;
        const holds = condition.holds(series.value);
        if (previous === null && !holds) continue;
        track(apply(previous, rule, labels, holds, series.value, atMs, staged));
      }
      for (const fingerprint of byRule.get(rule.name) ?? []) {
        if (seen.has(fingerprint)) continue;
        const previous = alerts.get(fingerprint);
        if (!previous || (previous.state !== 'pending' && previous.state !== 'firing')) continue;
        // The series is gone (or the rule disabled, or its labels changed): the condition no longer holds.
        track(apply(previous, rule, previous.labels, false, null, atMs, staged));
      }
      entry.lastEvaluatedAt = atMs;
      entry.evaluationMs = performance.now() - ruleBegan;
    }
    const transitions = commit(staged, changes);
    if (transitions.length > 0) publish('evaluation', transitions);
    return { rules: rules.size, alerts: staged.length, transitions, durationMs: performance.now() - began };
  }

  /** Ends every alert of a rule now (deleted rule). */
  function endAlertsOf(ruleName: string, atMs: number): AlertTransition[] {
    const staged: AlertRecord[] = [];
    const changes: { record: AlertRecord; change: ReturnType<typeof stepAlert>['changes'][number] }[] = [];
    for (const fingerprint of byRule.get(ruleName) ?? []) {
      const previous = alerts.get(fingerprint);
      if (!previous) continue;
      const step = endAlert(previous, atMs);
      if (step.changes.length === 0 || !step.status) continue;
      const record = { ...previous, ...step.status, lastEvaluatedAt: atMs };
      staged.push(record);
      for (const change of step.changes) changes.push({ record, change });
    }
    return commit(staged, changes);
  }

  function dispatch(atMs = now()): DispatchResult {
    silences = silences.filter((silence) => silence.endsAt > atMs - 3_600_000);
    return dispatcher.dispatch(atMs);
  }

  let lastMaintenance = 0;
  function maintain(atMs: number): void {
    if (atMs - lastMaintenance < MAINTENANCE_EVERY_MS) return;
    lastMaintenance = atMs;
    db.transaction(() => {
      for (const fingerprint of store.staleAlerts(atMs - ALERT_RETENTION_MS)) {
        const alert = alerts.get(fingerprint);
        store.deleteAlert(fingerprint);
        alerts.delete(fingerprint);
        if (alert) byRule.get(alert.ruleName)?.delete(fingerprint);
      }
      store.prune(atMs - (options.historyRetentionMs?.() ?? HISTORY_RETENTION_MS));
    })();
  }

  function tick(atMs = now()): { evaluation: EvaluationResult; dispatch: DispatchResult } {
    const evaluation = evaluate(atMs);
    const dispatched = dispatch(atMs);
    maintain(atMs);
    return { evaluation, dispatch: dispatched };
  }

  // -------------------------------------------------------------------------------------- scheduling
  let running = false;
  let evaluationTimer: NodeJS.Timeout | null = null;
  let dispatchTimer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;

  function scheduleDispatch(): void {
    if (!running) return;
    if (dispatchTimer) clearTimeout(dispatchTimer);
    const at = now();
    const next = dispatcher.nextDueAt(at);
    const delay = Math.max(50, Math.min(MAX_DISPATCH_SLEEP_MS, next === null ? MAX_DISPATCH_SLEEP_MS : next - at));
    dispatchTimer = setTimeout(() => {
      dispatchTimer = null;
      guarded(() => dispatch());
      scheduleDispatch();
    }, delay);
    dispatchTimer.unref();
  }

  function guarded(work: () => void): void {
    try {
      work();
    } catch (error) {
      logger.error({ err: error }, 'alert evaluation or dispatch failed');
    }
  }

  /** One evaluation and dispatch; `atMs` = the snapshot's time when evaluation follows the recorder. */
  function cycle(atMs?: number): void {
    if (!running) return;
    guarded(() => tick(atMs ?? now()));
    scheduleDispatch();
  }

  // ----------------------------------------------------------------------------------------- queries
  function ruleInfo(entry: RuleEntry): RuleInfo {
    let pending = 0;
    let firing = 0;
    for (const fingerprint of byRule.get(entry.stored.rule.name) ?? []) {
      const state = alerts.get(fingerprint)?.state;
      if (state === 'pending') pending += 1;
      else if (state === 'firing') firing += 1;
    }
    return {
      ...entry.stored,
      health: entry.health,
      lastError: entry.lastError,
      lastEvaluatedAt: entry.lastEvaluatedAt === null ? null : iso(entry.lastEvaluatedAt),
      evaluationMs: entry.evaluationMs,
      pending,
      firing,
    };
  }

  function ruleEntry(name: string): RuleEntry {
    const entry = rules.get(name);
    if (!entry) throw new ContractError('not_found', `alert rule ${name} does not exist`);
    return entry;
  }

  function alertRecord(fingerprint: string): AlertRecord {
    const alert = alerts.get(fingerprint);
    if (!alert) throw new ContractError('not_found', `alert ${fingerprint} does not exist (or was resolved long ago and forgotten)`);
    return alert;
  }

  function silenceView(silence: SilenceRecord, atMs: number): Silence {
    const state = silenceState(silence, atMs);
    let mutes = 0;
    if (state === 'active') {
      const matches = compileMatchers(silence.matchers);
      for (const alert of alerts.values()) if ((alert.state === 'pending' || alert.state === 'firing') && matches(alert.labels)) mutes += 1;
    }
    return {
      id: silence.id,
      matchers: silence.matchers,
      startsAt: iso(silence.startsAt),
      endsAt: iso(silence.endsAt),
      createdBy: silence.createdBy,
      comment: silence.comment,
      createdAt: iso(silence.createdAt),
      updatedAt: iso(silence.updatedAt),
      state,
      mutes,
    };
  }

  function routesView() {
    const known = options.receivers?.() ?? [];
    return {
      config: routing.config,
      version: routing.version,
      updatedAt: routing.updatedAt,
      updatedBy: routing.updatedBy,
      receivers: [...new Set([CONSOLE_RECEIVER, ...known, ...receiversOf(routing.config)])],
    };
  }

  /** Checks the rule's queries against the history now (unknown metric, wrong function): invalid_request naming the field. */
  function validateRule(rule: AlertRule): void {
    try {
      ruleInstant(metricsQuery, rule, now(), evalStepS);
    } catch (error) {
      if (!(error instanceof ContractError)) throw error;
      const field = rule.kind === 'budget' ? 'rule' : `rule.query.${error.issues?.[0]?.field ?? 'metric'}`;
      throw new ContractError('invalid_request', `invalid rule ${rule.name}: ${error.message}`, [{ field, message: error.message }]);
    }
  }

  const PREVIEW_POINTS = 1000;
  const NICE_STEPS = [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400];

  function preview(rule: AlertRule, startMs: number, endMs: number, stepS: number | undefined): RulesPreviewResponse {
    if (endMs <= startMs) throw invalid('end', 'end must be after start');
    const step =
      stepS ??
      NICE_STEPS.find((candidate) => candidate >= evalStepS && (endMs - startMs) / 1000 / candidate <= PREVIEW_POINTS) ??
      Math.ceil((endMs - startMs) / 1000 / PREVIEW_POINTS);
    let series: ReturnType<typeof ruleRange>;
    try {
      series = ruleRange(metricsQuery, rule, startMs, endMs, step);
    } catch (error) {
      if (error instanceof ContractError) {
        throw new ContractError(
          error.code,
          `rules.preview: ${error.message}`,
          error.issues?.map((issue) => ({ ...issue, field: `rule.query.${issue.field}` })),
        );
      }
      throw error;
    }
    const condition = conditionOf(rule);
    const timing = { forMs: parseDurationMs(rule.for) ?? 0, keepFiringForMs: parseDurationMs(rule.keepFiringFor) ?? 0 };
    let firstFiringAt: number | null = null;
    const stepMs = step * 1000;
    const out = series.map((one) => {
      const pending: { from: number; to: number | null }[] = [];
      const firing: { from: number; to: number | null }[] = [];
      let status: ReturnType<typeof stepAlert>['status'] = null;
      for (const [start, value] of one.points) {
        // A point is labelled by the start of its step but holds data up to the step's end: an evaluator
        // learns that value only then, so that is when a transition it causes can happen (else a preview
        // could fire up to a step before the data crossed the threshold).
        const t = Math.min(start + stepMs, endMs);
        const step = stepAlert(status, value !== null && condition.holds(value), value, t, timing);
        status = step.status;
        for (const change of step.changes) {
          if (change.from === 'pending') {
            const open = pending[pending.length - 1];
            if (open && open.to === null) open.to = t;
          }
          if (change.from === 'firing') {
            const open = firing[firing.length - 1];
            if (open && open.to === null) open.to = t;
          }
          if (change.to === 'pending') pending.push({ from: t, to: null });
          if (change.to === 'firing') {
            firing.push({ from: t, to: null });
            if (firstFiringAt === null || t < firstFiringAt) firstFiringAt = t;
          }
        }
      }
      return {
        labels: sortedLabels({ ...one.labels, ...rule.labels, alertname: rule.alertname ?? rule.name, severity: rule.severity }),
        points: one.points,
        pending,
        firing,
      };
    });
    return {
      series: out,
      comparison: condition.comparison,
      threshold: condition.threshold,
      stepS: step,
      wouldHaveFired: firstFiringAt !== null,
      firstFiringAt,
    };
  }

  const source: AlertSource = {
    firing(): NotifiedAlert[] {
      const mutes = mutesAt(now());
      const out: NotifiedAlert[] = [];
      for (const alert of alerts.values()) {
        if (alert.state === 'firing' && !mutes.isMuted(alert.fingerprint)) out.push(notifiedAlert(alert, externalUrl));
      }
      return out;
    },
  };

  return {
    store,
    source,
    evaluate,
    dispatch,
    tick,
    setSink(next: NotificationSink | null): void {
      sink = next;
    },
    /** The next time dispatch has work (tests step the clock to it). */
    nextDueAt: (atMs = now()) => dispatcher.nextDueAt(atMs),

    start(startOptions: StartOptions = {}): void {
      if (running) return;
      running = true;
      if (startOptions.evaluationIntervalMs !== undefined || !startOptions.onSnapshot) {
        const interval = Math.max(100, startOptions.evaluationIntervalMs ?? evalStepS * 1000);
        evaluationTimer = setInterval(() => cycle(), interval);
        evaluationTimer.unref();
      } else {
        unsubscribe = startOptions.onSnapshot(cycle);
      }
      scheduleDispatch();
    },
    stop(): void {
      running = false;
      if (evaluationTimer) clearInterval(evaluationTimer);
      if (dispatchTimer) clearTimeout(dispatchTimer);
      unsubscribe?.();
      evaluationTimer = null;
      dispatchTimer = null;
      unsubscribe = null;
    },

    // ------------------------------------------------------------------------------ alerts channels
    listAlerts(request: {
      states: readonly string[];
      severities?: readonly string[] | undefined;
      matchers: readonly LabelMatcher[];
      ruleName?: string | undefined;
      muted?: boolean | undefined;
      acknowledged?: boolean | undefined;
      limit: number;
      offset: number;
    }) {
      const atMs = now();
      const mutes = mutesAt(atMs);
      const matches = compileMatchers(request.matchers);
      const counts = { pending: 0, firing: 0, resolved: 0 };
      const selected: AlertRecord[] = [];
      for (const alert of alerts.values()) {
        if (alert.state !== 'inactive') counts[alert.state] += 1;
        if (!request.states.includes(alert.state)) continue;
        if (request.severities && !request.severities.includes(alert.severity)) continue;
        if (request.ruleName !== undefined && alert.ruleName !== request.ruleName) continue;
        if (request.muted !== undefined && mutes.isMuted(alert.fingerprint) !== request.muted) continue;
        if (request.acknowledged !== undefined && (alert.ack !== null) !== request.acknowledged) continue;
        if (!matches(alert.labels)) continue;
        selected.push(alert);
      }
      const stateRank = { firing: 0, pending: 1, resolved: 2, inactive: 3 } as const;
      const severityRank = { critical: 0, warning: 1, info: 2 } as const;
      selected.sort(
        (a, b) =>
          stateRank[a.state] - stateRank[b.state] ||
          severityRank[a.severity] - severityRank[b.severity] ||
          b.since - a.since ||
          a.fingerprint.localeCompare(b.fingerprint),
      );
      return {
        alerts: selected.slice(request.offset, request.offset + request.limit).map((alert) => alertView(alert, mutes)),
        total: selected.length,
        counts,
      };
    },

    getAlert(fingerprint: string, hours: number): AlertDetail {
      const alert = alertRecord(fingerprint);
      const atMs = now();
      const entry = rules.get(alert.ruleName);
      let series: AlertDetail['series'] = null;
      let condition: ReturnType<typeof conditionOf> | null = null;
      if (entry) {
        const rule = entry.stored.rule;
        condition = conditionOf(rule);
        try {
          const startMs = Math.min(atMs - hours * 3_600_000, alert.activeAt - 600_000);
          const range = preview(rule, Math.max(startMs, atMs - 7 * 86_400_000), atMs, undefined);
          series = range.series.find((one) => fingerprintOf(one.labels) === fingerprint)?.points ?? [];
        } catch (error) {
          logger.debug({ err: error, fingerprint }, 'alert series unavailable');
          series = null;
        }
      }
      return {
        alert: alertView(alert, mutesAt(atMs)),
        transitions: store.transitionsOf(fingerprint).map(transitionView),
        notifications: store.notificationsOf(fingerprint, 200).map(notificationView),
        series,
        comparison: condition?.comparison ?? null,
        threshold: condition?.threshold ?? null,
      };
    },

    acknowledge(fingerprint: string, identity: Identity, comment: string) {
      const alert = alertRecord(fingerprint);
      if (alert.state !== 'pending' && alert.state !== 'firing') {
        throw new ContractError('conflict', `alert ${fingerprint} is ${alert.state}; only a pending or firing alert can be acknowledged`);
      }
      const atMs = now();
      if (alert.ack === null) {
        saveAlert({ ...alert, ack: { by: identity.userId, username: identity.username, at: atMs, comment } });
        publish('ack');
      }
      return { alert: alertView(alertRecord(fingerprint), mutesAt(atMs)) };
    },

    // ------------------------------------------------------------------------------- rules channels
    listRules(filter: { kind?: string | undefined; severity?: string | undefined; group?: string | undefined }) {
      return {
        rules: [...rules.values()]
          .filter(
            ({ stored: { rule } }) =>
              (filter.kind === undefined || rule.kind === filter.kind) &&
              (filter.severity === undefined || rule.severity === filter.severity) &&
              (filter.group === undefined || rule.group === filter.group),
          )
          .map(ruleInfo),
      };
    },
    getRule: (name: string) => ruleInfo(ruleEntry(name)),
    saveRule(rule: AlertRule, identity: Identity, expectedVersion: number | undefined) {
      const existing = rules.get(rule.name);
      if (expectedVersion !== undefined && existing?.stored.version !== expectedVersion) {
        throw new ContractError(
          'conflict',
          existing
            ? `alert rule ${rule.name} is at version ${existing.stored.version}, not ${expectedVersion}: someone saved it meanwhile; reload and edit again`
            : `alert rule ${rule.name} no longer exists; save it without expectedVersion to create it again`,
        );
      }
      validateRule(rule);
      const at = iso(now());
      const stored: StoredRule = {
        rule,
        source: existing?.stored.source ?? 'user',
        version: (existing?.stored.version ?? 0) + 1,
        createdAt: existing?.stored.createdAt ?? at,
        updatedAt: at,
        updatedBy: identity.username,
      };
      store.saveRule(stored);
      const entry: RuleEntry = { stored, health: 'unknown', lastError: null, lastEvaluatedAt: null, evaluationMs: null };
      rules.set(rule.name, entry);
      publish('rules');
      return { rule: ruleInfo(entry), created: existing === undefined };
    },
    deleteRule(name: string) {
      if (!rules.has(name)) return { deleted: false };
      const atMs = now();
      let transitions: AlertTransition[] = [];
      db.transaction(() => {
        store.deleteRule(name);
        transitions = endAlertsOf(name, atMs);
      })();
      rules.delete(name);
      fast?.baselines.forget(name);
      publish('rules', transitions);
      return { deleted: true };
    },
    previewRule(rule: AlertRule, start: string | undefined, end: string | undefined, stepS: number | undefined) {
      const endMs = end ? Date.parse(end) : now();
      const startMs = start ? Date.parse(start) : endMs - 6 * 3_600_000;
      return preview(rule, startMs, endMs, stepS);
    },
    /** Every rule as stored (the Prometheus export). */
    rules: (): AlertRule[] => [...rules.values()].map((entry) => entry.stored.rule),

    // ---------------------------------------------------------------------------- silences channels
    listSilences(states: readonly string[], limit: number) {
      const atMs = now();
      return {
        silences: store
          .allSilences(Math.max(limit * 4, 1000))
          .map((silence) => silenceView(silence, atMs))
          .filter((silence) => states.includes(silence.state))
          .slice(0, limit),
      };
    },
    createSilence(
      request: {
        matchers: LabelMatcher[];
        startsAt?: string | undefined;
        endsAt?: string | undefined;
        duration?: string | undefined;
        comment: string;
      },
      identity: Identity,
    ) {
      validateSilenceMatchers(request.matchers);
      const atMs = now();
      const startsAt = request.startsAt ? Date.parse(request.startsAt) : atMs;
      const endsAt = request.endsAt ? Date.parse(request.endsAt) : startsAt + (parseDurationMs(request.duration ?? '') ?? 0);
      if (endsAt <= startsAt) throw invalid('endsAt', 'a silence must end after it starts');
      if (endsAt <= atMs) throw invalid('endsAt', 'a silence must end in the future');
      const silence: SilenceRecord = {
        id: randomUUID(),
        matchers: request.matchers,
        startsAt,
        endsAt,
        createdBy: identity.username,
        comment: request.comment,
        createdAt: atMs,
        updatedAt: atMs,
      };
      store.insertSilence(silence);
      silences = [silence, ...silences];
      publish('silence');
      return { silence: silenceView(silence, atMs) };
    },
    expireSilence(id: string) {
      const silence = store.silence(id);
      if (!silence) throw new ContractError('not_found', `silence ${id} does not exist`);
      const atMs = now();
      if (silence.endsAt > atMs) {
        store.endSilence(id, atMs);
        silence.endsAt = atMs;
        silence.updatedAt = atMs;
        silences = silences.map((known) => (known.id === id ? silence : known));
        publish('silence');
      }
      return { silence: silenceView(silence, atMs) };
    },

    // ------------------------------------------------------------------------------ routes channels
    getRoutes: routesView,
    setRoutes(config: RoutingConfig, identity: Identity, expectedVersion: number | undefined) {
      if (expectedVersion !== undefined && expectedVersion !== routing.version) {
        throw new ContractError(
          'conflict',
          `the routes are at version ${routing.version}, not ${expectedVersion}: someone saved them meanwhile; reload and edit again`,
        );
      }
      const known = options.receivers?.();
      if (known) {
        const allowed = new Set([CONSOLE_RECEIVER, ...known]);
        const unknown = receiversOf(config).filter((receiver) => !allowed.has(receiver));
        if (unknown.length > 0) {
          throw invalid('config.route', `unknown receiver ${unknown.join(', ')}: a receiver is console or a notification channel's id`);
        }
      }
      const root = resolveRoutes(config);
      for (const [index, rule] of config.inhibitRules.entries()) {
        compileMatchers(rule.sourceMatchers, `config.inhibitRules.${index}.sourceMatchers`);
        compileMatchers(rule.targetMatchers, `config.inhibitRules.${index}.targetMatchers`);
      }
      const version = routing.version + 1;
      const at = iso(now());
      store.setRouting(config, version, at, identity.username);
      routing = { config, version, updatedAt: at, updatedBy: identity.username, root };
      publish('routes');
      scheduleDispatch();
      return routesView();
    },
  };
}

export type AlertEngine = ReturnType<typeof createAlertEngine>;
