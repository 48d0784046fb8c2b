/**
 * The RBAC matrix over real HTTP (issue 5, Tests): every channel of the contract x the four roles, each
 * with a token minted for that role and a request valid for that channel, answers exactly 2xx when
 * `authorize` grants the channel's permission and 403 `forbidden` otherwise — generated from the tables
 * (channels, ROLES, ROLE_PERMISSIONS), so a channel added to the contract without a sample request fails
 * here. Then the campaign scope (a story master scoped to campaign A, inside and outside it; an admin
 * scoped to A everywhere), the /v1 routes x roles, /metrics on loopback and beyond it, and the trail a
 * refusal leaves: authorization_failures_total and a `denied` audit entry for every mutating channel.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, type ChannelName, channels, type RequestOf } from '../../../src-shared/contract';
import { authorize, type Identity, identityForRole, type Permission, ROLE_PERMISSIONS, ROLES, type Role } from '../../../src-shared/rbac';
import { eventually, type HttpAnswer, metricSample, type SecurityServer, startSecurityServer } from './security-server';

/** What one campaign holds for the matrix: a finished turn, its kept trace and an open review item. */
interface CampaignWorld {
  campaignId: string;
  turnId: string;
  traceId: string;
  reviewId: string;
}

type SampleRequest<C extends ChannelName> = (world: CampaignWorld) => RequestOf<C> | Promise<RequestOf<C>>;

const CREDENTIAL = 'channel.rbac-test.secret';
const CAMPAIGN_B = 'rbac-campaign-b';
const TURN_CONFIGURATION = { aiIntegrationEnabled: false };

let fx: SecurityServer;
let setupToken: string;
const worlds = {} as Record<'A' | 'B', CampaignWorld>;
const roleTokens = {} as Record<Role, string>;
const subjectOf = (role: Role) => `rbac-${role}`;

/**
 * A valid request for every channel, inside the given campaign. Typed per channel, so a sample that no
 * longer matches its schema fails the typecheck; the matrix fails for a channel missing here.
 */
