/**
 * Replay and diff through the engine: a stored turn replays exactly from its input world, configuration
 * and seed — with its recorded responses or the simulated provider — without touching the campaign.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../src-main/engine/host';
import { identityForRole } from '../../../src-shared/rbac';
import { tempDataDir } from '../../fixtures/temp-data-dir';

const developer = identityForRole('dev', 'developer');
const master = identityForRole('sm', 'story_master');
const CAMPAIGN = 'ashfall-crossing';
let host: Host;
let cleanup: () => void;

beforeAll(() => {
  const data = tempDataDir();
  cleanup = data.cleanup;
  host = createHost({ dataDir: data.dir, face: 'headless', provider: { kind: 'simulated', latency: { kind: 'none' } } });
});
afterAll(async () => {
  await host.close();
  cleanup();
});

async function runTurn(configuration: Record<string, unknown>): Promise<string> {
  const { turnId, done } = host.services.runner.start({ campaignId: CAMPAIGN, configuration, origin: 'test', startedBy: 'sm' });
  await done;
  return turnId;
}

describe('replay', () => {
  it('reproduces any turn exactly, recorded or simulated, and never changes the campaign', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          narrativeAnalysisDepth: fc.constantFrom('basic', 'standard', 'detailed', 'comprehensive'),
          aiIntegrationEnabled: fc.boolean(),
          worldTimeAdvance: fc.integer({ min: 1, max: 3600 }),
        }),
        fc.constantFrom('recorded' as const, 'simulated' as const),
        async (configuration, mode) => {
          const turnId = await runTurn(configuration);
          const before = await host.rpc.invoke('campaigns.get', { campaignId: CAMPAIGN }, master);
          const { replayTurnId, diff } = await host.rpc.invoke('turns.replay', { turnId, mode }, developer);
          expect(
            diff.identical,
            JSON.stringify({ world: diff.world.changes.slice(0, 3), events: diff.events, narrative: diff.narrative }),
          ).toBe(true);
          expect(diff.a.id).toBe(turnId);
          expect(diff.b).toMatchObject({ id: replayTurnId, replayOf: turnId, origin: 'replay', status: diff.a.status, seed: diff.a.seed });
          const after = await host.rpc.invoke('campaigns.get', { campaignId: CAMPAIGN }, master);
          expect(after.world).toEqual(before.world);
          expect(after.campaign.worldVersion).toBe(before.campaign.worldVersion);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('replays a compensated turn into the same compensation, leaving the campaign alone', async () => {
    const turnId = await runTurn({ seed: 5, maxAiCost: 0, failFastOnPhaseFailure: true });
    const { diff } = await host.rpc.invoke('turns.replay', { turnId, mode: 'recorded' }, developer);
    expect(diff.a.status).toBe('compensated');
    expect(diff.b.status).toBe('compensated');
    expect(diff.identical).toBe(true);
    const replay = await host.rpc.invoke('turns.get', { turnId: diff.b.id }, developer);
    expect(replay.compensations.find((c) => c.type === 'rollback_world_state')?.detail).toContain('never changed');
  });

  it('is refused to a story master without orchestration.turn.debug', async () => {
    const turnId = await runTurn({ seed: 9 });
    await expect(host.rpc.invoke('turns.replay', { turnId }, master)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(host.rpc.invoke('turns.replay', { turnId: 'nope' }, developer)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('diff', () => {
  it('shows what differs between two turns of a campaign', async () => {
    const a = await runTurn({ seed: 1 });
    const b = await runTurn({ seed: 2 });
    const diff = await host.rpc.invoke('turns.diff', { a, b }, master);
    expect(diff.identical).toBe(false);
    // The second turn started from the world the first left behind, so time moved on.
    expect(diff.world.changes.find((change) => change.path === 'timeS')).toMatchObject({ kind: 'changed' });
    expect(diff.narrative.identical).toBe(false);
    expect(diff.timings.map((t) => t.phase)).toHaveLength(5);
    expect(diff.timings.every((t) => t.aStatus === 'succeeded' && t.bStatus === 'succeeded')).toBe(true);
    expect(diff.cost.delta).toBeCloseTo(diff.cost.b - diff.cost.a);
  });

  it('compares a turn with itself as identical', async () => {
    const a = await runTurn({ seed: 11 });
    const diff = await host.rpc.invoke('turns.diff', { a, b: a }, master);
    expect(diff.identical).toBe(true);
    expect(diff.events.common).toBeGreaterThan(0);
  });
});
