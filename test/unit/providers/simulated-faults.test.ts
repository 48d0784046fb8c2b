import { describe, expect, it } from 'vitest';
import type { ProviderError } from '../../../src-main/engine/orchestrator/providers/provider';
import { SimulatedProvider } from '../../../src-main/engine/orchestrator/providers/simulated';
import { decideFault, SimulatedFaults } from '../../../src-main/engine/orchestrator/providers/simulated-faults';
import { createSeededRandom } from '../../../src-main/engine/orchestrator/seeded-random';
import { briefRequest, harbourWorld, narrativeRequest, neverAborted } from './fixtures';

const DRILL = { subjective_brief: { errorRate: 0.1, timeoutRate: 0.05, slowRate: 0.2, slowMs: 5 } } as const;

type Outcome = 'ok' | 'slow' | 'error' | 'timeout' | 'other';

/**
 * Runs one brief per seed and classifies what happened. Every call shares one signal, aborted (like a
 * phase timeout) once the others have had ample time to finish, so only injected timeouts are still
 * waiting then.
 */
async function drill(seeds: string[]): Promise<Outcome[]> {
  const provider = new SimulatedProvider({ latency: { kind: 'none' }, faults: DRILL });
  const world = harbourWorld();
  const phaseTimeout = new AbortController();
  const calls = seeds.map(async (seed): Promise<Outcome> => {
    try {
      const response = await provider.complete(briefRequest(world, 'mira', { seed }), phaseTimeout.signal);
      return response.latencyMs === 5 ? 'slow' : 'ok';
    } catch (error) {
      const kind = (error as ProviderError).kind;
      return kind === 'error' || kind === 'cancelled' ? (kind === 'error' ? 'error' : 'timeout') : 'other';
    }
  });
  setTimeout(() => phaseTimeout.abort(), 250);
  return Promise.all(calls);
}

const count = (outcomes: Outcome[], kind: Outcome) => outcomes.filter((outcome) => outcome === kind).length;

describe('simulated fault injection', () => {
  const seeds = Array.from({ length: 1000 }, (_, index) => `drill-turn-${index}`);

  it('reproduces every fault from the seed and roughly honours the rates over 1,000 seeds', async () => {
    const first = await drill(seeds);
    const replay = await drill(seeds);
    expect(replay).toEqual(first);
    expect(count(first, 'other')).toBe(0);
    // Binomial(1000, p): the bounds are about four standard deviations wide.
    expect(count(first, 'error')).toBeGreaterThan(60);
    expect(count(first, 'error')).toBeLessThan(140);
    expect(count(first, 'timeout')).toBeGreaterThan(22);
    expect(count(first, 'timeout')).toBeLessThan(78);
    expect(count(first, 'slow')).toBeGreaterThan(150);
    expect(count(first, 'slow')).toBeLessThan(250);
  });

  it('decides by the same rates as a pure function of the seeded stream', () => {
    const faults = SimulatedFaults.parse(DRILL);
    const decisions = seeds.map((seed) => decideFault(faults, 'subjective_brief', createSeededRandom(seed)).kind);
    expect(decisions).toEqual(seeds.map((seed) => decideFault(faults, 'subjective_brief', createSeededRandom(seed)).kind));
    const share = (kind: string) => decisions.filter((decision) => decision === kind).length / seeds.length;
    expect(share('error')).toBeCloseTo(0.1, 1);
    expect(share('timeout')).toBeCloseTo(0.05, 1);
    expect(share('slow')).toBeCloseTo(0.2, 1);
  });

  it('injects faults only into the phases configured', async () => {
    const provider = new SimulatedProvider({ latency: { kind: 'none' }, faults: { subjective_brief: { errorRate: 1 } } });
    await expect(provider.complete(briefRequest(harbourWorld(), 'mira'), neverAborted())).rejects.toMatchObject({
      kind: 'error',
      retryable: true,
    });
    await expect(provider.complete(narrativeRequest(harbourWorld(), []), neverAborted())).resolves.toHaveProperty('text');
  });

  it('makes a timed-out call wait until the caller aborts it', async () => {
    const provider = new SimulatedProvider({ latency: { kind: 'none' }, faults: { subjective_brief: { timeoutRate: 1 } } });
    const controller = new AbortController();
    let settled = false;
    const call = provider.complete(briefRequest(harbourWorld(), 'mira'), controller.signal).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    controller.abort();
    await expect(call).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('rejects rates that add up to more than one, naming the field', () => {
    const result = SimulatedFaults.safeParse({ narrative_integration: { errorRate: 0.6, timeoutRate: 0.3, slowRate: 0.2 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['narrative_integration', 'slowRate']);
    expect(SimulatedFaults.safeParse({ not_a_phase: { errorRate: 0.1 } }).success).toBe(false);
  });
});
