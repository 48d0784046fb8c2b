/**
 * The incident report (issue 7): one episode of an alert — the incident the runbook steps are recorded
 * on (`<fingerprint>:<episode>`, as the Alerts and Runbooks pages name it) — for the people who answer
 * for it later: the alert and its values, its timeline (transitions, notifications, acknowledgement,
 * escalation), the silences that covered it, the runbook steps taken (who, when, outcome), the turns of
 * its window and the audit entries of what was done about it.
 */
import type { Alert, AlertTransition, NotificationRecord, Silence } from '../../../src-shared/domain/alerts';
import type { StepRecord } from '../../../src-shared/domain/runbooks';
import type { AuditEntry } from '../../../src-shared/domain/security';
import type { TurnSummary } from '../../../src-shared/domain/turn';
import { INCIDENT_ID_PATTERN } from '../../../src-shared/domain/turn-incident-reports';
import { ContractError } from '../../../src-shared/errors';
import type { AlertEngine } from '../alerts/alert-engine';
import { fingerprintOf } from '../alerts/fingerprint';
import { compileMatchers, formatMatchers } from '../alerts/label-matchers';
import type { TurnRepository } from '../orchestrator/turn-repository';
import type { RunbookService } from '../runbooks/runbook-service';
import type { AuditLog } from '../security/audit-log';
import {
  fileNamePart,
  formatCost,
  formatDuration,
  formatTime,
  formatValue,
  type ReportDocument,
  type ReportSection,
  type TableRow,
} from './report-document';
import { statusTone } from './turn-report';
import { VALUE_CHART_HEIGHT, VALUE_CHART_WIDTH, valueChartSvg } from './value-chart-svg';

export interface IncidentReportDeps {
  alerts: Pick<AlertEngine, 'getAlert' | 'listSilences' | 'getRule' | 'previewRule'>;
  runbooks: Pick<RunbookService, 'stepRecords'>;
  turns: Pick<TurnRepository, 'list'>;
  audit: Pick<AuditLog, 'list'>;
}

/** Turns around an incident: from an hour before the alert became active (as the runbook view shows them). */
export const INCIDENT_LOOKBACK_MS = 3_600_000;
const RELATED_TURNS_LIMIT = 100;
/** The value chart starts this long before the episode and, once it resolved, ends this long after. */
const CHART_BEFORE_MS = 10 * 60_000;
const CHART_AFTER_MS = 5 * 60_000;
const CHART_MAX_MS = 7 * 86_400_000;
/** The audit actions that act on an incident, its alert or its silences. */
const INCIDENT_ACTIONS = ['runbooks.steps.record', 'alerts.ack', 'silences.create', 'silences.expire'] as const;

export interface IncidentReportModel {
  incidentId: string;
  alert: Alert;
  episode: number;
  /** Whether the episode is the alert's current one (its live fields — ack, escalation — belong to it). */
  current: boolean;
  /** When the episode began and ended (epoch ms; end null while it is still active). */
  startMs: number;
  endMs: number | null;
  transitions: AlertTransition[];
  notifications: NotificationRecord[];
  comparison: string | null;
  threshold: number | null;
  /** The rule's compared value for this alert over the incident (and a little before); null when the rule is gone. */
  series: { points: [number, number | null][]; startMs: number; endMs: number } | null;
  silences: Silence[];
  steps: StepRecord[];
  turns: TurnSummary[];
  turnsTotal: number;
  audit: AuditEntry[];
  generatedAt: string;
}

export function parseIncidentId(incidentId: string): { fingerprint: string; episode: number | null } {
  const match = INCIDENT_ID_PATTERN.exec(incidentId);
  if (!match) {
    throw new ContractError(
      'invalid_request',
      `"${incidentId}" is not an incident id: use <alert fingerprint> or <fingerprint>:<episode>`,
      [{ field: 'incidentId', message: 'an alert fingerprint (16 lowercase hex digits), optionally followed by :<episode>' }],
    );
  }
  return { fingerprint: match[1] as string, episode: match[2] === undefined ? null : Number(match[2]) };
}