const SAMPLES: { [C in ChannelName]: SampleRequest<C> } = {
  'system.health': () => ({}),
  'system.info': () => ({}),
  'campaigns.list': () => ({}),
  'campaigns.get': (w) => ({ campaignId: w.campaignId }),
  'agents.list': (w) => ({ campaignId: w.campaignId }),
  'turns.run': (w) => ({ campaignId: w.campaignId, configuration: TURN_CONFIGURATION }),
  'turns.cancel': (w) => ({ turnId: w.turnId }),
  'turns.get': (w) => ({ turnId: w.turnId }),
  'turns.list': (w) => ({ campaignId: w.campaignId }),
  'turns.replay': (w) => ({ turnId: w.turnId, mode: 'simulated' }),
  'turns.diff': (w) => ({ a: w.turnId, b: w.turnId }),
  'reviews.list': () => ({ status: 'all' }),
  'reviews.resolve': (w) => ({ reviewId: w.reviewId, resolution: 'checked by the RBAC matrix' }),
  'metrics.query': () => ({
    metric: 'http_requests_total',
    fn: 'increase',
    start: new Date(Date.now() - 10 * 60_000).toISOString(),
    end: new Date().toISOString(),
  }),
  'metrics.catalog': () => ({}),
  'dashboards.list': () => ({}),
  'traces.search': (w) => ({ campaignId: w.campaignId }),
  'traces.get': (w) => ({ traceId: w.traceId }),
  'auth.whoami': () => ({}),
  'auth.session': () => ({}),
  'tokens.mint': () => ({ role: 'player', ttl: '5m', label: 'minted by the RBAC matrix' }),
  'tokens.list': () => ({ includeInactive: true }),
  // A fresh token per call: revoking one twice would prove nothing.
  'tokens.revoke': async () => ({ tokenId: (await fx.mint('player', { label: 'revoked by the RBAC matrix' })).info.id }),
  'credentials.list': () => ({}),
  'credentials.set': () => ({ name: CREDENTIAL, value: 'rbac-matrix-secret-value' }),
  'credentials.delete': () => ({ name: CREDENTIAL }),
  'audit.list': () => ({ limit: 10 }),
  'audit.verify': () => ({}),
  'notifications.channels.list': () => ({}),
  'notifications.channels.save': () => ({ id: 'rbac-desk', name: 'RBAC desk', kind: 'desktop' }),
  'notifications.channels.delete': () => ({ id: 'rbac-gone' }),
  'notifications.channels.test': async () => {
    await fx.host.services.notifications.saveChannel(
      { id: 'rbac-desk', name: 'RBAC desk', kind: 'desktop', enabled: true, settings: {} },
      'rbac',
    );
    return { id: 'rbac-desk' };
  },
  'notifications.deliveries.list': () => ({}),
  'runbooks.list': () => ({}),
  'runbooks.get': () => ({ slug: 'turn-latency-high' }),
  'runbooks.save': () => ({ slug: `rbac-${randomUUID().slice(0, 8)}`, source: '# RBAC matrix\n', baseVersion: null }),
  // A fresh user version per call, so each revert has something to revert.
  'runbooks.revert': async () => {
    const admin = identityForRole('rbac-setup', 'admin');
    const { runbook } = await fx.host.rpc.invoke('runbooks.get', { slug: 'memory-high' }, admin);
    const saved = await fx.host.rpc.invoke(
      'runbooks.save',
      { slug: 'memory-high', source: `${runbook.source}\n`, baseVersion: runbook.version },
      admin,
    );
    return { slug: 'memory-high', toVersion: 0, baseVersion: saved.runbook.version };
  },
  'runbooks.steps.record': async () => {
    const admin = identityForRole('rbac-setup', 'admin');
    const { runbook } = await fx.host.rpc.invoke('runbooks.get', { slug: 'memory-high', version: 0 }, admin);
    return {
      incidentId: 'rbac-incident',
      slug: 'memory-high',
      version: 0,
      stepKey: runbook.steps.find((step) => !step.action)?.key ?? '',
      outcome: 'done' as const,
    };
  },
  'runbooks.steps.list': () => ({ incidentId: 'rbac-incident' }),
  // [issue 7: reports] samples for report channels go here.
  'reports.turn': (w) => ({ turnId: w.turnId, format: 'md' }),
  'reports.incident': async () => ({ incidentId: await rbacAlert(), format: 'md' }),
  'reports.dashboard': () => ({ dashboardId: 'operational', range: '1h', format: 'grafana' }),
  // [issue 7: data] samples for data export/import channels go here.
  'dashboards.import': () => ({
    id: `rbac-${randomUUID().slice(0, 8)}`,
    content: JSON.stringify({
      id: 'rbac',
      title: 'RBAC',
      panels: [{ id: 'note', title: 'Note', type: 'text', gridPos: { x: 0, y: 0, w: 6, h: 2 }, text: 'x' }],
    }),
  }),
  // A fresh imported dashboard per call, so each delete removes something.
  'dashboards.delete': async () => {
    const id = `rbac-${randomUUID().slice(0, 8)}`;
    const content = JSON.stringify({
      id,
      title: 'RBAC',
      panels: [{ id: 'note', title: 'Note', type: 'text', gridPos: { x: 0, y: 0, w: 6, h: 2 }, text: 'x' }],
    });
    await fx.host.rpc.invoke('dashboards.import', { content }, identityForRole('rbac-setup', 'admin'));
    return { id };
  },
  'exports.traces': (w) => ({ traceId: w.traceId }),
  'exports.metrics': () => ({ format: 'openmetrics', since: new Date(Date.now() - 3600_000).toISOString() }),
  'exports.audit': () => ({}),
  // A fresh one-span trace per call (outside any campaign), so each import writes something.
  'traces.import': () => {
    const startNs = BigInt(Date.now()) * 1_000_000n;
    const span = {
      traceId: randomUUID().replaceAll('-', ''),
      spanId: randomUUID().replaceAll('-', '').slice(0, 16),
      name: 'rbac.import',
      kind: 1,
      startTimeUnixNano: String(startNs),
      endTimeUnixNano: String(startNs + 1_000_000n),
      attributes: [],
      status: { code: 0 },
    };
    return { fileName: 'rbac.otlp.json', content: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }) };
  },
  // [issue 7: backups] samples for backup channels go here.
  'backups.list': () => ({}),
  'backups.create': () => ({}),
  'backups.settings.get': () => ({}),
  'backups.settings.set': () => ({
    schedule: { enabled: true, intervalHours: 24, keep: 7 },
    retention: { tracesDays: 7, alertsDays: 30, logsDays: 14 },
  }),
  'backups.retention.run': () => ({}),
  'trust.agents': (w) => ({ campaignId: w.campaignId }),
  'trust.history': (w) => ({ campaignId: w.campaignId }),
  'trust.analytics': (w) => ({ campaignId: w.campaignId }),
  'trust.policy.get': () => ({}),
  'trust.policy.set': () => ({ rules: { exchange: 0 } }),
  // Release needs a quarantined agent: one is put in quarantine before each call.
  'trust.release': (w) => {
    const campaigns = fx.host.services.campaigns;
    const campaign = campaigns.get(w.campaignId);
    const agent = campaign?.world.agents[0];
    if (!campaign || !agent) throw new Error(`campaign ${w.campaignId} has no agent to quarantine`);
    const agents = campaign.world.agents.map((candidate) => (candidate.id === agent.id ? { ...candidate, quarantined: true } : candidate));
    campaigns.replaceWorld(w.campaignId, { ...campaign.world, agents }, campaign.worldVersion);
    return { campaignId: w.campaignId, agentId: agent.id };
  },
  // Alerts (issue 6): a firing alert and a silence to act on are made through the engine first.
  'alerts.list': () => ({}),
  'alerts.get': async () => ({ fingerprint: await rbacAlert() }),
  'alerts.ack': async () => ({ fingerprint: await rbacAlert(), comment: 'RBAC matrix' }),
  'rules.list': () => ({}),
  'rules.get': () => ({ name: 'TurnFailureRateCritical' }),
  'rules.save': () => ({ name: 'RbacRule', rule: RBAC_RULE }),
  'rules.preview': () => ({ rule: RBAC_RULE }),
  'rules.delete': () => ({ name: 'RbacNoSuchRule' }),
  'silences.list': () => ({}),
  'silences.create': () => ({ matchers: [{ label: 'alertname', value: 'RbacMatrix' }], duration: '1h', comment: 'RBAC matrix' }),
  'silences.expire': () => {
    const admin = identityForRole('rbac-setup', 'admin');
    return {
      id: fx.host.services.alerts.createSilence(
        { matchers: [{ label: 'alertname', op: '=', value: 'RbacMatrix' }], duration: '1h', comment: 'RBAC matrix' },
        admin,
      ).silence.id,
    };
  },
  'routes.get': () => ({}),
  'routes.set': () => ({ config: { route: { receiver: 'console' } } }),
};

