import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/engine/orchestrator/providers/provider';
import { SimulatedProvider } from '../../../src-main/engine/orchestrator/providers/simulated';
import { estimatePromptTokens, estimateTokens } from '../../../src-main/engine/orchestrator/providers/token-estimate';
import type { WorldState } from '../../../src-shared/domain/world';
import {
  BRIEF_MAX_TOKENS,
  briefRequest,
  harbourEvents,
  harbourWorld,
  isValidBrief,
  isValidNarrative,
  mentionedEvents,
  mountainEvents,
  mountainWorld,
  NARRATIVE_MAX_TOKENS,
  narrativeRequest,
  neverAborted,
} from './fixtures';

const instant = () => new SimulatedProvider({ latency: { kind: 'none' } });
const SEEDS = Array.from({ length: 25 }, (_, index) => `turn-${index}:seed-${index * 7919}`);
const WORLDS: [string, () => WorldState, typeof harbourEvents][] = [
  ['harbour', harbourWorld, harbourEvents],
  ['mountain', mountainWorld, mountainEvents],
];

describe('simulated provider: determinism', () => {
  it('answers the same request with the same seed identically, across provider instances', async () => {
    const world = harbourWorld();
    const request = briefRequest(world, 'mira', { seed: 'replay-42' });
    const first = await instant().complete(request, neverAborted());
    const second = await instant().complete(briefRequest(harbourWorld(), 'mira', { seed: 'replay-42' }), neverAborted());
    expect(second).toEqual(first);

    const events = harbourEvents();
    const narrativeA = await instant().complete(narrativeRequest(world, events, { seed: 'replay-42' }), neverAborted());
    const narrativeB = await instant().complete(narrativeRequest(world, events, { seed: 'replay-42' }), neverAborted());
    expect(narrativeB).toEqual(narrativeA);
  });

  it('also reproduces the drawn latency (the response is identical with realistic latency)', async () => {
    const provider = new SimulatedProvider({ latency: { kind: 'lognormal', medianMs: 5, p95Ms: 15 } });
    const request = briefRequest(harbourWorld(), 'oren', { seed: 'latency-replay' });
    const first = await provider.complete(request, neverAborted());
    const second = await provider.complete(request, neverAborted());
    expect(second).toEqual(first);
    expect(first.latencyMs).toBeGreaterThan(0);
  });

  it('writes different text for different seeds', async () => {
    const world = harbourWorld();
    const texts = await Promise.all(SEEDS.map((seed) => instant().complete(briefRequest(world, 'tamsin', { seed }), neverAborted())));
    expect(new Set(texts.map((response) => response.text)).size).toBeGreaterThan(SEEDS.length * 0.8);
    const narratives = await Promise.all(
      SEEDS.map((seed) => instant().complete(narrativeRequest(world, harbourEvents(), { seed }), neverAborted())),
    );
    expect(new Set(narratives.map((response) => response.text)).size).toBeGreaterThan(SEEDS.length * 0.8);
  });

  it('writes different briefs for different agents under the same seed', async () => {
    const world = harbourWorld();
    const [mira, kestrel] = await Promise.all([
      instant().complete(briefRequest(world, 'mira'), neverAborted()),
      instant().complete(briefRequest(world, 'kestrel'), neverAborted()),
    ]);
    expect(mira.text).not.toBe(kestrel.text);
  });

  it('writes the same words whether or not a fault drill or latency is configured', async () => {
    const request = briefRequest(mountainWorld(), 'bram', { seed: 'drill' });
    const plain = await instant().complete(request, neverAborted());
    const drilled = await new SimulatedProvider({
      latency: { kind: 'fixed', ms: 1 },
      faults: { subjective_brief: { slowRate: 1, slowMs: 2 } },
    }).complete(request, neverAborted());
    expect(drilled.text).toBe(plain.text);
    expect(drilled.latencyMs).toBe(3);
  });
});

describe('simulated provider: briefs', () => {
  for (const [name, buildWorld] of WORLDS) {
    it(`writes valid briefs that name the agent, its role and its goal, for every agent of the ${name} world at every depth`, async () => {
      const world = buildWorld();
      for (const agent of world.agents) {
        for (const maxTokens of BRIEF_MAX_TOKENS) {
          for (const seed of SEEDS) {
            const response = await instant().complete(briefRequest(world, agent.id, { seed, maxTokens }), neverAborted());
            expect(isValidBrief(response.text), response.text).toBe(true);
            expect(response.text).toContain(agent.name);
            expect(response.text).toContain(agent.role);
            expect(response.outputTokens).toBeLessThanOrEqual(maxTokens);
          }
        }
      }
    });
  }

  it('draws on goals (by feature name), belongings, rivals and memories', async () => {
    const world = harbourWorld();
    const texts = await Promise.all(
      SEEDS.map(async (seed) => (await instant().complete(briefRequest(world, 'mira', { seed, maxTokens: 2000 }), neverAborted())).text),
    );
    const all = texts.join('\n');
    expect(all).toContain('the Lighthouse');
    expect(all).toContain('Kestrel Vane');
    expect(all).toContain('sextant');
    expect(all).toContain('lighthouse key');
    expect(all).toContain('The lamp went dark two nights ago.');
    expect(all).toContain('a rising storm');
  });

  it('refuses a brief request that names no agent', async () => {
    const request = briefRequest(harbourWorld(), 'mira');
    delete request.agent;
    await expect(instant().complete(request, neverAborted())).rejects.toMatchObject({ name: 'ProviderError', kind: 'error' });
  });
});

