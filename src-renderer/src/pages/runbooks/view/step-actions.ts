/**
 * What a runbook step's action would do here and now, and doing it. `actionAvailability` says whether
 * the button is enabled — the caller's permission (in the target's campaign, for scoped tokens) and the
 * incident's context (an alert to silence, a failed turn to re-run, a quarantined agent to release) —
 * and why not; `actionPlan` words the confirmation; `runAction` calls the console channel through the
 * bridge (the rpc authorizes and audits it again) and says what happened, for the step's record.
 */
import type { Alert } from '../../../../../src-shared/domain/alerts';
import { durationLabel, RUNBOOK_ACTIONS, type RunbookAction } from '../../../../../src-shared/domain/runbook-vocabulary';
import type { WhoAmI } from '../../../../../src-shared/domain/security';
import type { TurnSummary } from '../../../../../src-shared/domain/turn';
import { authorize } from '../../../../../src-shared/rbac';
import type { Bridge } from '../../../bridge';
import { formatClock } from '../../../ui/format-units';
import { tracesHref } from '../../traces/traces-route';
import { turnsHref } from '../../turns/turns-route';

/** A quarantined agent a release step may pick. */
export interface AgentCandidate {
  campaignId: string;
  campaignName: string;
  agentId: string;
  name: string;
  score: number;
}

/** The incident a runbook is opened for: an alert's current episode. */
export interface Incident {
  /** `<fingerprint>:<episode>`: steps are recorded per episode, so a new firing starts a fresh checklist. */
  id: string;
  alert: Alert;
}

export interface StepContext {
  /** Null while `auth.whoami` has not answered. */
  identity: WhoAmI | null;
  incident: Incident | null;
  /** Why there is no incident although the runbook was opened for an alert (it failed to load). */
  incidentProblem: string | null;
  /** The newest failed turn in the incident's window (the last 24 hours without an alert). */
  failedTurn: TurnSummary | null;
  /** The newest turn in that window, failed or not (open-trace falls back to it). */
  latestTurn: TurnSummary | null;
  quarantined: readonly AgentCandidate[];
  /** True while turns or agents are still loading: a missing target is not known to be missing yet. */
  loading: boolean;
}

export type Availability = { enabled: true } | { enabled: false; reason: string };

export interface StepMeta {
  slug: string;
  title: string;
  stepText: string;
}

export interface ActionResult {
  /** One line for the step's record: what was done. */
  detail: string;
  /** Where to see the result (the new turn, the trace); null when there is nothing to open. */
  href: string | null;
  /** Open `href` at once (open-trace is a navigation). */
  navigate: boolean;
}

const FAILED_STATUSES: ReadonlySet<string> = new Set(['failed', 'compensated', 'interrupted', 'partially_completed']);

export function isFailedTurn(turn: TurnSummary): boolean {
  return FAILED_STATUSES.has(turn.status);
}

export function incidentIdOf(alert: Alert): string {
  return `${alert.fingerprint}:${alert.episode}`;
}

/** The turn an action works on: the newest failed one; open-trace takes the newest of any status. */
export function targetTurn(action: RunbookAction, context: StepContext): TurnSummary | null {
  if (action.name === 'open-trace') return context.failedTurn ?? context.latestTurn;
  return context.failedTurn;
}

/**
 * The agents a release step may pick: the one it names, or every quarantined agent — of the alert's
 * campaign when the alert names one (its `campaign` label).
 */
export function releaseCandidates(action: RunbookAction, context: StepContext): AgentCandidate[] {
  if (action.name !== 'release-agent') return [];
  const campaign = context.incident?.alert.labels.campaign;
  return context.quarantined.filter(
    (agent) => (action.agentId === null || agent.agentId === action.agentId) && (campaign === undefined || agent.campaignId === campaign),
  );
}

function permissionReason(context: StepContext, action: RunbookAction, campaignId?: string): Availability {
  const { permission, channel } = RUNBOOK_ACTIONS[action.name];
  if (!context.identity) return { enabled: false, reason: 'Checking your permissions…' };
  if (!authorize(context.identity, permission, campaignId))
    return {
      enabled: false,
      reason: `Needs the ${permission} permission${campaignId && context.identity.campaignAccess ? ' in this campaign' : ''} (for ${channel}); you are signed in as ${context.identity.roles.join(', ') || 'no role'}.`,
    };
  return { enabled: true };
}

const windowText = (context: StepContext) => (context.incident ? 'since the alert became active' : 'in the last 24 hours');

export function actionAvailability(action: RunbookAction, context: StepContext, agent: AgentCandidate | null): Availability {
  // A missing permission is said first: it holds whatever the incident offers.
  const allowed = permissionReason(context, action);
  if (!allowed.enabled) return allowed;
  switch (action.name) {
    case 'silence':
      if (!context.incident) return { enabled: false, reason: context.incidentProblem ?? 'Open this runbook from an alert to silence it.' };
      return permissionReason(context, action);
    case 'release-agent': {
      const candidates = releaseCandidates(action, context);
      if (candidates.length === 0) {
        if (context.loading) return { enabled: false, reason: 'Looking for quarantined agents…' };
        return {
          enabled: false,
          reason: action.agentId ? `Agent ${action.agentId} is not quarantined now.` : 'No agent is quarantined now.',
        };
      }
      const chosen =
        agent && candidates.some((candidate) => candidate.agentId === agent.agentId && candidate.campaignId === agent.campaignId)
          ? agent
          : null;
      if (!chosen) return { enabled: false, reason: 'Choose the agent to release.' };
      return permissionReason(context, action, chosen.campaignId);
    }
    case 'rerun-turn-ai-disabled':
    case 'open-trace': {
      const turn = targetTurn(action, context);
      if (!turn) {
        if (context.loading) return { enabled: false, reason: 'Looking for the turn…' };
        return { enabled: false, reason: `No ${action.name === 'open-trace' ? '' : 'failed '}turn ${windowText(context)}.` };
      }
      return permissionReason(context, action, turn.campaignId);
    }
  }
}

