/**
 * The turn report (issue 7): what one turn did, for someone who will never open the console — its
 * summary, phases with timings and costs, the trace's waterfall, the narrative, the events, the
 * compensations, the trust changes it made and its review items. Gathered from the same services the
 * turns.get, traces.search/get and trust.history channels read, then laid out as a ReportDocument.
 */
import type { TraceDetail } from '../../../src-shared/domain/trace';
import type { TrustHistoryEntry } from '../../../src-shared/domain/trust';
import type { TurnDetail } from '../../../src-shared/domain/turn';
import { ContractError } from '../../../src-shared/errors';
import type { CampaignRepository } from '../orchestrator/campaign-repository';
import type { TurnRepository } from '../orchestrator/turn-repository';
import { turnDetail } from '../orchestrator/turn-service';
import type { TraceStore } from '../telemetry/trace-store';
import type { TrustRepository } from '../trust/trust-repository';
import {
  type Fact,
  fileNamePart,
  formatCost,
  formatDuration,
  formatInteger,
  formatTime,
  type ReportDocument,
  type ReportSection,
  type Tone,
} from './report-document';
import { waterfallSvg } from './waterfall-svg';

export interface TurnReportDeps {
  turns: TurnRepository;
  campaigns: CampaignRepository;
  traces: TraceStore;
  trust: Pick<TrustRepository, 'turnChanges'>;
  /** Writes spans still queued in the exporter, so a turn that just ended has its trace in the report. */
  flushTraces?: () => Promise<void>;
}

/** Everything a turn report shows, as read from the engine. */
export interface TurnReportModel {
  detail: TurnDetail;
  campaignName: string;
  /** Agent id -> name (ids stay as they are when the campaign no longer has the agent). */
  agentNames: Record<string, string>;
  trace: TraceDetail | null;
  trustChanges: TrustHistoryEntry[];
  generatedAt: string;
}

const TURN_ROOT_SPAN = 'novel_engine.turn_execution';

export async function gatherTurnReport(deps: TurnReportDeps, turnId: string, generatedAt: string): Promise<TurnReportModel> {
  if (!deps.turns.get(turnId)) throw new ContractError('not_found', `turn "${turnId}" does not exist`);
  await deps.flushTraces?.();
  const detail = turnDetail(deps.turns, turnId);
  const campaign = deps.campaigns.get(detail.turn.campaignId);
  const agentNames: Record<string, string> = {};
  for (const agent of campaign?.world.agents ?? []) agentNames[agent.id] = agent.name;
  const { traces } = deps.traces.search({ turnId, limit: 20, offset: 0 });
  const summary = traces.find((trace) => trace.rootName === TURN_ROOT_SPAN) ?? traces[0];
  const trace = summary ? deps.traces.get(summary.traceId) : null;
  return {
    detail,
    campaignName: campaign?.name ?? detail.turn.campaignId,
    agentNames,
    trace,
    trustChanges: deps.trust.turnChanges(turnId),
    generatedAt,
  };
}