describe('simulated provider: narratives', () => {
  for (const [name, buildWorld, buildEvents] of WORLDS) {
    it(`writes valid narratives quoting an event and naming its participants in the ${name} world at every depth`, async () => {
      const world = buildWorld();
      const events = buildEvents();
      for (const depthTokens of NARRATIVE_MAX_TOKENS) {
        const maxTokens = depthTokens + Math.min(50 * events.length, 500);
        for (const seed of SEEDS) {
          const response = await instant().complete(narrativeRequest(world, events, { seed, maxTokens }), neverAborted());
          expect(isValidNarrative(response.text, events), response.text).toBe(true);
          expect(response.outputTokens).toBeLessThanOrEqual(maxTokens);
          const [mentioned] = mentionedEvents(response.text, events);
          for (const id of mentioned?.participants ?? []) {
            const agentName = world.agents.find((agent) => agent.id === id)?.name as string;
            expect(response.text).toContain(agentName);
          }
        }
      }
    });
  }

  it('features story events rather than bookkeeping when both exist', async () => {
    const events = harbourEvents();
    const response = await instant().complete(narrativeRequest(harbourWorld(), events), neverAborted());
    expect(response.text).toContain(events[1]?.description);
    expect(response.text).not.toContain('World time advanced by 300 seconds');
  });

  it('narrates a turn with only bookkeeping events by quoting them', async () => {
    const events = harbourEvents().slice(0, 1);
    for (const seed of SEEDS) {
      const response = await instant().complete(narrativeRequest(harbourWorld(), events, { seed }), neverAborted());
      expect(isValidNarrative(response.text, events), response.text).toBe(true);
    }
  });

  it('still writes a plausible narrative of a quiet turn with no events', async () => {
    const response = await instant().complete(narrativeRequest(mountainWorld(), []), neverAborted());
    expect(response.text.length).toBeGreaterThanOrEqual(50);
    expect(response.text).toContain('Anya Korr');
  });

  it('keeps an event intact even on a budget too small for the opening', async () => {
    const events = mountainEvents();
    for (const seed of SEEDS) {
      const response = await instant().complete(narrativeRequest(mountainWorld(), events, { seed, maxTokens: 40 }), neverAborted());
      expect(mentionedEvents(response.text, events).length, response.text).toBeGreaterThan(0);
    }
  });
});

describe('simulated provider: tokens', () => {
  it('never exceeds maxTokens, however small, and ends on a whole word', async () => {
    const world = harbourWorld();
    for (let maxTokens = 1; maxTokens <= 60; maxTokens++) {
      const brief = await instant().complete(briefRequest(world, 'kestrel', { maxTokens, seed: `m${maxTokens}` }), neverAborted());
      const narrative = await instant().complete(
        narrativeRequest(world, harbourEvents(), { maxTokens, seed: `m${maxTokens}` }),
        neverAborted(),
      );
      for (const response of [brief, narrative]) {
        expect(response.outputTokens).toBeLessThanOrEqual(maxTokens);
        expect(response.text.length).toBeLessThanOrEqual(maxTokens * 4);
        expect(response.text).not.toMatch(/[\s,]$/);
      }
    }
  });

  it('counts input tokens from the prompt messages and output tokens from the text', async () => {
    const request = narrativeRequest(harbourWorld(), harbourEvents());
    const response = await instant().complete(request, neverAborted());
    expect(response.inputTokens).toBe(estimatePromptTokens(request.messages));
    expect(response.outputTokens).toBe(estimateTokens(response.text));
    expect(response.model).toBe('sim-standard');
  });
});

describe('simulated provider: latency and cancellation', () => {
  it('sleeps the configured latency and reports it', async () => {
    const provider = new SimulatedProvider({ latency: { kind: 'fixed', ms: 40 } });
    const started = performance.now();
    const response = await provider.complete(briefRequest(harbourWorld(), 'mira'), neverAborted());
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(response.latencyMs).toBe(40);
  });

  it('uses a per-operation distribution when given one', async () => {
    const provider = new SimulatedProvider({ latency: { subjective_brief: { kind: 'fixed', ms: 7 }, narrative: { kind: 'none' } } });
    expect((await provider.complete(briefRequest(harbourWorld(), 'mira'), neverAborted())).latencyMs).toBe(7);
    expect((await provider.complete(narrativeRequest(harbourWorld(), harbourEvents()), neverAborted())).latencyMs).toBe(0);
  });

  it('stops sleeping and rejects as cancelled when the caller aborts', async () => {
    const provider = new SimulatedProvider({ latency: { kind: 'fixed', ms: 10_000 } });
    const controller = new AbortController();
    const started = performance.now();
    const call = provider.complete(briefRequest(harbourWorld(), 'mira'), controller.signal);
    setTimeout(() => controller.abort(), 20);
    const error = await call.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(instant().complete(briefRequest(harbourWorld(), 'mira'), controller.signal)).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('reports a timeout when the signal was aborted by a timeout', async () => {
    const provider = new SimulatedProvider({ latency: { kind: 'fixed', ms: 10_000 } });
    await expect(provider.complete(briefRequest(harbourWorld(), 'mira'), AbortSignal.timeout(20))).rejects.toMatchObject({
      kind: 'timeout',
    });
  });

  it('rejects an invalid latency configuration, naming the field', () => {
    expect(() => new SimulatedProvider({ latency: { kind: 'lognormal', medianMs: 500, p95Ms: 100 } })).toThrow(/p95Ms/);
  });
});