const RBAC_RULE = {
  name: 'RbacRule',
  kind: 'threshold',
  severity: 'info',
  query: { metric: 'novel_engine_turns_active', fn: 'last', windowS: 60 },
  comparison: '>',
  threshold: 1000,
} as const;

/** A firing alert to read and acknowledge: a gauge sample over a rule's threshold, evaluated once. */
async function rbacAlert(): Promise<string> {
  const alerts = fx.host.services.alerts;
  const firing = alerts.listAlerts({
    states: ['firing'],
    matchers: [{ label: 'alertname', op: '=', value: 'RbacMatrix' }],
    limit: 1,
    offset: 0,
  });
  if (firing.alerts[0]) return firing.alerts[0].fingerprint;
  const now = Date.now();
  fx.host.services.metricsHistory.appendSnapshot(now, [{ name: 'rbac_matrix_gauge', type: 'gauge', value: 5 }]);
  await fx.host.rpc.invoke(
    'rules.save',
    {
      name: 'RbacMatrix',
      rule: {
        name: 'RbacMatrix',
        kind: 'threshold',
        severity: 'warning',
        query: { metric: 'rbac_matrix_gauge', fn: 'last', windowS: 60 },
        comparison: '>',
        threshold: 1,
      },
    },
    identityForRole('rbac-setup', 'admin'),
  );
  alerts.evaluate(now);
  const made = alerts.listAlerts({
    states: ['firing'],
    matchers: [{ label: 'alertname', op: '=', value: 'RbacMatrix' }],
    limit: 1,
    offset: 0,
  }).alerts[0];
  if (!made) throw new Error('the RBAC matrix alert did not fire');
  return made.fingerprint;
}