export function statusTone(status: string): Tone | undefined {
  if (status === 'completed') return 'ok';
  if (status === 'skipped' || status === 'pending' || status === 'cancelled') return 'muted';
  if (status === 'running') return undefined;
  return 'error';
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

export function turnReportDocument(model: TurnReportModel): ReportDocument {
  const { detail, agentNames } = model;
  const { turn } = detail;
  const name = (id: string) => agentNames[id] ?? id;
  const sections: ReportSection[] = [];

  const summaryFacts: Fact[] = [
    { label: 'Turn', value: `#${turn.number} (${turn.id})` },
    { label: 'Campaign', value: `${model.campaignName} (${turn.campaignId})` },
    { label: 'Status', value: turn.status, tone: statusTone(turn.status) },
    { label: 'Started', value: formatTime(turn.startedAt) },
    { label: 'Finished', value: formatTime(turn.finishedAt) },
    { label: 'Duration', value: formatDuration(turn.durationMs) },
    { label: 'Provider time', value: formatDuration(turn.providerMs) },
    { label: 'Completion', value: `${Math.round(turn.completion * 100)}%` },
    { label: 'AI cost', value: formatCost(turn.totalAiCost) },
    { label: 'Tokens', value: `${formatInteger(turn.tokensIn)} in, ${formatInteger(turn.tokensOut)} out` },
    { label: 'Provider calls', value: formatInteger(detail.providerCalls) },
    { label: 'Provider', value: turn.provider },
    { label: 'Seed', value: String(turn.seed) },
    { label: 'Origin', value: `${turn.origin}, started by ${turn.startedBy}` },
    { label: 'Participants', value: turn.participants.map(name).join(', ') || '—' },
  ];
  if (turn.replayOf) summaryFacts.push({ label: 'Replay of', value: turn.replayOf });
  if (turn.failedPhase || turn.failureReason || turn.failureMessage) {
    summaryFacts.push({
      label: 'Failure',
      value: [turn.failedPhase, turn.failureReason, turn.failureMessage].filter((part) => part !== null).join(': '),
      tone: 'error',
    });
  }
  sections.push({ id: 'summary', title: 'Summary', blocks: [{ kind: 'facts', facts: summaryFacts }] });

  const phaseTotals = detail.phases.reduce(
    (sum, phase) => ({
      ms: sum.ms + phase.durationMs,
      cost: sum.cost + phase.aiCost,
      tokensIn: sum.tokensIn + phase.tokensIn,
      tokensOut: sum.tokensOut + phase.tokensOut,
    }),
    { ms: 0, cost: 0, tokensIn: 0, tokensOut: 0 },
  );
  sections.push({
    id: 'phases',
    title: 'Phases',
    blocks: [
      {
        kind: 'table',
        columns: [
          { label: 'Phase' },
          { label: 'Status' },
          { label: 'Duration', align: 'right' },
          { label: 'Events in / out', align: 'right' },
          { label: 'AI cost', align: 'right' },
          { label: 'Tokens in / out', align: 'right' },
          { label: 'Error' },
        ],
        rows: [
          ...detail.phases.map((phase) => ({
            cells: [
              phase.phase,
              phase.status,
              formatDuration(phase.durationMs),
              `${phase.eventsProcessed} / ${phase.eventsGenerated}`,
              formatCost(phase.aiCost),
              `${formatInteger(phase.tokensIn)} / ${formatInteger(phase.tokensOut)}`,
              phase.error ?? '',
            ],
            tone: phase.status === 'failed' ? ('error' as const) : phase.status === 'skipped' ? ('muted' as const) : undefined,
          })),
          ...(detail.phases.length > 0
            ? [
                {
                  cells: [
                    'Total',
                    '',
                    formatDuration(phaseTotals.ms),
                    '',
                    formatCost(phaseTotals.cost),
                    `${formatInteger(phaseTotals.tokensIn)} / ${formatInteger(phaseTotals.tokensOut)}`,
                    '',
                  ],
                },
              ]
            : []),
        ],
        empty: 'No phase ran.',
      },
    ],
  });

  if (model.trace) {
    const figure = waterfallSvg(model.trace.spans);
    const trace = model.trace;
    sections.push({
      id: 'trace',
      title: 'Trace',
      blocks: [
        {
          kind: 'facts',
          facts: [
            { label: 'Trace id', value: trace.traceId },
            {
              label: 'Spans',
              value: `${trace.spanCount} (${trace.errorCount} in error)`,
              tone: trace.errorCount > 0 ? 'error' : undefined,
            },
            { label: 'Duration', value: formatDuration(trace.durationMs) },
            { label: 'Kept because', value: trace.keptReason },
          ],
        },
        {
          kind: 'figure',
          svg: figure.svg,
          width: figure.width,
          height: figure.height,
          caption:
            figure.omitted > 0
              ? `Waterfall of the trace: the first ${figure.shown} of ${figure.shown + figure.omitted} spans; spans in error in red.`
              : 'Waterfall of the trace; spans in error in red.',
        },
      ],
    });
  } else {
    sections.push({
      id: 'trace',
      title: 'Trace',
      blocks: [
        {
          kind: 'text',
          text: 'No trace of this turn is kept (the tail sampler dropped it, it expired, or tracing was off).',
          tone: 'muted',
        },
      ],
    });
  }

  const narrative = detail.narrative;
  const narrativeFacts = narrative
    ? [
        { label: 'Valid', value: yesNo(narrative.valid), tone: narrative.valid ? undefined : ('error' as const) },
        { label: 'Reverted', value: yesNo(narrative.reverted), tone: narrative.reverted ? ('warning' as const) : undefined },
        { label: 'Story arcs', value: narrative.storyArcs.join(', ') || '—' },
      ]
    : [];
  sections.push({
    id: 'narrative',
    title: 'Narrative',
    blocks: narrative
      ? [
          { kind: 'facts', facts: narrativeFacts },
          narrative.text.trim()
            ? { kind: 'markdown', text: narrative.text }
            : { kind: 'text', text: 'The narrative is empty.', tone: 'muted' },
        ]
      : [{ kind: 'text', text: 'No narrative was written.', tone: 'muted' }],
  });

  sections.push({
    id: 'events',
    title: 'Events',
    blocks: [
      {
        kind: 'table',
        columns: [
          { label: 'Phase' },
          { label: 'Type' },
          { label: 'World time', align: 'right' },
          { label: 'Participants' },
          { label: 'Description' },
        ],
        rows: detail.events.map((event) => ({
          cells: [
            event.phase,
            event.removed ? `${event.type} (removed)` : event.type,
            event.timestampS === null ? '—' : `${formatInteger(event.timestampS)} s`,
            event.participants.map(name).join(', '),
            event.description,
          ],
          tone: event.removed ? ('muted' as const) : undefined,
        })),
        empty: 'No event was generated.',
      },
    ],
  });

  sections.push({
    id: 'compensations',
    title: 'Compensations',
    blocks: [
      {
        kind: 'table',
        columns: [
          { label: '#', align: 'right' },
          { label: 'Type' },
          { label: 'Phase' },
          { label: 'Outcome' },
          { label: 'Detail' },
          { label: 'At' },
        ],
        rows: detail.compensations.map((record) => ({
          cells: [
            String(record.seq),
            record.type,
            record.phase ?? '—',
            record.success ? 'done' : 'failed',
            record.detail,
            formatTime(record.at),
          ],
          tone: record.success ? undefined : ('error' as const),
        })),
        empty: 'Nothing was compensated.',
      },
    ],
  });

  sections.push({
    id: 'trust',
    title: 'Trust changes',
    blocks: [
      {
        kind: 'table',
        columns: [
          { label: 'Agent' },
          { label: 'Score', align: 'right' },
          { label: 'Delta', align: 'right' },
          { label: 'Reason' },
          { label: 'Quarantine' },
          { label: 'Detail' },
          { label: 'At' },
        ],
        rows: model.trustChanges.map((change) => ({
          cells: [
            name(change.agentId),
            `${formatScore(change.oldScore)} → ${formatScore(change.newScore)}`,
            `${change.delta > 0 ? '+' : ''}${formatScore(change.delta)}`,
            change.reason,
            change.quarantined === change.wasQuarantined
              ? change.quarantined
                ? 'still quarantined'
                : '—'
              : change.quarantined
                ? 'quarantined'
                : 'released',
            change.detail,
            formatTime(change.at),
          ],
          tone:
            change.quarantined && !change.wasQuarantined
              ? ('error' as const)
              : change.reason === 'compensation'
                ? ('warning' as const)
                : undefined,
        })),
        empty: 'This turn changed no trust score.',
      },
    ],
  });

  sections.push({
    id: 'reviews',
    title: 'Review items',
    blocks: [
      {
        kind: 'table',
        columns: [{ label: 'Severity' }, { label: 'Reason' }, { label: 'Status' }, { label: 'Resolution' }, { label: 'Created' }],
        rows: detail.reviews.map((review) => ({
          cells: [
            review.severity,
            review.reason,
            review.status,
            review.resolution ? `${review.resolution} (${review.resolvedBy ?? 'unknown'}, ${formatTime(review.resolvedAt)})` : '',
            formatTime(review.createdAt),
          ],
          tone: review.status === 'open' ? ('warning' as const) : undefined,
        })),
        empty: 'No review item was opened for this turn.',
      },
    ],
  });

  return {
    kind: 'turn',
    title: `Turn report: ${model.campaignName} #${turn.number}`,
    subtitle: `Turn ${turn.id} · ${turn.status} · ${formatDuration(turn.durationMs)} · ${formatCost(turn.totalAiCost)}`,
    generatedAt: model.generatedAt,
    fileStem: `turn-${fileNamePart(turn.campaignId)}-${turn.number}`,
    sections,
  };
}

function formatScore(score: number): string {
  return String(Number(score.toFixed(2)));
}
