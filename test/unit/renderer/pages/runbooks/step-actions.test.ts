/**
 * What a runbook step's button does here and now (step-actions.ts): enabled only with the permission of
 * its action's channel — in the target's campaign for a scoped token — and something to act on, with the
 * reason shown otherwise; and the confirmation names exactly what will happen.
 */
import { describe, expect, it } from 'vitest';
import {
  type AgentCandidate,
  actionAvailability,
  actionPlan,
  checkAvailability,
  incidentIdOf,
  releaseCandidates,
  type StepContext,
  targetTurn,
} from '../../../../../src-renderer/src/pages/runbooks/view/step-actions';
import type { Alert } from '../../../../../src-shared/domain/alerts';
import type { WhoAmI } from '../../../../../src-shared/domain/security';
import type { TurnSummary } from '../../../../../src-shared/domain/turn';
import { permissionsOfRoles, type Role } from '../../../../../src-shared/rbac';

function whoami(role: Role, campaignAccess: WhoAmI['campaignAccess'] = null): WhoAmI {
  return {
    userId: role,
    username: role,
    roles: [role],
    permissions: permissionsOfRoles([role]),
    campaignAccess,
    kind: 'token',
    tokenId: 't',
  };
}

const alert: Alert = {
  fingerprint: '0123456789abcdef',
  ruleName: 'CompensationSpike',
  state: 'firing',
  severity: 'warning',
  labels: { alertname: 'CompensationSpike', severity: 'warning' },
  annotations: {},
  value: 14,
  activeAt: '2025-06-01T12:00:00.000Z',
  firedAt: '2025-06-01T12:00:00.000Z',
  resolvedAt: null,
  since: '2025-06-01T12:00:00.000Z',
  lastEvaluatedAt: '2025-06-01T12:00:00.000Z',
  episode: 2,
  silencedBy: [],
  inhibitedBy: [],
  acknowledged: null,
  escalatedAt: null,
};

function turn(number: number, status: TurnSummary['status'], campaignId = 'ashfall'): TurnSummary {
  return {
    id: `turn-${number}`,
    campaignId,
    number,
    status,
    origin: 'ui',
    provider: 'simulated',
    seed: 1,
    participants: ['aria', 'borin'],
    replayOf: null,
    startedAt: '2025-06-01T11:59:00.000Z',
    finishedAt: '2025-06-01T11:59:01.000Z',
    durationMs: 1000,
    providerMs: 0,
    completion: 0.8,
    totalAiCost: 0.001,
    tokensIn: 1,
    tokensOut: 1,
    failedPhase: null,
    failureReason: null,
    failureMessage: null,
    startedBy: 'sm',
  };
}

const mira: AgentCandidate = { campaignId: 'ashfall', campaignName: 'Ashfall Crossing', agentId: 'mira', name: 'Mira', score: 24.4 };

function context(overrides: Partial<StepContext> = {}): StepContext {
  return {
    identity: whoami('admin'),
    incident: { id: incidentIdOf(alert), alert },
    incidentProblem: null,
    failedTurn: turn(2, 'compensated'),
    latestTurn: turn(3, 'completed'),
    quarantined: [mira],
    loading: false,
    ...overrides,
  };
}

const silence = { name: 'silence', duration: '1h', durationS: 3600 } as const;
const rerun = { name: 'rerun-turn-ai-disabled' } as const;
const openTrace = { name: 'open-trace' } as const;
const release = { name: 'release-agent', agentId: null } as const;