function sampleFor(channel: ChannelName, world: CampaignWorld): unknown {
  const sample = (SAMPLES as Record<string, SampleRequest<ChannelName> | undefined>)[channel];
  if (!sample) throw new Error(`no sample request for channel ${channel}: add one to SAMPLES`);
  return sample(world);
}

/** The identity a role's token stands for, straight from the RBAC table (not from the server). */
function identityOf(role: Role, campaignId?: string): Identity {
  const identity = identityForRole(subjectOf(role), role);
  return campaignId === undefined ? identity : { ...identity, campaignAccess: { [campaignId]: ROLE_PERMISSIONS[role] } };
}

/**
 * Whether the contract lets this caller use the channel. auth.session is the one exception to the
 * permission rule: only a login URL's token may be exchanged, so an API token is refused whatever its role.
 */
function allowed(channel: ChannelName, identity: Identity, campaignId?: string): boolean {
  if (channel === 'auth.session') return false;
  const permission = channels[channel].permission;
  return permission === null || authorize(identity, permission, campaignId);
}

/** Calls a channel with its sample; a started turn is waited for, so the next run is not a 409. */
async function callChannel(channel: ChannelName, world: CampaignWorld, token: string): Promise<HttpAnswer> {
  const answer = await fx.rpc(channel, await sampleFor(channel, world), token);
  if (channel === 'turns.run' && answer.status < 300) await settle(answer.body.turnId);
  return answer;
}

async function settle(turnId: unknown): Promise<void> {
  if (typeof turnId === 'string') await fx.host.services.runner.whenDone(turnId)?.catch(() => undefined);
}

function expectAnswer(answer: HttpAnswer, granted: boolean, what: string): void {
  if (granted) {
    expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
    expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(300);
  } else {
    expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBe(403);
    expect(answer.body.error.code, what).toBe('forbidden');
  }
}

async function metricsText(): Promise<string> {
  const answer = await fx.call('GET', '/metrics');
  expect(answer.status).toBe(200);
  return answer.text;
}

/** The actions of `denied` audit entries of one actor (the audit log as an admin reads it). */
async function deniedActions(actor: string): Promise<string[]> {
  const answer = await fx.rpc('audit.list', { actor, outcome: 'denied', limit: 1000 }, setupToken);
  expect(answer.status, answer.text).toBe(200);
  return (answer.body.entries as { action: string; outcome: string }[]).map((entry) => entry.action);
}

/** Runs a turn as the setup admin, keeps its trace and files a review item against it. */
async function buildWorld(campaignId: string): Promise<CampaignWorld> {
  const run = await fx.rpc('turns.run', { campaignId, configuration: TURN_CONFIGURATION }, setupToken);
  expect(run.status, run.text).toBe(200);
  const turnId = run.body.turnId as string;
  await settle(turnId);
  const traceId = await eventually(async () => {
    await fx.host.services.tracing?.flush();
    const found = await fx.rpc('traces.search', { turnId }, setupToken);
    return (found.body.traces as { traceId: string }[] | undefined)?.[0]?.traceId;
  }, `the kept trace of turn ${turnId}`);
  const reviewId = `rbac-review-${campaignId}`;
  fx.host.services.turns.addReview({
    id: reviewId,
    turnId,
    campaignId,
    reason: 'filed by the RBAC matrix',
    severity: 'warning',
    createdAt: new Date().toISOString(),
  });
  return { campaignId, turnId, traceId, reviewId };
}

