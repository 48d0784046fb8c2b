/**
 * The contract: every channel (request/response) and topic (push stream) the engine offers, with one
 * zod schema per message. The renderer's bridge, the Electron preload and IPC, the HTTP /rpc and /events
 * routes and the CLI all go through this table; nothing crosses a process or network boundary
 * unvalidated. JSON fields are camelCase.
 */
import { z } from 'zod';
import { channel, topic } from './channel-spec';
import { alertChannels, alertTopics } from './channels/alerts';
import { backupChannels } from './channels/backups';
import { exportChannels } from './channels/exports';
import { notificationChannels, notificationTopics } from './channels/notifications';
import { reportChannels } from './channels/reports';
import { runbookChannels, runbookTopics } from './channels/runbooks';
import { trustChannels, trustTopics } from './channels/trust';
import { Dashboard } from './domain/dashboard';
import { MetricCatalogEntry, MetricsQueryRequest, MetricsQueryResponse, MetricsTick } from './domain/metrics-query';
import {
  AuditEntry,
  AuditListRequest,
  AuditVerification,
  CredentialInfo,
  CredentialName,
  CredentialsListResponse,
  CredentialsSetRequest,
  SessionResponse,
  TokenInfo,
  TokensMintRequest,
  TokensMintResponse,
  WhoAmI,
} from './domain/security';
import { TraceDetail, TraceSummary, TracesSearchRequest } from './domain/trace';
import { OVERALL_STATUSES, REPLAY_MODES, ReviewItem, TurnDetail, TurnDiff, TurnProgress, TurnSummary } from './domain/turn';
import { PRESETS, TurnConfiguration } from './domain/turn-configuration';
import { Agent, WorldState } from './domain/world';
import { SECURITY_ADMIN_PERMISSION } from './rbac';

// ---------------------------------------------------------------------------------------------- system

export const FACES = ['desktop', 'headless', 'cli'] as const;
export type Face = (typeof FACES)[number];

const EmptyRequest = z.strictObject({});

export const SystemHealth = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  database: z.strictObject({
    reachable: z.boolean(),
    schemaVersion: z.number().int().nonnegative(),
    latestSchemaVersion: z.number().int().nonnegative(),
    error: z.string().nullable(),
  }),
  uptimeSeconds: z.number().nonnegative(),
  versions: z.strictObject({
    app: z.string(),
    node: z.string(),
    electron: z.string().nullable(),
    sqlite: z.string(),
  }),
  checkedAt: z.iso.datetime(),
});
export type SystemHealth = z.infer<typeof SystemHealth>;