/**
 * `visibleCampaigns`: the campaigns whose turns the caller may see (null = all); a campaign-scoped caller's
 * report lists related turns of those campaigns only.
 */
export function gatherIncidentReport(
  deps: IncidentReportDeps,
  incidentId: string,
  generatedAt: string,
  visibleCampaigns: readonly string[] | null = null,
): IncidentReportModel {
  const { fingerprint, episode: asked } = parseIncidentId(incidentId);
  const detail = deps.alerts.getAlert(fingerprint, 1);
  const alert = detail.alert;
  const episode = asked ?? alert.episode;
  const transitions = detail.transitions.filter((transition) => transition.episode === episode);
  if (episode > alert.episode || (episode !== alert.episode && transitions.length === 0)) {
    throw new ContractError('not_found', `alert ${fingerprint} has no episode ${episode} (it is at episode ${alert.episode})`);
  }
  const current = episode === alert.episode;
  const startMs = transitions[0] ? Date.parse(transitions[0].at) : Date.parse(alert.activeAt);
  const resolved = transitions.find((transition) => transition.to === 'resolved' || transition.to === 'inactive');
  const endMs = resolved ? Date.parse(resolved.at) : current && alert.resolvedAt ? Date.parse(alert.resolvedAt) : null;
  const within = (ms: number) => ms >= startMs && (endMs === null || ms <= endMs);

  const notifications = detail.notifications
    .filter((record) => within(Date.parse(record.at)))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
  // Silences that matched the alert's labels at some time during the episode.
  const silences = deps.alerts
    .listSilences(['pending', 'active', 'expired'], 1000)
    .silences.filter((silence) => {
      const overlaps = Date.parse(silence.startsAt) <= (endMs ?? Number.POSITIVE_INFINITY) && Date.parse(silence.endsAt) >= startMs;
      return overlaps && compileMatchers(silence.matchers)(alert.labels);
    })
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id.localeCompare(b.id));
  const series = valueSeries(deps, alert, startMs, endMs, generatedAt);
  const incident = `${fingerprint}:${episode}`;
  const steps = deps.runbooks.stepRecords(incident);
  const campaignId = alert.labels.campaign;
  const turnWindow = {
    since: new Date(startMs - INCIDENT_LOOKBACK_MS).toISOString(),
    ...(endMs !== null ? { until: new Date(endMs + 1).toISOString() } : {}),
  };
  const listed = deps.turns.list({ ...turnWindow, campaignId, limit: RELATED_TURNS_LIMIT, offset: 0 });
  const scoped = visibleCampaigns !== null;
  const turns = scoped ? listed.turns.filter((turn) => visibleCampaigns.includes(turn.campaignId)) : listed.turns;
  const total = scoped ? turns.length : listed.total;

  const silenceTargets = new Set(silences.map((silence) => `silence:${silence.id}`));
  const seen = new Set<number>();
  const audit: AuditEntry[] = [];
  for (const action of INCIDENT_ACTIONS) {
    for (const entry of deps.audit.list({ action, limit: 1000, offset: 0 }).entries) {
      const at = Date.parse(entry.at);
      const related =
        entry.target === `incident:${incident}` ||
        (entry.target === `alert:${fingerprint}` && within(at)) ||
        (entry.target !== null && silenceTargets.has(entry.target)) ||
        (action === 'silences.create' && within(at));
      if (related && !seen.has(entry.seq)) {
        seen.add(entry.seq);
        audit.push(entry);
      }
    }
  }
  audit.sort((a, b) => a.seq - b.seq);

  return {
    incidentId: incident,
    alert,
    episode,
    current,
    startMs,
    endMs,
    transitions,
    notifications,
    comparison: detail.comparison,
    threshold: detail.threshold,
    series,
    silences,
    steps,
    turns,
    turnsTotal: total,
    audit,
    generatedAt,
  };
}