beforeAll(async () => {
  fx = await startSecurityServer({ rateLimit: 0 });
  setupToken = (await fx.mint('admin', { subject: 'rbac-setup-admin' })).token;
  const seeded = fx.host.services.campaigns.get(fx.campaignId);
  if (!seeded) throw new Error('seeded campaign missing');
  fx.host.services.campaigns.insert({
    id: CAMPAIGN_B,
    name: 'RBAC campaign B',
    description: 'A copy of the seeded world under another id',
    world: seeded.world,
  });
  worlds.A = await buildWorld(fx.campaignId);
  worlds.B = await buildWorld(CAMPAIGN_B);
  for (const role of ROLES) roleTokens[role] = (await fx.mint(role, { subject: subjectOf(role) })).token;
}, 60_000);

afterAll(async () => {
  await fx?.close();
});

describe('RBAC matrix over POST /rpc/<channel>', () => {
  let metricsBefore = '';
  beforeAll(async () => {
    metricsBefore = await metricsText();
  });

  it('has a sample request for every channel of the contract, and none for a channel it lacks', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  for (const channel of CHANNEL_NAMES) {
    const permission = channels[channel].permission;
    describe(`${channel} (${permission ?? 'any caller'})`, () => {
      for (const role of ROLES) {
        const granted = allowed(channel, identityOf(role));
        it(`${role} -> ${granted ? '2xx' : '403'}`, async () => {
          expectAnswer(await callChannel(channel, worlds.A, roleTokens[role]), granted, `${channel} as ${role}`);
        });
      }
    });
  }

  it('exchanges only a login token on auth.session; the login token is spent afterwards', async () => {
    const { token: login } = await fx.host.services.tokens.mintLogin(300);
    const session = await fx.rpc('auth.session', {}, login);
    expect(session.status, session.text).toBe(200);
    expect(session.body.identity.kind).toBe('session');
    const whoami = await fx.rpc('auth.whoami', {}, session.body.token);
    expect(whoami.status).toBe(200);
    expect(whoami.body.roles).toEqual(['admin']);
    // A session token is not a login token either.
    expectAnswer(await fx.rpc('auth.session', {}, session.body.token), false, 'auth.session with a session token');
  });

  it('counts every refusal of the matrix in authorization_failures_total{permission,user_role}', async () => {
    const after = await metricsText();
    for (const channel of CHANNEL_NAMES) {
      const permission = channels[channel].permission;
      if (permission === null) continue;
      for (const role of ROLES) {
        const expected = CHANNEL_NAMES.filter(
          (other) => channels[other].permission === permission && !allowed(other, identityOf(role)),
        ).length;
        const labels = { permission, user_role: role };
        const delta =
          metricSample(after, 'authorization_failures_total', labels) - metricSample(metricsBefore, 'authorization_failures_total', labels);
        expect(delta, `authorization_failures_total{permission="${permission}",user_role="${role}"}`).toBe(expected);
      }
    }
  });

  it('leaves a denied audit entry for every refusal of a mutating channel', async () => {
    for (const role of ROLES) {
      const denied = await deniedActions(subjectOf(role));
      const expected = CHANNEL_NAMES.filter((channel) => channels[channel].mutates && !allowed(channel, identityOf(role)));
      expect(denied.sort(), `denied audit entries of ${role}`).toEqual(expected.sort());
    }
  });
});

describe('campaign scope', () => {
  const scopedChannels = CHANNEL_NAMES.filter((channel) => channels[channel].scope !== undefined);
  let scopedMaster: string;
  let scopedAdmin: string;
  const masterSubject = 'rbac-scoped-story-master';

  beforeAll(async () => {
    scopedMaster = (await fx.mint('story_master', { campaignId: worlds.A.campaignId, subject: masterSubject })).token;
    scopedAdmin = (await fx.mint('admin', { campaignId: worlds.A.campaignId, subject: 'rbac-scoped-admin' })).token;
  });

  it('covers the campaign-scoped channels of the contract', () => {
    expect(scopedChannels.length).toBeGreaterThanOrEqual(8);
  });

  for (const channel of scopedChannels) {
    // The title only: any campaign id stands for A here (the test itself uses the real one).
    const inside = allowed(channel, identityOf('story_master', 'campaign-a'), 'campaign-a');
    it(`${channel}: a story master scoped to A -> ${inside ? '2xx' : '403'} in A, 403 with B's ${channels[channel].scope?.[0]?.kind}`, async () => {
      const identity = identityOf('story_master', worlds.A.campaignId);
      expectAnswer(await callChannel(channel, worlds.A, scopedMaster), allowed(channel, identity, worlds.A.campaignId), `${channel} in A`);
      expect(allowed(channel, identity, worlds.B.campaignId)).toBe(false);
      expectAnswer(await callChannel(channel, worlds.B, scopedMaster), false, `${channel} with B`);
    });
  }

  it('audits the scoped refusals of mutating channels as denied', async () => {
    const denied = await deniedActions(masterSubject);
    for (const channel of scopedChannels.filter((name) => channels[name].mutates)) {
      expect(denied, `denied entry for ${channel}`).toContain(channel);
    }
  });

  for (const channel of scopedChannels) {
    it(`${channel}: an admin scoped to A still passes with B's things (campaign.admin)`, async () => {
      expect(allowed(channel, identityOf('admin', worlds.A.campaignId), worlds.B.campaignId)).toBe(true);
      expectAnswer(await callChannel(channel, worlds.B, scopedAdmin), true, `${channel} with B as scoped admin`);
    });
  }

  it("lists only campaign A's campaigns, turns, reviews and traces to the scoped story master", async () => {
    const campaigns = await fx.rpc('campaigns.list', {}, scopedMaster);
    expect(campaigns.status).toBe(200);
    expect(campaigns.body.campaigns.map((c: { id: string }) => c.id)).toEqual([worlds.A.campaignId]);

    const turns = await fx.rpc('turns.list', { limit: 500 }, scopedMaster);
    expect(turns.status, turns.text).toBe(200);
    const turnCampaigns = new Set(turns.body.turns.map((t: { campaignId: string }) => t.campaignId));
    expect([...turnCampaigns]).toEqual([worlds.A.campaignId]);
    expect(turns.body.turns.map((t: { id: string }) => t.id)).toContain(worlds.A.turnId);

    const reviews = await fx.rpc('reviews.list', { status: 'all' }, scopedMaster);
    expect(reviews.status).toBe(200);
    const reviewIds = reviews.body.reviews.map((r: { id: string }) => r.id);
    expect(reviewIds).toContain(worlds.A.reviewId);
    expect(reviewIds).not.toContain(worlds.B.reviewId);

    const traces = await fx.rpc('traces.search', { limit: 500 }, scopedMaster);
    expect(traces.status, traces.text).toBe(200);
    const traceIds = traces.body.traces.map((t: { traceId: string }) => t.traceId);
    expect(traceIds).toContain(worlds.A.traceId);
    expect(traceIds).not.toContain(worlds.B.traceId);

    // The same lists hold B's things for an unscoped caller: the filter above is the scope's doing.
    const all = await fx.rpc('campaigns.list', {}, roleTokens.story_master);
    expect(all.body.campaigns.map((c: { id: string }) => c.id)).toContain(CAMPAIGN_B);
    const allReviews = await fx.rpc('reviews.list', { status: 'all' }, roleTokens.story_master);
    expect(allReviews.body.reviews.map((r: { id: string }) => r.id)).toContain(worlds.B.reviewId);
  });
});

describe('/v1 routes x roles', () => {
  interface V1Route {
    name: string;
    channel: ChannelName;
    method: 'GET' | 'POST';
    path(world: CampaignWorld): string;
    body?(world: CampaignWorld): unknown;
    status: number;
  }
  const ROUTES: V1Route[] = [
    {
      name: 'POST /v1/turns:run',
      channel: 'turns.run',
      method: 'POST',
      path: () => '/v1/turns:run',
      body: (w) => ({ campaignId: w.campaignId, configuration: TURN_CONFIGURATION }),
      status: 202,
    },
    {
      name: 'POST /v1/turns:run?wait=true',
      channel: 'turns.run',
      method: 'POST',
      path: () => '/v1/turns:run?wait=true',
      body: (w) => ({ campaignId: w.campaignId, configuration: TURN_CONFIGURATION }),
      status: 200,
    },
    { name: 'GET /v1/turns/:id', channel: 'turns.get', method: 'GET', path: (w) => `/v1/turns/${w.turnId}`, status: 200 },
    { name: 'GET /v1/turns', channel: 'turns.list', method: 'GET', path: () => '/v1/turns?limit=5', status: 200 },
    {
      name: 'POST /v1/turns/:id:cancel',
      channel: 'turns.cancel',
      method: 'POST',
      path: (w) => `/v1/turns/${w.turnId}:cancel`,
      body: () => ({}),
      status: 200,
    },
  ];

  async function callRoute(route: V1Route, world: CampaignWorld, token: string | null): Promise<HttpAnswer> {
    const answer = await fx.call(route.method, route.path(world), {
      token,
      ...(route.body ? { body: route.body(world) } : {}),
    });
    if (route.channel === 'turns.run' && answer.status < 300) await settle(answer.body.turnId ?? answer.body.turn?.id);
    return answer;
  }

  for (const route of ROUTES) {
    describe(`${route.name} (${channels[route.channel].permission})`, () => {
      it('no token -> 401 unauthenticated', async () => {
        const answer = await callRoute(route, worlds.A, null);
        expect(answer.status).toBe(401);
        expect(answer.body.error.code).toBe('unauthenticated');
      });
      for (const role of ROLES) {
        const granted = allowed(route.channel, identityOf(role));
        it(`${role} -> ${granted ? route.status : 403}`, async () => {
          const answer = await callRoute(route, worlds.A, roleTokens[role]);
          expectAnswer(answer, granted, `${route.name} as ${role}`);
          if (granted) expect(answer.status).toBe(route.status);
        });
      }
    });
  }

  it("refuses B's turn to a story master scoped to A on GET /v1/turns/:id and lists only A's on GET /v1/turns", async () => {
    const scoped = (await fx.mint('story_master', { campaignId: worlds.A.campaignId })).token;
    expectAnswer(await fx.call('GET', `/v1/turns/${worlds.A.turnId}`, { token: scoped }), true, 'A turn');
    expectAnswer(await fx.call('GET', `/v1/turns/${worlds.B.turnId}`, { token: scoped }), false, 'B turn');
    const list = await fx.call('GET', '/v1/turns?limit=500', { token: scoped });
    expect(list.status).toBe(200);
    expect(new Set(list.body.turns.map((t: { campaignId: string }) => t.campaignId))).toEqual(new Set([worlds.A.campaignId]));
  });

  it('leaves a denied audit entry for a refused POST /v1/turns:run', async () => {
    expect(await deniedActions(subjectOf('player'))).toContain('turns.run');
  });
});

describe('/metrics', () => {
  it('is open on a loopback bind', async () => {
    const answer = await fx.call('GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('http_requests_total');
  });

  describe('bound beyond loopback (0.0.0.0, --allow-remote)', () => {
    let remote: SecurityServer;
    beforeAll(async () => {
      remote = await startSecurityServer({ rateLimit: 0, bind: '0.0.0.0', allowRemote: true });
    });
    afterAll(async () => {
      await remote?.close();
    });

    it('needs a token: none -> 401 unauthenticated', async () => {
      const answer = await remote.call('GET', '/metrics');
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('unauthenticated');
    });

    const permission: Permission = 'metrics.view';
    for (const role of ROLES) {
      const granted = authorize(identityOf(role), permission);
      it(`${role} -> ${granted ? 200 : 403}`, async () => {
        const { token } = await remote.mint(role, { subject: subjectOf(role) });
        const answer = await remote.call('GET', '/metrics', { token });
        expectAnswer(answer, granted, `/metrics as ${role}`);
        if (granted) expect(answer.text).toContain('authorization_failures_total');
      });
    }

    it('counts the refused scrapes in authorization_failures_total{permission="metrics.view"}', async () => {
      const { token } = await remote.mint('developer');
      const text = (await remote.call('GET', '/metrics', { token })).text;
      for (const role of ROLES) {
        const expected = authorize(identityOf(role), permission) ? 0 : 1;
        expect(metricSample(text, 'authorization_failures_total', { permission, user_role: role }), role).toBe(expected);
      }
    });
  });
});
