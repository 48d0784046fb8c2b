/**
 * Trust (issue 6, SPEC section 5): agents' scores, history, analytics, the policy, quarantine release,
 * and the `trust.changed` push. Gathered into the contract by src-shared/contract.ts.
 *
 * Permissions: reading trust is story data (story.read, which players hold too); releasing an agent is a
 * story master's act in one campaign (campaign.write, campaign-scoped); the policy applies to every
 * campaign, so a campaign-scoped story master must not change it: setting it is story.admin.
 */
import { z } from 'zod';
import { channel, topic } from '../channel-spec';
import {
  TrustAgent,
  TrustAgentsRequest,
  TrustAnalytics,
  TrustAnalyticsRequest,
  TrustChanged,
  TrustHistoryEntry,
  TrustHistoryRequest,
  TrustPolicy,
  TrustPolicySetRequest,
  TrustReleaseRequest,
} from '../domain/trust';

const campaignScope = [{ field: 'campaignId', kind: 'campaign' }] as const;

export const trustChannels = {
  'trust.agents': channel({
    permission: 'story.read',
    mutates: false,
    scope: campaignScope,
    summary:
      'Every agent of a campaign with its trust score, quarantine, last change, trend over the range (since/until) and its cooperation and conflict rates.',
    request: TrustAgentsRequest,
    response: z.strictObject({ campaignId: z.string(), policyVersion: z.number().int().positive(), agents: z.array(TrustAgent) }),
  }),
  'trust.history': channel({
    permission: 'story.read',
    mutates: false,
    scope: campaignScope,
    summary: 'Trust changes of a campaign (or one agent) in a time range, by reason, paged; rows are never rewritten.',
    request: TrustHistoryRequest,
    response: z.strictObject({ entries: z.array(TrustHistoryEntry), total: z.number().int().nonnegative() }),
  }),
  'trust.analytics': channel({
    permission: 'story.read',
    mutates: false,
    scope: campaignScope,
    summary:
      'Trends per agent over a range, anomalies (z-score of deltas), cooperation and conflict rates, the score distribution and the conflict risk of each candidate pair now.',
    request: TrustAnalyticsRequest,
    response: TrustAnalytics,
  }),
  'trust.policy.get': channel({
    permission: 'story.read',
    mutates: false,
    summary: 'The trust policy in force (score deltas per outcome, quarantine and intervention thresholds) and its earlier versions.',
    request: z.strictObject({}),
    response: z.strictObject({ policy: TrustPolicy, versions: z.array(TrustPolicy) }),
  }),
  'trust.policy.set': channel({
    permission: 'story.admin',
    mutates: true,
    summary:
      'Creates a new policy version from the current one with the given rules changed; it applies to turns started from now on and never rewrites history.',
    request: TrustPolicySetRequest,
    response: z.strictObject({ policy: TrustPolicy }),
  }),
  'trust.release': channel({
    permission: 'campaign.write',
    mutates: true,
    scope: campaignScope,
    auditTarget: { field: 'agentId', kind: 'agent' },
    summary: 'Releases a quarantined agent: it takes part in interactions again from the next turn; its score is kept.',
    request: TrustReleaseRequest,
    response: z.strictObject({ entry: TrustHistoryEntry }),
  }),
} as const;

export const trustTopics = {
  'trust.changed': topic({
    permission: 'story.read',
    summary: 'After trust scores change (a turn, a compensation, a release): the changes with old and new score and reason.',
    payload: TrustChanged,
  }),
} as const;