describe('step action availability', () => {
  it('keys the incident by fingerprint and episode, so a new firing starts a fresh checklist', () => {
    expect(incidentIdOf(alert)).toBe('0123456789abcdef:2');
  });

  it('enables each action for a role holding its permission, and says which permission is missing otherwise', () => {
    expect(actionAvailability(silence, context(), null)).toEqual({ enabled: true });
    expect(actionAvailability(silence, context({ identity: whoami('story_master') }), null)).toEqual({
      enabled: false,
      reason: 'Needs the metrics.admin permission (for silences.create); you are signed in as story_master.',
    });
    expect(actionAvailability(rerun, context({ identity: whoami('developer') }), null)).toMatchObject({
      enabled: false,
      reason: expect.stringContaining('orchestration.turn.execute'),
    });
    expect(actionAvailability(rerun, context({ identity: whoami('story_master') }), null)).toEqual({ enabled: true });
    expect(actionAvailability(openTrace, context({ identity: whoami('player') }), null)).toEqual({ enabled: true });
    expect(actionAvailability(release, context({ identity: whoami('developer') }), mira)).toMatchObject({ enabled: false });
    expect(actionAvailability(release, context({ identity: whoami('story_master') }), mira)).toEqual({ enabled: true });
  });

  it("checks a scoped token's permission in the campaign of the turn or agent acted on", () => {
    const scoped = whoami('story_master', { other: permissionsOfRoles(['story_master']) });
    expect(actionAvailability(rerun, context({ identity: scoped }), null)).toEqual({
      enabled: false,
      reason: 'Needs the orchestration.turn.execute permission in this campaign (for turns.run); you are signed in as story_master.',
    });
    const inCampaign = whoami('story_master', { ashfall: permissionsOfRoles(['story_master']) });
    expect(actionAvailability(rerun, context({ identity: inCampaign }), null)).toEqual({ enabled: true });
  });

  it('needs something to act on: an alert to silence, a failed turn, a quarantined agent chosen', () => {
    expect(actionAvailability(silence, context({ incident: null }), null)).toEqual({
      enabled: false,
      reason: 'Open this runbook from an alert to silence it.',
    });
    expect(
      actionAvailability(silence, context({ incident: null, incidentProblem: 'The alert could not be loaded (forbidden).' }), null),
    ).toEqual({
      enabled: false,
      reason: 'The alert could not be loaded (forbidden).',
    });
    expect(actionAvailability(rerun, context({ failedTurn: null }), null)).toEqual({
      enabled: false,
      reason: 'No failed turn since the alert became active.',
    });
    expect(actionAvailability(rerun, context({ failedTurn: null, incident: null }), null)).toEqual({
      enabled: false,
      reason: 'No failed turn in the last 24 hours.',
    });
    expect(actionAvailability(rerun, context({ failedTurn: null, loading: true }), null)).toEqual({
      enabled: false,
      reason: 'Looking for the turn…',
    });
    expect(actionAvailability(release, context({ quarantined: [] }), null)).toEqual({
      enabled: false,
      reason: 'No agent is quarantined now.',
    });
    expect(actionAvailability(release, context({ quarantined: [mira, { ...mira, agentId: 'fenn', name: 'Fenn' }] }), null)).toEqual({
      enabled: false,
      reason: 'Choose the agent to release.',
    });
    expect(actionAvailability({ name: 'release-agent', agentId: 'borin' }, context(), null)).toEqual({
      enabled: false,
      reason: 'Agent borin is not quarantined now.',
    });
  });

  it('opens the trace of the newest failed turn, or of the newest turn when none failed', () => {
    expect(targetTurn(openTrace, context())?.number).toBe(2);
    expect(targetTurn(openTrace, context({ failedTurn: null }))?.number).toBe(3);
    expect(targetTurn(rerun, context({ failedTurn: null }))).toBeNull();
  });

  it('offers the agent a step names, or every quarantined one of the alert’s campaign', () => {
    const fenn = { ...mira, agentId: 'fenn', name: 'Fenn' };
    expect(releaseCandidates(release, context({ quarantined: [mira, fenn] }))).toEqual([mira, fenn]);
    expect(releaseCandidates({ name: 'release-agent', agentId: 'fenn' }, context({ quarantined: [mira, fenn] }))).toEqual([fenn]);
    // An alert about one campaign offers its agents only.
    const elsewhere = { ...fenn, campaignId: 'other', campaignName: 'Other' };
    const campaignAlert = { ...alert, labels: { ...alert.labels, campaign: 'ashfall' } };
    expect(releaseCandidates(release, context({ quarantined: [mira, elsewhere], incident: { id: 'x', alert: campaignAlert } }))).toEqual([
      mira,
    ]);
  });

  it('lets anyone who may read runbooks tick a plain step, but only on an incident', () => {
    expect(checkAvailability(context({ identity: whoami('player') }))).toEqual({ enabled: true });
    expect(checkAvailability(context({ incident: null }))).toMatchObject({ enabled: false });
    expect(checkAvailability(context({ identity: null }))).toEqual({ enabled: false, reason: 'Checking your permissions…' });
  });
});

describe('step action plans', () => {
  const now = Date.UTC(2025, 5, 1, 12, 0, 0);

  it('names the alert and its labels, the duration and when the silence ends', () => {
    const plan = actionPlan(silence, context(), null, now);
    expect(plan).toContain('Silence CompensationSpike {severity="warning"} for 1 h, until ');
    expect(plan).toContain('no notifications for it until then');
    expect(actionPlan(silence, context({ incident: { id: 'x', alert: { ...alert, silencedBy: ['s1'] } } }), null, now)).toContain(
      'already muted by 1 silence(s)',
    );
  });

  it('names the turn re-run, the agent released and the trace opened', () => {
    expect(actionPlan(rerun, context(), null)).toBe(
      'Start a new turn of ashfall with the 2 participants of turn #2 of ashfall and AI disabled (rule-based briefs and narrative). The failed turn stays as it is; the new one is audited.',
    );
    expect(actionPlan(release, context(), mira)).toBe(
      'Release Mira (Ashfall Crossing, trust 24) from quarantine: it takes part in interactions again from the next turn. Its score is kept; the release is audited.',
    );
    expect(actionPlan(openTrace, context(), null)).toBe('Open the trace of turn #2 of ashfall (compensated).');
  });
});
