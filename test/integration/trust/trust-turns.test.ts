/**
 * Trust through real turns (SPEC section 5): the engine host with the real five phases, the simulated
 * provider (no latency; fault injection where a failure is the point), a real SQLite file, and the trust
 * channels a UI or script uses. The campaign is built for the case: two rivals on the crown (exclusive
 * goals, the strong one always wins) and two allies at the well (a shared goal), far apart.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import type { SimulatedFaultsInput } from '../../../src-main/engine/orchestrator/providers/simulated-faults';
import type { PayloadOf } from '../../../src-shared/contract';
import type { TrustHistoryEntry } from '../../../src-shared/domain/trust';
import type { Agent, Campaign } from '../../../src-shared/domain/world';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';
import { makeAgent, makeWorld } from '../../unit/orchestrator/fixtures';

const master = identityForRole('sm', 'story_master');
const player = identityForRole('pl', 'player');
const admin = identityForRole('root', 'admin');
const CAMPAIGN = 'crown-and-well';

let host: Host | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await host?.close();
  host = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function campaign(trust: Partial<Record<'ada' | 'bo' | 'cy' | 'dee', number>> = {}, quarantined: string[] = []): Campaign {
  const at = (x: number, y: number) => ({ position: { x, y }, speed: 0 });
  const agent = (id: 'ada' | 'bo' | 'cy' | 'dee', overrides: Partial<Agent>) =>
    makeAgent(id, { trust: trust[id] ?? 100, quarantined: quarantined.includes(id), ...overrides });
  return {
    id: CAMPAIGN,
    name: 'Crown and Well',
    description: 'two rivals and two allies',
    world: makeWorld([
      agent('ada', { ...at(0, 100), strength: 50, goals: [{ type: 'exclusive', target: 'crown' }] }),
      agent('bo', { ...at(0, 100), strength: 1, goals: [{ type: 'exclusive', target: 'crown' }] }),
      agent('cy', { ...at(100, 0), goals: [{ type: 'shared', target: 'well' }] }),
      agent('dee', { ...at(100, 0), goals: [{ type: 'shared', target: 'well' }] }),
    ]),
  };
}

function open(options: { faults?: SimulatedFaultsInput; dir?: string; campaign?: Campaign | null } = {}): { host: Host; dir: string } {
  let dir = options.dir;
  if (!dir) {
    const data = tempDataDir('novel-console-trust-turns-');
    cleanups.push(data.cleanup);
    dir = data.dir;
  }
  host = createHost({
    dataDir: dir,
    face: 'headless',
    provider: { kind: 'simulated', latency: { kind: 'none' }, ...(options.faults ? { faults: options.faults } : {}) },
    telemetry: { tracing: false, recorder: { enabled: false } },
  });
  if (options.campaign !== null) host.services.campaigns.insert(options.campaign ?? campaign());
  return { host, dir };
}

function current(): Host {
  if (!host) throw new Error('no host open');
  return host;
}

async function runTurn(configuration: Record<string, unknown> = {}, participants?: string[]) {
  const { turnId } = await current().rpc.invoke(
    'turns.run',
    {
      campaignId: CAMPAIGN,
      configuration: { aiIntegrationEnabled: false, seed: 11, ...configuration },
      ...(participants ? { participants } : {}),
    },
    master,
  );
  await current().services.runner.whenDone(turnId);
  return current().rpc.invoke('turns.get', { turnId }, master);
}

async function scores(): Promise<Record<string, [number, boolean]>> {
  const { agents } = await current().rpc.invoke('trust.agents', { campaignId: CAMPAIGN }, player);
  return Object.fromEntries(agents.map((agent) => [agent.agentId, [agent.score, agent.quarantined]]));
}

async function worldTrust(): Promise<Record<string, [number, boolean]>> {
  const { agents } = await current().rpc.invoke('agents.list', { campaignId: CAMPAIGN }, player);
  return Object.fromEntries(agents.map((agent) => [agent.id, [agent.trust, agent.quarantined]]));
}

async function historyOf(turnId?: string): Promise<TrustHistoryEntry[]> {
  const { entries } = await current().rpc.invoke('trust.history', { campaignId: CAMPAIGN, order: 'asc', limit: 1000 }, player);
  return turnId === undefined ? entries : entries.filter((entry) => entry.turnId === turnId);
}

const brief = (entries: TrustHistoryEntry[]) => entries.map((entry) => [entry.agentId, entry.reason, entry.oldScore, entry.newScore]);

describe('trust through real turns', () => {
  it('changes scores by the policy: conflict loser -10, winner -2, cooperation +5, in the world and the store alike', async () => {
    open({ campaign: campaign({ cy: 80, dee: 80 }) });
    const turn = await runTurn();
    expect(turn.turn.status).toBe('completed');
    expect(turn.interactions.map((interaction) => [interaction.type, interaction.winner])).toEqual([
      ['conflict', 'ada'],
      ['cooperation', null],
    ]);
    expect(await scores()).toEqual({ ada: [98, false], bo: [90, false], cy: [85, false], dee: [85, false] });
    expect(await worldTrust()).toEqual(await scores());
    const rows = await historyOf(turn.turn.id);
    expect(brief(rows)).toEqual([
      ['ada', 'conflict_winner', 100, 98],
      ['bo', 'conflict_loser', 100, 90],
      ['cy', 'cooperation', 80, 85],
      ['dee', 'cooperation', 80, 85],
    ]);
    expect(rows.every((row) => row.policyVersion === 1 && row.interactionId !== null)).toBe(true);
  });

  it('applies a new policy version to later turns only, and keeps the earlier rows as they were', async () => {
    open();
    const first = await runTurn();
    const before = await historyOf();
    await expect(current().rpc.invoke('trust.policy.set', { rules: { conflictLoser: -25 } }, master)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const { policy } = await current().rpc.invoke('trust.policy.set', { rules: { conflictLoser: -25 }, note: 'harsher' }, admin);
    expect(policy).toMatchObject({ version: 2, createdBy: 'root', note: 'harsher', rules: { conflictLoser: -25, conflictWinner: -2 } });
    const second = await runTurn();
    const after = await historyOf();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(brief(await historyOf(second.turn.id)).find((row) => row[0] === 'bo')).toEqual(['bo', 'conflict_loser', 90, 65]);
    expect((await historyOf(first.turn.id)).every((row) => row.policyVersion === 1)).toBe(true);
    expect((await historyOf(second.turn.id)).every((row) => row.policyVersion === 2)).toBe(true);
    const { versions } = await current().rpc.invoke('trust.policy.get', {}, player);
    expect(versions.map((version) => version.version)).toEqual([2, 1]);
  });

  it('replays a turn under the policy it ran with, identically, and leaves the store alone', async () => {
    open({ faults: { subjective_brief: { errorRate: 0.5 } } });
    const original = await runTurn({ aiIntegrationEnabled: true, seed: 21 });
    await current().rpc.invoke('trust.policy.set', { rules: { conflictLoser: -40, aiFailure: -30, cooperation: 9 } }, admin);
    const rows = await historyOf();
    const debug = identityForRole('dev', 'developer');
    for (const mode of ['recorded', 'simulated'] as const) {
      const { diff } = await current().rpc.invoke('turns.replay', { turnId: original.turn.id, mode }, debug);
      expect(diff.world.changes, mode).toEqual([]);
      expect(diff.identical, mode).toBe(true);
    }
    expect(await historyOf()).toEqual(rows);
  });

  it('quarantines an agent that falls below 30 at a further -20, and the agent sits out the next turns', async () => {
    open({ campaign: campaign({ bo: 35 }) });
    // Conflict risk would quarantine bo before the conflict; this test is about the threshold.
    await current().rpc.invoke('trust.policy.set', { rules: { interventionRisk: 1 } }, admin);
    const turn = await runTurn();
    expect(brief(await historyOf(turn.turn.id)).filter((row) => row[0] === 'bo')).toEqual([
      ['bo', 'conflict_loser', 35, 25],
      ['bo', 'quarantine', 25, 5],
    ]);
    expect((await scores()).bo).toEqual([5, true]);
    // Named as a participant or not, a quarantined agent takes part in no interaction.
    const next = await runTurn({}, ['ada', 'bo', 'cy', 'dee']);
    expect(next.interactions.flatMap((interaction) => interaction.participants)).not.toContain('bo');
    expect(next.briefs.map((b) => b.agentId)).not.toContain('bo');
    const later = await runTurn();
    expect(later.turn.participants).not.toContain('bo');
    expect((await scores()).bo).toEqual([5, true]);
  });

  it('intervenes on a conflict risk above 0.7 by quarantining the riskier agent before it can fight', async () => {
    open({ campaign: campaign({ bo: 60 }) });
    const turn = await runTurn();
    const rows = await historyOf(turn.turn.id);
    expect(brief(rows.filter((row) => row.agentId === 'bo'))).toEqual([['bo', 'conflict_risk', 60, 40]]);
    expect(rows.find((row) => row.agentId === 'bo')?.detail).toMatch(/conflict risk 0\.76 with ada/);
    expect(turn.interactions.map((interaction) => interaction.type)).toEqual(['cooperation']);
    const analytics = await current().rpc.invoke('trust.analytics', { campaignId: CAMPAIGN }, player);
    expect(analytics.quarantined).toBe(1);
    expect(analytics.distribution.find((band) => band.band === 'low')?.count).toBe(1);
  });

  it('charges -5 to every agent whose AI call failed in a turn that goes on', async () => {
    open({ faults: { subjective_brief: { errorRate: 1 } } });
    const turn = await runTurn({ aiIntegrationEnabled: true });
    expect(turn.turn.status).toBe('partially_completed');
    const failures = (await historyOf(turn.turn.id)).filter((row) => row.reason === 'ai_failure');
    expect(failures.map((row) => [row.agentId, row.delta])).toEqual([
      ['ada', -5],
      ['bo', -5],
      ['cy', -5],
      ['dee', -5],
    ]);
    // After the interactions' own changes: ada won (-2), bo lost (-10), the allies were at the cap.
    expect(await scores()).toEqual({ ada: [93, false], bo: [85, false], cy: [95, false], dee: [95, false] });
    expect(await worldTrust()).toEqual(await scores());
  });

  it('leaves scores as before a compensated turn, with reversal rows and nothing deleted', async () => {
    open({ faults: { narrative_integration: { errorRate: 1 } }, campaign: campaign({ cy: 80, dee: 80 }) });
    await runTurn({ aiIntegrationEnabled: true, seed: 3 });
    const before = await scores();
    const worldBefore = (await current().rpc.invoke('campaigns.get', { campaignId: CAMPAIGN }, master)).world;
    const rowsBefore = await historyOf();
    const turn = await runTurn({ aiIntegrationEnabled: true, failFastOnPhaseFailure: true, seed: 4 });
    expect(turn.turn.status).toBe('compensated');
    expect(await scores()).toEqual(before);
    expect((await current().rpc.invoke('campaigns.get', { campaignId: CAMPAIGN }, master)).world).toEqual(worldBefore);
    const rows = await historyOf(turn.turn.id);
    const made = rows.filter((row) => row.reason !== 'compensation');
    const reversed = rows.filter((row) => row.reason === 'compensation');
    expect(made.length).toBeGreaterThan(0);
    // One reversal per agent the turn changed, back to where it was.
    expect(reversed.map((row) => [row.agentId, row.newScore, row.quarantined]).sort()).toEqual(
      [...new Set(made.map((row) => row.agentId))].sort().map((agentId) => [agentId, ...(before[agentId] as [number, boolean])]),
    );
    expect((await historyOf()).slice(0, rowsBefore.length)).toEqual(rowsBefore);
    expect(turn.compensations.some((step) => /trust of \d+ agents? restored/.test(step.detail))).toBe(true);
  });

  it('undoes the trust changes of a turn the shutdown interrupts after its interactions, across the restart', async () => {
    const { dir } = open({ faults: { narrative_integration: { slowRate: 1, slowMs: 30_000 } }, campaign: campaign({ cy: 80, dee: 80 }) });
    const before = await scores();
    const committed = new Promise<void>((resolve) => {
      current().topics.subscribe<'turn.progress'>(master, 'turn.progress', (progress) => {
        if (progress.phase === 'event_integration' && progress.phaseStatus === 'succeeded') resolve();
      });
    });
    const { turnId } = await current().rpc.invoke(
      'turns.run',
      {
        campaignId: CAMPAIGN,
        configuration: {
          aiIntegrationEnabled: true,
          seed: 5,
          phaseTimeoutsMs: { narrative_integration: 60_000 },
          maxExecutionTimeMs: 120_000,
        },
      },
      master,
    );
    await committed;
    expect(await scores()).not.toEqual(before);
    await current().close();
    open({ dir, campaign: null });
    const detail = await current().rpc.invoke('turns.get', { turnId }, master);
    expect(detail.turn.status).toBe('interrupted');
    expect(await scores()).toEqual(before);
    expect(await worldTrust()).toEqual(before);
    expect((await historyOf(turnId)).filter((row) => row.reason === 'compensation').length).toBe(4);
  });

  it('releases a quarantined agent for a story master, audited; players and agents not in quarantine are refused', async () => {
    open({ campaign: campaign({}, ['bo']) });
    await expect(current().rpc.invoke('trust.release', { campaignId: CAMPAIGN, agentId: 'bo' }, player)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(current().rpc.invoke('trust.release', { campaignId: CAMPAIGN, agentId: 'ada' }, master)).rejects.toMatchObject({
      code: 'conflict',
    });
    const { entry } = await current().rpc.invoke('trust.release', { campaignId: CAMPAIGN, agentId: 'bo', note: 'served its time' }, master);
    expect(entry).toMatchObject({ agentId: 'bo', reason: 'release', wasQuarantined: true, quarantined: false, delta: 0, actor: 'sm' });
    expect(entry.detail).toBe('served its time');
    expect(await worldTrust()).toMatchObject({ bo: [100, false] });
    const { entries } = await current().rpc.invoke('audit.list', { action: 'trust.release' }, admin);
    expect(entries.map((audit) => [audit.actor, audit.target, audit.outcome])).toEqual([
      ['sm', 'agent:bo', 'ok'],
      ['sm', 'agent:ada', 'failed'],
      ['pl', 'agent:bo', 'denied'],
    ]);
    // Back in play: the next turn has bo in its conflict.
    const turn = await runTurn();
    expect(turn.interactions[0]?.participants).toEqual(['ada', 'bo']);
  });

  it('announces changes on trust.changed and counts them on /metrics', async () => {
    open();
    const received: PayloadOf<'trust.changed'>[] = [];
    current().topics.subscribe<'trust.changed'>(player, 'trust.changed', (payload) => received.push(payload));
    const turn = await runTurn();
    await expect.poll(() => received.flatMap((payload) => payload.changes).length).toBe(4);
    expect(received[0]).toMatchObject({ campaignId: CAMPAIGN });
    expect(received.flatMap((payload) => payload.changes).every((change) => change.turnId === turn.turn.id)).toBe(true);
    const text = await current().services.metrics.registry.metrics();
    expect(text).toContain(`novel_engine_trust_score{campaign="${CAMPAIGN}",agent="bo"} 90`);
    expect(text).toContain(`novel_engine_agents_quarantined{campaign="${CAMPAIGN}"} 0`);
    expect(text).toContain('novel_engine_trust_adjustments_total{reason="conflict_loser"} 1');
    expect(text).toContain('novel_engine_trust_quarantines_total{trigger="threshold"} 0');
    expect(text).toMatch(new RegExp(`novel_engine_trust_conflict_risk_max\\{campaign="${CAMPAIGN}"\\} 0\\.6`));
  });

  it('filters the history by time and agent, and works out rates and trends', async () => {
    open();
    await runTurn();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const clock = Date.now();
    const second = await runTurn();
    const since = new Date(clock).toISOString();
    const { entries, total } = await current().rpc.invoke('trust.history', { campaignId: CAMPAIGN, since, agentId: 'bo' }, player);
    expect(total).toBe(1);
    expect(entries.map((entry) => [entry.turnId, entry.reason])).toEqual([[second.turn.id, 'conflict_loser']]);
    const { agents } = await current().rpc.invoke('trust.agents', { campaignId: CAMPAIGN }, player);
    const bo = agents.find((agent) => agent.agentId === 'bo');
    expect(bo?.trend).toMatchObject({ startScore: 100, endScore: 80, delta: -20, direction: 'down' });
    expect(bo?.trend.points.map((point) => point.score)).toEqual([100, 90, 80]);
    expect(bo?.rates).toMatchObject({ interactions: 2, conflicts: 2, conflictRate: 1, cooperationRate: 0 });
    expect(bo?.lastChange?.turnId).toBe(second.turn.id);
    expect(agents.find((agent) => agent.agentId === 'cy')?.rates).toMatchObject({ cooperationRate: 1, conflictRate: 0 });
  });
});

describe('trust across a restart', () => {
  it('restores every score exactly when the host is closed and reopened on the same data dir', async () => {
    const score = fc.integer({ min: 0, max: 100 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ada: score, bo: score, cy: score, dee: score }),
        fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { minLength: 1, maxLength: 3 }),
        async (trust, seeds) => {
          const { dir } = open({ campaign: campaign(trust) });
          for (const seed of seeds) await runTurn({ seed });
          const { agents } = await current().rpc.invoke('trust.agents', { campaignId: CAMPAIGN }, player);
          const history = await historyOf();
          await current().close();
          open({ dir, campaign: null });
          const reopened = await current().rpc.invoke('trust.agents', { campaignId: CAMPAIGN }, player);
          expect(reopened.agents.map((agent) => [agent.agentId, agent.score, agent.quarantined, agent.lastChange])).toEqual(
            agents.map((agent) => [agent.agentId, agent.score, agent.quarantined, agent.lastChange]),
          );
          expect(await historyOf()).toEqual(history);
          expect(await worldTrust()).toEqual(await scores());
          await current().close();
          host = undefined;
        },
      ),
      { numRuns: 6 },
    );
  });
});