export const SystemInfo = z.strictObject({
  app: z.strictObject({ name: z.string(), version: z.string() }),
  face: z.enum(FACES),
  dataDir: z.string(),
  databasePath: z.string(),
  pid: z.number().int(),
  platform: z.string(),
  arch: z.string(),
  startedAt: z.iso.datetime(),
  channels: z.array(z.string()),
  topics: z.array(z.string()),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const SystemTick = z.strictObject({
  at: z.iso.datetime(),
  uptimeSeconds: z.number().nonnegative(),
  memory: z.strictObject({
    rssBytes: z.number().nonnegative(),
    heapUsedBytes: z.number().nonnegative(),
    heapTotalBytes: z.number().nonnegative(),
    externalBytes: z.number().nonnegative(),
  }),
  eventLoopLagMs: z.strictObject({
    mean: z.number().nonnegative(),
    p99: z.number().nonnegative(),
    max: z.number().nonnegative(),
  }),
});
export type SystemTick = z.infer<typeof SystemTick>;

// ---------------------------------------------------------------------------------------------- turns

const Id = z.string().min(1).max(200);

export const CampaignSummary = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  agentCount: z.number().int().nonnegative(),
  worldTimeS: z.number().nonnegative(),
  worldVersion: z.number().int().positive(),
  createdAt: z.string(),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;

export const TurnsRunRequest = z.strictObject({
  campaignId: Id,
  participants: z.array(Id).max(100).optional(),
  preset: z.enum(Object.keys(PRESETS) as [keyof typeof PRESETS, ...(keyof typeof PRESETS)[]]).optional(),
  /** Checked against TurnConfiguration by the engine, so errors name `configuration.<field>`. */
  configuration: z.record(z.string(), z.unknown()).optional(),
});

export const TurnsListRequest = z.strictObject({
  campaignId: Id.optional(),
  status: z.enum(OVERALL_STATUSES).optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});

export { TurnConfiguration };

// ---------------------------------------------------------------------------------------------- tables

export { type ChannelSpec, channel, type ScopeRef, type TopicSpec, topic } from './channel-spec';

const coreChannels = {
  'system.health': channel({
    permission: null,
    mutates: false,
    summary: 'Database reachability, schema version, uptime and runtime versions.',
    request: EmptyRequest,
    response: SystemHealth,
  }),
  'system.info': channel({
    permission: null,
    mutates: false,
    summary: 'Which face is running, where its data lives, and the channels and topics it offers.',
    request: EmptyRequest,
    response: SystemInfo,
  }),
  'campaigns.list': channel({
    permission: 'story.read',
    mutates: false,
    summary: 'Campaigns with their agent count and world time.',
    request: EmptyRequest,
    response: z.strictObject({ campaigns: z.array(CampaignSummary) }),
  }),
  'campaigns.get': channel({
    permission: 'story.read',
    mutates: false,
    scope: [{ field: 'campaignId', kind: 'campaign' }],
    summary: 'One campaign with its current world state.',
    request: z.strictObject({ campaignId: Id }),
    response: z.strictObject({ campaign: CampaignSummary, world: WorldState }),
  }),
  'agents.list': channel({
    permission: 'story.read',
    mutates: false,
    scope: [{ field: 'campaignId', kind: 'campaign' }],
    summary: 'The agents of a campaign as they are now.',
    request: z.strictObject({ campaignId: Id }),
    response: z.strictObject({ agents: z.array(Agent) }),
  }),
  'turns.run': channel({
    permission: 'orchestration.turn.execute',
    mutates: true,
    scope: [{ field: 'campaignId', kind: 'campaign' }],
    summary: 'Starts a turn and returns its id at once; progress follows on turn.progress.',
    request: TurnsRunRequest,
    response: z.strictObject({ turnId: z.string(), number: z.number().int() }),
  }),
  'turns.cancel': channel({
    permission: 'orchestration.turn.cancel',
    mutates: true,
    scope: [{ field: 'turnId', kind: 'turn' }],
    summary: 'Cancels a running turn; it is compensated.',
    request: z.strictObject({ turnId: Id }),
    response: z.strictObject({ cancelled: z.boolean() }),
  }),
  'turns.get': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    scope: [{ field: 'turnId', kind: 'turn' }],
    summary: 'A turn with its phases, outputs, compensations and reviews.',
    request: z.strictObject({ turnId: Id }),
    response: TurnDetail,
  }),
  'turns.list': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    scope: [{ field: 'campaignId', kind: 'campaign' }],
    summary: 'Turns, newest first, filtered by campaign, status and time.',
    request: TurnsListRequest,
    response: z.strictObject({ turns: z.array(TurnSummary), total: z.number().int().nonnegative() }),
  }),
  'turns.replay': channel({
    permission: 'orchestration.turn.debug',
    mutates: true,
    scope: [{ field: 'turnId', kind: 'turn' }],
    summary:
      "Replays a stored turn from its recorded input world, configuration and seed — with its recorded provider responses or the simulated provider — without touching the campaign's world; returns the replay's id and its diff with the original.",
    request: z.strictObject({ turnId: Id, mode: z.enum(REPLAY_MODES).default('recorded') }),
    response: z.strictObject({ replayTurnId: z.string(), diff: TurnDiff }),
  }),
  'turns.diff': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    scope: [
      { field: 'a', kind: 'turn' },
      { field: 'b', kind: 'turn' },
    ],
    summary: 'Compares two turns: world after, events, narrative, cost and per-phase timings.',
    request: z.strictObject({ a: Id, b: Id }),
    response: TurnDiff,
  }),
  'reviews.list': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    summary: 'The manual-review queue filled by compensated turns.',
    request: z.strictObject({
      status: z.enum(['open', 'resolved', 'all']).default('open'),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    response: z.strictObject({ reviews: z.array(ReviewItem) }),
  }),
  'reviews.resolve': channel({
    permission: 'campaign.write',
    mutates: true,
    auditTarget: { field: 'reviewId', kind: 'review' },
    scope: [{ field: 'reviewId', kind: 'review' }],
    summary: 'Marks a review item resolved with a note.',
    request: z.strictObject({ reviewId: Id, resolution: z.string().min(1).max(4000) }),
    response: z.strictObject({ review: ReviewItem }),
  }),
  'metrics.query': channel({
    permission: 'metrics.view',
    mutates: false,
    summary:
      'A range query over the recorded metrics history: a function (last, avg, max, min, rate, increase, quantile) over a window, at a step, per series or summed by labels.',
    request: MetricsQueryRequest,
    response: MetricsQueryResponse,
  }),
  'metrics.catalog': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'The metrics the registry holds, with type, help and label names.',
    request: EmptyRequest,
    response: z.strictObject({ metrics: z.array(MetricCatalogEntry) }),
  }),
  'dashboards.list': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'The dashboard definitions: those shipped in resources/dashboards, then those imported (Grafana or console JSON), validated.',
    request: EmptyRequest,
    response: z.strictObject({
      dashboards: z.array(Dashboard),
      /** Which of them were imported (and can be removed with dashboards.delete). */
      importedIds: z.array(z.string()),
    }),
  }),
  'traces.search': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    scope: [{ field: 'campaignId', kind: 'campaign' }],
    summary: 'Kept traces, newest first, filtered by time, status, duration, cost, campaign, turn and span name.',
    request: TracesSearchRequest,
    response: z.strictObject({ traces: z.array(TraceSummary), total: z.number().int().nonnegative() }),
  }),
  'traces.get': channel({
    permission: 'orchestration.turn.view',
    mutates: false,
    scope: [{ field: 'traceId', kind: 'trace' }],
    summary: 'One kept trace with all its spans.',
    request: z.strictObject({ traceId: z.string().regex(/^[0-9a-f]{32}$/, 'a trace id is 32 lowercase hex digits') }),
    response: TraceDetail,
  }),
  // Security (SPEC section 4): who am I, the login exchange, tokens, credentials, the audit log.
  'auth.whoami': channel({
    permission: null,
    mutates: false,
    summary: "The caller's identity: user, roles, effective permissions and campaign scope.",
    request: EmptyRequest,
    response: WhoAmI,
  }),
  'auth.session': channel({
    permission: null,
    mutates: true,
    summary:
      'Exchanges the token of a headless login URL (admin, 15 minutes) for a console session token (12 hours) of the same role and scope; any other token is refused. The login token itself simply expires.',
    request: EmptyRequest,
    response: SessionResponse,
  }),
  'tokens.mint': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: true,
    auditTarget: { field: 'role', kind: 'role' },
    summary: 'Mints a signed token for a role, optionally scoped to one campaign, with an expiry; the token is shown once.',
    request: TokensMintRequest,
    response: TokensMintResponse,
  }),
  'tokens.list': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: false,
    summary: 'Minted tokens (never their values): role, scope, expiry and whether revoked.',
    request: z.strictObject({ includeInactive: z.boolean().default(false) }),
    response: z.strictObject({ tokens: z.array(TokenInfo) }),
  }),
  'tokens.revoke': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: true,
    auditTarget: { field: 'tokenId', kind: 'token' },
    summary: 'Revokes a token by its id (jti): every later request with it gets 401.',
    request: z.strictObject({ tokenId: Id }),
    response: z.strictObject({ revoked: z.boolean(), info: TokenInfo }),
  }),
  'credentials.list': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: false,
    summary: 'Which secrets are set in the OS keychain (never their values), and whether the keychain answers.',
    request: EmptyRequest,
    response: CredentialsListResponse,
  }),
  'credentials.set': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: true,
    auditTarget: { field: 'name', kind: 'credential' },
    summary: 'Sets or replaces a secret in the OS keychain.',
    request: CredentialsSetRequest,
    response: z.strictObject({ credential: CredentialInfo }),
  }),
  'credentials.delete': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: true,
    auditTarget: { field: 'name', kind: 'credential' },
    summary: 'Deletes a secret from the OS keychain.',
    request: z.strictObject({ name: CredentialName }),
    response: z.strictObject({ deleted: z.boolean(), credential: CredentialInfo }),
  }),
  'audit.list': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: false,
    summary: 'Audit log entries, newest first, filtered by actor, action and outcome.',
    request: AuditListRequest,
    response: z.strictObject({ entries: z.array(AuditEntry), total: z.number().int().nonnegative() }),
  }),
  'audit.verify': channel({
    permission: SECURITY_ADMIN_PERMISSION,
    mutates: false,
    summary: 'Walks the hash chain of the audit log and names the first broken link, if any.',
    request: EmptyRequest,
    response: AuditVerification,
  }),
} as const;

