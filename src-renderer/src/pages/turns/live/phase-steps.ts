/**
 * The live picture of a turn — one step per phase, the compensations, the totals — as a pure function of
 * the `turn.progress` events received so far and, when fetched, the stored turn (`turns.get`).
 *
 * Progress events arrive in order but may be missed (the event stream opened late, a reconnect) or
 * repeated (the stream replays its latest event on connect); the stored turn is the authority for every
 * phase it holds, the events fill in what happens between two fetches.
 *
 * Phase cost: the runner adds a phase's cost to the turn total after announcing the phase's end, so a
 * phase's cost is the total at the next event minus the total when the phase started.
 */
import type {
  CompensationType,
  OverallStatus,
  PhaseResult,
  TurnDetail,
  TurnProgress,
  TurnSummary,
} from '../../../../../src-shared/domain/turn';
import { PHASES, type PhaseName } from '../../../../../src-shared/domain/turn-vocabulary';
import type { StepStatus } from '../turn-labels';

export interface PhaseStep {
  phase: PhaseName;
  status: StepStatus;
  durationMs: number | null;
  aiCost: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  error: string | null;
}

export interface LiveCompensation {
  seq: number;
  type: CompensationType;
  phase: PhaseName | null;
  /** Null while only the progress event is known (it carries no outcome). */
  success: boolean | null;
  detail: string;
  at: string;
}

export interface LiveTurnState {
  steps: PhaseStep[];
  status: OverallStatus | null;
  completion: number;
  totalAiCost: number;
  compensations: LiveCompensation[];
  /** The newest progress message, for a status line. */
  message: string | null;
  lastEventAt: string | null;
}

/** The phase whose effect a compensation undoes; rollback_world_state undoes world_update's changes too. */
const UNDOES: Partial<Record<CompensationType, PhaseName>> = {
  rollback_world_state: 'world_update',
  invalidate_subjective_briefs: 'subjective_brief',
  cancel_interactions: 'interaction_orchestration',
  remove_events: 'event_integration',
  revert_narrative_changes: 'narrative_integration',
};

type DetailFacts = Pick<TurnDetail, 'phases' | 'compensations'> & { turn: Pick<TurnSummary, 'status' | 'completion' | 'totalAiCost'> };

function emptyStep(phase: PhaseName): PhaseStep {
  return { phase, status: 'pending', durationMs: null, aiCost: null, tokensIn: null, tokensOut: null, error: null };
}

function fromResult(result: PhaseResult): PhaseStep {
  return {
    phase: result.phase,
    status: result.status,
    durationMs: result.durationMs,
    aiCost: result.aiCost,
    tokensIn: result.tokensIn,
    tokensOut: result.tokensOut,
    error: result.error,
  };
}

export function liveTurnState(events: readonly TurnProgress[], detail?: DetailFacts | null): LiveTurnState {
  const steps = new Map<PhaseName, PhaseStep>(PHASES.map((phase) => [phase, emptyStep(phase)]));
  const started = new Map<PhaseName, { atMs: number; cost: number }>();
  let costPending: PhaseName | null = null;
  let status: OverallStatus | null = null;
  let completion = 0;
  let totalAiCost = 0;
  let message: string | null = null;
  let lastEventAt: string | null = null;
  const compensations: LiveCompensation[] = [];

  for (const event of events) {
    const step = event.phase ? steps.get(event.phase) : undefined;
    if (costPending && event.phase !== costPending) {
      const start = started.get(costPending);
      const pending = steps.get(costPending);
      if (start && pending) pending.aiCost = Math.max(0, event.totalAiCost - start.cost);
      costPending = null;
    }
    if (step && event.phaseStatus === 'running') {
      step.status = 'running';
      started.set(step.phase, { atMs: Date.parse(event.at), cost: event.totalAiCost });
    } else if (step && event.phaseStatus) {
      step.status = event.phaseStatus;
      const start = started.get(step.phase);
      if (start) step.durationMs = Math.max(0, Date.parse(event.at) - start.atMs);
      if (event.phaseStatus === 'failed') step.error = event.message;
      costPending = step.phase;
    }
    if (event.compensation) {
      const reported = parseCompensationMessage(event.compensation, event.message);
      compensations.push({ seq: compensations.length, type: event.compensation, ...reported, at: event.at });
      const undone = reported.phase ?? UNDOES[event.compensation];
      const undoneStep = undone ? steps.get(undone) : undefined;
      if (undoneStep && undoneStep.status === 'succeeded') undoneStep.status = 'compensated';
    }
    status = event.overallStatus;
    completion = event.completion;
    totalAiCost = event.totalAiCost;
    message = event.message;
    lastEventAt = event.at;
  }

  if (detail) {
    for (const result of detail.phases) steps.set(result.phase, fromResult(result));
    if (status === null || status === 'running') status = detail.turn.status;
    if (detail.turn.status !== 'running' || detail.turn.completion > completion) completion = detail.turn.completion;
    if (detail.turn.status !== 'running' || detail.turn.totalAiCost > totalAiCost) totalAiCost = detail.turn.totalAiCost;
  }

  const ordered = PHASES.map((phase) => steps.get(phase) ?? emptyStep(phase));
  if (status !== null && status !== 'running') {
    for (const step of ordered) {
      if (step.status === 'pending') step.status = 'not_run';
      // A phase cut short without its own end event (the turn ended around it) did not succeed.
      if (step.status === 'running') step.status = 'failed';
    }
  } else if (status === 'running' && !ordered.some((step) => step.status === 'running')) {
    // Known only from the stored turn: the first phase without a result is the one running now.
    const next = ordered.find((step) => step.status === 'pending');
    if (next) next.status = 'running';
  }

  const storedCompensations = detail?.compensations ?? [];
  return {
    steps: ordered,
    status,
    completion,
    totalAiCost,
    compensations:
      storedCompensations.length >= compensations.length ? storedCompensations.map((record) => ({ ...record })) : compensations,
    message,
    lastEventAt,
  };
}

/**
 * The runner reports each compensation step after it ran as `<type> (<phase>): <detail>`, the detail
 * starting with `failed:` when the step failed. Anything else is kept whole with an unknown outcome.
 */
export function parseCompensationMessage(type: CompensationType, message: string): Pick<LiveCompensation, 'phase' | 'success' | 'detail'> {
  const match = /^([a-z_]+)(?: \(([a-z_]+)\))?: (.*)$/s.exec(message);
  if (!match || match[1] !== type) return { phase: UNDOES[type] ?? null, success: null, detail: message };
  const phase = (PHASES as readonly string[]).includes(match[2] ?? '') ? (match[2] as PhaseName) : null;
  const detail = match[3] ?? '';
  return { phase, success: !detail.startsWith('failed:'), detail };
}

/** Does this event change what the stored turn holds (a phase ended, the turn ended)? Then fetch it again. */
export function progressChangesStoredTurn(event: TurnProgress): boolean {
  return event.phaseStatus === 'succeeded' || event.phaseStatus === 'failed' || event.overallStatus !== 'running';
}
