/**
 * Turns end to end through the engine host: the real five phases, the simulated provider (no latency),
 * a real SQLite file, and the contract channels a UI or script uses.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import type { PayloadOf } from '../../../src-shared/contract';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const master = identityForRole('sm', 'story_master');
const player = identityForRole('pl', 'player');
let host: Host;
let cleanup: () => void;

function open(provider: Parameters<typeof createHost>[0]['provider'] = { kind: 'simulated', latency: { kind: 'none' } }) {
  const data = tempDataDir();
  cleanup = data.cleanup;
  host = createHost({ dataDir: data.dir, face: 'headless', provider });
  progressLog = [];
  host.topics.subscribe<'turn.progress'>(master, 'turn.progress', (progress) => {
    progressLog.push(progress);
  });
}

beforeEach(() => open());
afterEach(async () => {
  await host.close();
  cleanup();
});

/** Every turn.progress since the host opened, so nothing published before a wait begins is missed. */
let progressLog: PayloadOf<'turn.progress'>[] = [];

async function finished(turnId: string): Promise<PayloadOf<'turn.progress'>[]> {
  const mine = () => progressLog.filter((p) => p.turnId === turnId);
  while (!mine().some((p) => p.overallStatus !== 'running')) await new Promise((r) => setTimeout(r, 5));
  return mine();
}

describe('turns through the engine', () => {
  it('lists the demo campaign and its agents on a fresh install', async () => {
    const { campaigns } = await host.rpc.invoke('campaigns.list', {}, player);
    expect(campaigns.map((c) => c.id)).toContain('ashfall-crossing');
    const { agents } = await host.rpc.invoke('agents.list', { campaignId: 'ashfall-crossing' }, player);
    expect(agents.length).toBeGreaterThanOrEqual(5);
  });

  it('runs a full turn with the simulated provider, phase by phase, to completed', async () => {
    const { turnId, number } = await host.rpc.invoke('turns.run', { campaignId: 'ashfall-crossing', configuration: { seed: 42 } }, master);
    expect(number).toBe(1);
    const progress = await finished(turnId);
    expect(progress.filter((p) => p.phaseStatus === 'succeeded').map((p) => p.phase)).toEqual([
      'world_update',
      'subjective_brief',
      'interaction_orchestration',
      'event_integration',
      'narrative_integration',
    ]);
    const detail = await host.rpc.invoke('turns.get', { turnId }, player);
    expect(detail.turn).toMatchObject({ status: 'completed', completion: 1, seed: 42, provider: 'simulated' });
    expect(detail.turn.totalAiCost).toBeGreaterThan(0);
    expect(detail.turn.tokensOut).toBeGreaterThan(0);
    expect(detail.briefs.length).toBe(detail.turn.participants.length);
    expect(detail.briefs.every((b) => b.valid)).toBe(true);
    expect(detail.events.some((e) => e.type === 'world_time_advanced')).toBe(true);
    expect(detail.narrative?.valid).toBe(true);
    expect(detail.narrative?.text.split(/\s+/).length).toBeGreaterThanOrEqual(20);
    expect(detail.providerCalls).toBe(detail.briefs.length + 1);
    const { campaign } = await host.rpc.invoke('campaigns.get', { campaignId: 'ashfall-crossing' }, player);
    expect(campaign.worldTimeS).toBe(300);
  });

  it('refuses a player who tries to run a turn', async () => {
    await expect(host.rpc.invoke('turns.run', { campaignId: 'ashfall-crossing' }, player)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('compensates a turn whose narrative provider fails with fail-fast and restores the world', async () => {
    await host.close();
    cleanup();
    open({ kind: 'simulated', latency: { kind: 'none' }, faults: { narrative_integration: { errorRate: 1 } } });
    const before = await host.rpc.invoke('campaigns.get', { campaignId: 'ashfall-crossing' }, master);
    const { turnId } = await host.rpc.invoke(
      'turns.run',
      { campaignId: 'ashfall-crossing', configuration: { failFastOnPhaseFailure: true, seed: 7 } },
      master,
    );
    await finished(turnId);
    const detail = await host.rpc.invoke('turns.get', { turnId }, master);
    expect(detail.turn.status).toBe('compensated');
    expect(detail.turn.failedPhase).toBe('narrative_integration');
    expect(detail.compensations.map((c) => c.type).slice(0, 5)).toEqual([
      'remove_events',
      'rollback_world_state',
      'cancel_interactions',
      'invalidate_subjective_briefs',
      'rollback_world_state',
    ]);
    expect(detail.events.every((e) => e.removed)).toBe(true);
    const after = await host.rpc.invoke('campaigns.get', { campaignId: 'ashfall-crossing' }, master);
    expect(after.world).toEqual(before.world);
  });

  it('filters and pages the turn history', async () => {
    for (let i = 0; i < 3; i++) {
      const { turnId } = await host.rpc.invoke('turns.run', { campaignId: 'ashfall-crossing', preset: 'ai_disabled' }, master);
      await finished(turnId);
    }
    const page = await host.rpc.invoke('turns.list', { campaignId: 'ashfall-crossing', limit: 2 }, player);
    expect(page.total).toBe(3);
    expect(page.turns.map((t) => t.number)).toEqual([3, 2]);
    const completed = await host.rpc.invoke('turns.list', { status: 'completed' }, player);
    expect(completed.total).toBe(3);
    const none = await host.rpc.invoke('turns.list', { status: 'cancelled' }, player);
    expect(none.total).toBe(0);
    await expect(host.rpc.invoke('turns.get', { turnId: 'missing' }, player)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('opens a manual review when world_update finds an inconsistent world, and resolves it', async () => {
    const { world } = await host.rpc.invoke('campaigns.get', { campaignId: 'ashfall-crossing' }, master);
    const broken = structuredClone(world);
    broken.agents[0]!.resources.stamina = { value: 150, max: 100, regenPerS: 0 };
    host.services.campaigns.insert({ id: 'broken-world', name: 'Broken world', description: '', world: broken });
    const { turnId } = await host.rpc.invoke('turns.run', { campaignId: 'broken-world' }, master);
    await finished(turnId);
    const detail = await host.rpc.invoke('turns.get', { turnId }, master);
    expect(detail.turn).toMatchObject({ status: 'compensated', failedPhase: 'world_update', failureReason: 'consistency' });
    expect(detail.turn.failureMessage).toContain('above its max');
    const { reviews } = await host.rpc.invoke('reviews.list', {}, master);
    const review = reviews.find((r) => r.turnId === turnId)!;
    expect(review).toMatchObject({ status: 'open', severity: 'critical' });
    const { review: resolved } = await host.rpc.invoke('reviews.resolve', { reviewId: review.id, resolution: 'checked the world' }, master);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'sm', resolution: 'checked the world' });
    const again = await host.rpc.invoke('turns.get', { turnId }, master);
    expect(again.reviews).toEqual([resolved]);
    expect((await host.rpc.invoke('reviews.list', {}, master)).reviews.map((r) => r.id)).not.toContain(review.id);
  });
});