/**
 * The rule's value for the alert's series from before the episode to its end (or generatedAt while it
 * is active), through the same range evaluation as the rule editor's preview. Null when the rule is gone
 * or its metric cannot be read: the report says so instead of failing.
 */
function valueSeries(
  deps: IncidentReportDeps,
  alert: Alert,
  startMs: number,
  endMs: number | null,
  generatedAt: string,
): IncidentReportModel['series'] {
  try {
    const { rule } = deps.alerts.getRule(alert.ruleName);
    const rangeEnd = endMs !== null ? endMs + CHART_AFTER_MS : Math.max(Date.parse(generatedAt), startMs + 60_000);
    const rangeStart = Math.max(startMs - CHART_BEFORE_MS, rangeEnd - CHART_MAX_MS);
    const preview = deps.alerts.previewRule(rule, new Date(rangeStart).toISOString(), new Date(rangeEnd).toISOString(), undefined);
    const points = preview.series.find((one) => fingerprintOf(one.labels) === alert.fingerprint)?.points ?? [];
    return { points: points.map(([ms, value]) => [ms, value] as [number, number | null]), startMs: rangeStart, endMs: rangeEnd };
  } catch {
    return null;
  }
}

/** When the episode was firing, from its transitions (an open interval while it still fires). */
function firingIntervals(transitions: readonly AlertTransition[]): { fromMs: number; toMs: number | null }[] {
  const intervals: { fromMs: number; toMs: number | null }[] = [];
  for (const transition of transitions) {
    const at = Date.parse(transition.at);
    if (transition.to === 'firing') intervals.push({ fromMs: at, toMs: null });
    else if (transition.from === 'firing') {
      const open = intervals.at(-1);
      if (open && open.toMs === null) open.toMs = at;
    }
  }
  return intervals;
}

interface TimelineItem {
  atMs: number;
  order: number;
  row: TableRow;
}