/** Whether the caller can tick a plain checklist step: only on an incident (that is where it is kept). */
export function checkAvailability(context: StepContext): Availability {
  if (!context.incident)
    return { enabled: false, reason: context.incidentProblem ?? 'Open this runbook from an alert to keep a checklist for its incident.' };
  if (!context.identity) return { enabled: false, reason: 'Checking your permissions…' };
  return { enabled: true };
}

function alertName(alert: Alert): string {
  return alert.labels.alertname ?? alert.ruleName;
}

function labelsText(alert: Alert): string {
  const shown = Object.entries(alert.labels).filter(([label]) => label !== 'alertname');
  return shown.length === 0 ? '' : ` {${shown.map(([label, value]) => `${label}="${value}"`).join(', ')}}`;
}

function turnName(turn: TurnSummary): string {
  return `turn #${turn.number} of ${turn.campaignId}`;
}

/** What pressing the button will do, in one or two sentences, for the confirmation. */
export function actionPlan(action: RunbookAction, context: StepContext, agent: AgentCandidate | null, nowMs = Date.now()): string {
  switch (action.name) {
    case 'silence': {
      const alert = context.incident?.alert;
      if (!alert) return '';
      const until = formatClock(nowMs + action.durationS * 1000);
      const already = alert.silencedBy.length > 0 ? ` It is already muted by ${alert.silencedBy.length} silence(s).` : '';
      return `Silence ${alertName(alert)}${labelsText(alert)} for ${durationLabel(action.duration)}, until ${until}: no notifications for it until then.${already} The silence is audited and can be expired on the Alerts page.`;
    }
    case 'release-agent':
      return agent
        ? `Release ${agent.name} (${agent.campaignName}, trust ${Math.round(agent.score)}) from quarantine: it takes part in interactions again from the next turn. Its score is kept; the release is audited.`
        : '';
    case 'rerun-turn-ai-disabled': {
      const turn = targetTurn(action, context);
      return turn
        ? `Start a new turn of ${turn.campaignId} with the ${turn.participants.length} participants of ${turnName(turn)} and AI disabled (rule-based briefs and narrative). The failed turn stays as it is; the new one is audited.`
        : '';
    }
    case 'open-trace': {
      const turn = targetTurn(action, context);
      return turn ? `Open the trace of ${turnName(turn)} (${turn.status}).` : '';
    }
  }
}

/** Runs the action through the bridge; throws the channel's ContractError when it fails. */
export async function runAction(
  bridge: Bridge,
  action: RunbookAction,
  context: StepContext,
  agent: AgentCandidate | null,
  meta: StepMeta,
): Promise<ActionResult> {
  switch (action.name) {
    case 'silence': {
      const incident = context.incident;
      if (!incident) throw new Error('no alert to silence');
      const matchers = Object.entries(incident.alert.labels)
        .slice(0, 20)
        .map(([label, value]) => ({ label, op: '=' as const, value }));
      const { silence } = await bridge.invoke('silences.create', {
        matchers,
        duration: action.duration,
        comment: `Runbook "${meta.title}": ${meta.stepText} (incident ${incident.id})`.slice(0, 2000),
      });
      return { detail: `silence ${silence.id} until ${silence.endsAt}`, href: null, navigate: false };
    }
    case 'release-agent': {
      if (!agent) throw new Error('no agent chosen');
      const { entry } = await bridge.invoke('trust.release', {
        campaignId: agent.campaignId,
        agentId: agent.agentId,
        note: `runbook ${meta.slug}${context.incident ? `, incident ${context.incident.id}` : ''}`,
      });
      return { detail: `released ${agent.name} (${agent.campaignId}) at trust ${Math.round(entry.newScore)}`, href: null, navigate: false };
    }
    case 'rerun-turn-ai-disabled': {
      const turn = targetTurn(action, context);
      if (!turn) throw new Error('no failed turn');
      const started = await bridge.invoke('turns.run', {
        campaignId: turn.campaignId,
        participants: turn.participants,
        preset: 'ai_disabled',
      });
      return {
        detail: `turn #${started.number} started with AI disabled (re-run of #${turn.number}, ${turn.id})`,
        href: turnsHref.turn(started.turnId),
        navigate: false,
      };
    }
    case 'open-trace': {
      const turn = targetTurn(action, context);
      if (!turn) throw new Error('no turn');
      const { traces } = await bridge.invoke('traces.search', { turnId: turn.id, limit: 1 });
      const trace = traces[0];
      if (!trace) throw new Error(`the tail sampler kept no trace of turn #${turn.number}`);
      return { detail: `trace ${trace.traceId} of turn #${turn.number}`, href: tracesHref.trace(trace.traceId), navigate: true };
    }
  }
}