const coreTopics = {
  'system.tick': topic({
    permission: null,
    summary: 'Every few seconds: process memory and event-loop lag.',
    payload: SystemTick,
  }),
  'turn.progress': topic({
    permission: 'orchestration.turn.view',
    summary: 'Phase-by-phase progress of every running turn, compensations included.',
    payload: TurnProgress,
  }),
  'metrics.tick': topic({
    permission: 'metrics.view',
    summary: 'After every snapshot of the metrics recorder: dashboards refresh their live panels.',
    payload: MetricsTick,
  }),
} as const;

/** Every channel: the core ones above and each capability's own (src-shared/channels/*.ts). */
export const channels = {
  ...coreChannels,
  ...trustChannels,
  ...alertChannels,
  ...notificationChannels,
  ...runbookChannels,
  ...reportChannels,
  ...exportChannels,
  ...backupChannels,
} as const;

export const topics = { ...coreTopics, ...trustTopics, ...alertTopics, ...notificationTopics, ...runbookTopics } as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type Topics = typeof topics;
export type TopicName = keyof Topics;

/** What a caller sends (defaults not yet applied). */
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;
export type PayloadOf<T extends TopicName> = z.output<Topics[T]['payload']>;

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export const TOPIC_NAMES = Object.keys(topics) as TopicName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

export function isTopicName(name: unknown): name is TopicName {
  return typeof name === 'string' && Object.hasOwn(topics, name);
}

/** Maps a zod failure to field-named issues (`field` is the dotted path inside the message). */
export function issuesOf(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'unknown field' }));
    }
    return [{ field: path.join('.'), message: issue.message }];
  });
}