export function incidentReportDocument(model: IncidentReportModel): ReportDocument {
  const { alert } = model;
  const sections: ReportSection[] = [];
  const alertName = alert.labels.alertname ?? alert.ruleName;
  const values = model.transitions.map((transition) => transition.value).filter((value): value is number => value !== null);
  const fired = model.transitions.find((transition) => transition.to === 'firing');
  const state = model.current ? alert.state : 'resolved';

  const facts = [
    { label: 'Alert', value: `${alertName} (${alert.fingerprint})` },
    { label: 'Incident', value: `${model.incidentId} (episode ${model.episode}${model.current ? ', current' : ''})` },
    {
      label: 'Severity',
      value: alert.severity,
      tone: alert.severity === 'critical' ? ('error' as const) : alert.severity === 'warning' ? ('warning' as const) : undefined,
    },
    {
      label: 'State',
      value: state,
      tone: state === 'firing' ? ('error' as const) : state === 'resolved' ? ('ok' as const) : ('warning' as const),
    },
    { label: 'Rule', value: alert.ruleName },
    { label: 'Active from', value: formatTime(new Date(model.startMs).toISOString()) },
    { label: 'Fired', value: formatTime(fired?.at ?? null) },
    { label: 'Resolved', value: model.endMs === null ? 'not yet' : formatTime(new Date(model.endMs).toISOString()) },
    { label: 'Duration', value: model.endMs === null ? '—' : formatDuration(model.endMs - model.startMs) },
    {
      label: 'Labels',
      value: Object.entries(alert.labels)
        .map(([key, value]) => `${key}="${value}"`)
        .join(', '),
    },
  ];
  for (const [key, value] of Object.entries(alert.annotations)) if (value) facts.push({ label: `Annotation: ${key}`, value });
  if (model.current) {
    if (alert.acknowledged) {
      facts.push({
        label: 'Acknowledged',
        value: `by ${alert.acknowledged.username} at ${formatTime(alert.acknowledged.at)}${alert.acknowledged.comment ? `: ${alert.acknowledged.comment}` : ''}`,
      });
    }
    if (alert.escalatedAt) facts.push({ label: 'Escalated', value: formatTime(alert.escalatedAt) });
    if (alert.inhibitedBy.length > 0) facts.push({ label: 'Inhibited by', value: alert.inhibitedBy.join(', ') });
  }
  sections.push({ id: 'alert', title: 'Alert', blocks: [{ kind: 'facts', facts }] });

  sections.push({
    id: 'values',
    title: 'Values',
    blocks: [
      {
        kind: 'facts',
        facts: [
          {
            label: 'Condition',
            value:
              model.comparison !== null && model.threshold !== null
                ? `value ${model.comparison} ${formatValue(model.threshold)}`
                : 'the rule no longer exists',
          },
          {
            label: model.current ? 'Value at the last evaluation' : 'Value when it resolved',
            value: formatValue(model.current ? alert.value : (values.at(-1) ?? null)),
          },
          { label: 'Value when it fired', value: formatValue(fired?.value ?? null) },
          { label: 'Highest value recorded', value: values.length > 0 ? formatValue(Math.max(...values)) : '—' },
          { label: 'Lowest value recorded', value: values.length > 0 ? formatValue(Math.min(...values)) : '—' },
        ],
      },
      model.series
        ? {
            kind: 'figure',
            svg: valueChartSvg({
              points: model.series.points,
              threshold: model.threshold,
              firing: firingIntervals(model.transitions),
              startMs: model.series.startMs,
              endMs: model.series.endMs,
            }),
            width: VALUE_CHART_WIDTH,
            height: VALUE_CHART_HEIGHT,
            caption: `The rule's value for this alert from ${formatTime(new Date(model.series.startMs).toISOString())} to ${formatTime(new Date(model.series.endMs).toISOString())}; firing shaded red, the threshold dashed.`,
          }
        : { kind: 'text', text: "The rule's values are not available (the rule was deleted or its metric cannot be read).", tone: 'muted' },
    ],
  });

  const timeline: TimelineItem[] = [];
  model.transitions.forEach((transition, index) => {
    timeline.push({
      atMs: Date.parse(transition.at),
      order: index,
      row: {
        cells: [formatTime(transition.at), 'state', `${transition.from} → ${transition.to}`, formatValue(transition.value)],
        tone: transition.to === 'firing' ? 'error' : transition.to === 'resolved' ? 'ok' : undefined,
      },
    });
  });
  for (const record of model.notifications) {
    timeline.push({
      atMs: Date.parse(record.at),
      order: 1000 + record.id,
      row: { cells: [formatTime(record.at), 'notification', `${record.kind} (${record.status}) to ${record.receiver}`, ''] },
    });
  }
  if (model.current && alert.acknowledged) {
    const ack = alert.acknowledged;
    timeline.push({
      atMs: Date.parse(ack.at),
      order: 2_000_000,
      row: { cells: [formatTime(ack.at), 'acknowledged', `by ${ack.username}${ack.comment ? `: ${ack.comment}` : ''}`, ''] },
    });
  }
  if (model.current && alert.escalatedAt) {
    timeline.push({
      atMs: Date.parse(alert.escalatedAt),
      order: 2_000_001,
      row: { cells: [formatTime(alert.escalatedAt), 'escalated', 'unacknowledged: sent to the escalation receiver', ''], tone: 'warning' },
    });
  }
  timeline.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  sections.push({
    id: 'timeline',
    title: 'Timeline',
    blocks: [
      {
        kind: 'table',
        columns: [{ label: 'At' }, { label: 'What' }, { label: 'Detail' }, { label: 'Value', align: 'right' }],
        rows: timeline.map((item) => item.row),
        empty: 'No transition was recorded for this episode.',
      },
    ],
  });

  sections.push({
    id: 'silences',
    title: 'Silences',
    blocks: [
      {
        kind: 'table',
        columns: [{ label: 'Matchers' }, { label: 'From' }, { label: 'Until' }, { label: 'Created by' }, { label: 'Comment' }],
        rows: model.silences.map((silence) => ({
          cells: [
            formatMatchers(silence.matchers),
            formatTime(silence.startsAt),
            formatTime(silence.endsAt),
            silence.createdBy,
            silence.comment,
          ],
        })),
        empty: 'No silence covered this alert during the incident.',
      },
    ],
  });

  sections.push({
    id: 'runbook-steps',
    title: 'Runbook steps taken',
    blocks: [
      {
        kind: 'table',
        columns: [{ label: 'At' }, { label: 'Who' }, { label: 'Runbook' }, { label: 'Step' }, { label: 'Outcome' }, { label: 'Detail' }],
        rows: model.steps.map((step) => ({
          cells: [
            formatTime(step.at),
            `${step.actor} (${step.role})`,
            `${step.slug} v${step.version}`,
            step.action ? `${step.stepText} [${step.action}]` : step.stepText,
            step.outcome,
            step.detail,
          ],
          tone: step.outcome === 'failed' ? ('error' as const) : step.outcome === 'unchecked' ? ('muted' as const) : undefined,
        })),
        empty: 'No runbook step was recorded for this incident.',
      },
    ],
  });

  const turnNote =
    model.turnsTotal > model.turns.length
      ? [
          {
            kind: 'text' as const,
            text: `The newest ${model.turns.length} of ${model.turnsTotal} turns are listed.`,
            tone: 'muted' as const,
          },
        ]
      : [];
  sections.push({
    id: 'turns',
    title: 'Related turns',
    blocks: [
      {
        kind: 'text',
        text: `Turns started from an hour before the alert became active${model.endMs === null ? '' : ' until it resolved'}${alert.labels.campaign ? `, in campaign ${alert.labels.campaign}` : ''}.`,
        tone: 'muted',
      },
      {
        kind: 'table',
        columns: [
          { label: 'Turn' },
          { label: 'Campaign' },
          { label: 'Status' },
          { label: 'Started' },
          { label: 'Duration', align: 'right' },
          { label: 'AI cost', align: 'right' },
          { label: 'Failure' },
        ],
        rows: model.turns.map((turn) => ({
          cells: [
            `#${turn.number} (${turn.id})`,
            turn.campaignId,
            turn.status,
            formatTime(turn.startedAt),
            formatDuration(turn.durationMs),
            formatCost(turn.totalAiCost),
            [turn.failedPhase, turn.failureReason].filter((part) => part !== null).join(': '),
          ],
          tone: statusTone(turn.status) === 'error' ? ('error' as const) : undefined,
        })),
        empty: 'No turn ran around this incident.',
      },
      ...turnNote,
    ],
  });

  sections.push({
    id: 'audit',
    title: 'Audit entries',
    blocks: [
      {
        kind: 'table',
        columns: [
          { label: 'Seq', align: 'right' },
          { label: 'At' },
          { label: 'Actor' },
          { label: 'Action' },
          { label: 'Target' },
          { label: 'Outcome' },
          { label: 'Hash' },
        ],
        rows: model.audit.map((entry) => ({
          cells: [
            String(entry.seq),
            formatTime(entry.at),
            `${entry.actor} (${entry.role})`,
            entry.action,
            entry.target ?? '—',
            entry.detail ? `${entry.outcome}: ${entry.detail}` : entry.outcome,
            entry.hash.slice(0, 12),
          ],
          tone: entry.outcome === 'ok' ? undefined : ('error' as const),
        })),
        empty: 'No audited action touched this incident.',
      },
    ],
  });

  return {
    kind: 'incident',
    title: `Incident report: ${alertName}`,
    subtitle: `${alert.severity} alert ${alert.fingerprint}, episode ${model.episode} · ${state} · ${model.steps.length} runbook ${model.steps.length === 1 ? 'step' : 'steps'} taken`,
    generatedAt: model.generatedAt,
    fileStem: `incident-${fileNamePart(alertName)}-${alert.fingerprint}-${model.episode}`,
    sections,
  };
}
