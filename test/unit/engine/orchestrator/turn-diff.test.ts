import { describe, expect, it } from 'vitest';
import { diffTurns, MAX_WORLD_CHANGES, type TurnFacts } from '../../../../src-main/engine/orchestrator/turn-diff';
import type { TurnEvent, TurnSummary } from '../../../../src-shared/domain/turn';
import type { WorldState } from '../../../../src-shared/domain/world';

const summary = (id: string, cost: number): TurnSummary => ({
  id,
  campaignId: 'c',
  number: 1,
  status: 'completed',
  origin: 'test',
  provider: 'simulated',
  seed: 1,
  participants: ['a', 'b'],
  replayOf: null,
  startedAt: '2026-11-22T00:00:00.000Z',
  finishedAt: null,
  durationMs: 10,
  providerMs: 0,
  completion: 1,
  totalAiCost: cost,
  tokensIn: 10,
  tokensOut: 20,
  failedPhase: null,
  failureReason: null,
  failureMessage: null,
  startedBy: 'x',
});

const event = (id: string, description: string): TurnEvent => ({
  id,
  type: 'generic_interaction',
  phase: 'event_integration',
  timestampS: 300,
  spanS: 0,
  participants: ['a', 'b'],
  description,
  interactionId: null,
});

const world = (timeS: number): WorldState => ({ timeS, weather: 'clear', features: [], npcs: [], agents: [] });

function facts(overrides: Partial<TurnFacts>): TurnFacts {
  return { summary: summary('t', 0.5), phases: [], events: [], narrative: 'n', worldAfter: world(300), ...overrides };
}

describe('turn diff', () => {
  it('matches events by content, not by id, counting repeats', () => {
    const a = facts({ events: [event('ev-1', 'met'), event('ev-2', 'met'), event('ev-3', 'argued')] });
    const b = facts({ events: [event('ev-9', 'met'), event('ev-8', 'argued'), event('ev-7', 'left')] });
    const diff = diffTurns(a, b);
    expect(diff.events.common).toBe(2);
    expect(diff.events.onlyA.map((e) => e.id)).toEqual(['ev-2']);
    expect(diff.events.onlyB.map((e) => e.description)).toEqual(['left']);
    expect(diff.identical).toBe(false);
  });

  it('lists world changes by dotted path and says identical only when nothing but timing differs', () => {
    expect(diffTurns(facts({}), facts({ summary: { ...summary('u', 0.5), durationMs: 99 } })).identical).toBe(true);
    const changed = diffTurns(facts({}), facts({ worldAfter: { ...world(600), weather: 'rain' } }));
    expect(changed.world.changes).toEqual([
      { path: 'timeS', kind: 'changed', a: 300, b: 600 },
      { path: 'weather', kind: 'changed', a: 'clear', b: 'rain' },
    ]);
    expect(diffTurns(facts({}), facts({ summary: summary('u', 0.75) })).cost.delta).toBeCloseTo(0.25);
    expect(diffTurns(facts({}), facts({ narrative: 'other' })).narrative.identical).toBe(false);
  });

  it('cuts a huge world diff and flags it', () => {
    const many = (offset: number) => ({
      ...world(0),
      features: Array.from({ length: MAX_WORLD_CHANGES + 10 }, (_, i) => ({
        id: `f${i}`,
        name: `F${i + offset}`,
        kind: 'k',
        position: { x: 0, y: 0 },
      })),
    });
    const diff = diffTurns(facts({ worldAfter: many(0) }), facts({ worldAfter: many(1) }));
    expect(diff.world.changes).toHaveLength(MAX_WORLD_CHANGES);
    expect(diff.world.truncated).toBe(true);
  });
});
