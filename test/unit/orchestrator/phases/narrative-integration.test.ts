import { describe, expect, it } from 'vitest';
import { narrativeIntegration } from '../../../../src-main/engine/orchestrator/phases/narrative-integration';
import { PhaseFailure } from '../../../../src-main/engine/orchestrator/phases/phase';
import type { TurnEvent } from '../../../../src-shared/domain/turn';
import { deepFreeze, echoCallAi, makeAgent, makeContext, makeState, makeWorld, textCallAi } from '../fixtures';

function event(id: string, overrides: Partial<TurnEvent>): TurnEvent {
  return {
    id,
    type: 'generic_interaction',
    phase: 'event_integration',
    timestampS: 1300,
    spanS: 300,
    participants: ['ada', 'bo'],
    description: '',
    interactionId: `i-${id}`,
    ...overrides,
  };
}

const world = makeWorld([
  makeAgent('ada', { name: 'Ada' }),
  makeAgent('bo', { name: 'Bo' }),
  makeAgent('cy', { name: 'Cy' }),
  makeAgent('dee', { name: 'Dee' }),
]);
const events = [
  event('e0', {
    type: 'world_time_advanced',
    phase: 'world_update',
    participants: [],
    description: 'World time advanced by 300 s to 1300 s and the weather stays clear.',
    interactionId: null,
  }),
  event('e1', { type: 'conflict_resolution', description: 'Ada prevailed over Bo in the struggle for the Iron Crown.' }),
  event('e2', { type: 'cooperation_success', participants: ['cy', 'dee'], description: 'Cy and Dee worked together toward the Old Well.' }),
];
const state = deepFreeze(makeState(world, { events }));
const everyone = ['ada', 'bo', 'cy', 'dee'];
const padding = 'The evening wore on, and the valley settled into a long and watchful silence that nobody cared to break.';

describe('narrative_integration', () => {
  it('writes one narrative through the provider, with the events it mentions and the story arcs of the turn', async () => {
    const output = await narrativeIntegration(state, makeContext({ participants: everyone }));
    expect(output.state.narrative).toEqual({
      text: expect.stringContaining('Ada prevailed over Bo'),
      valid: true,
      storyArcs: ['character_conflict', 'alliance_building'],
      mentionedEventIds: ['e0', 'e1', 'e2'],
      source: 'fake',
    });
    expect(output).toMatchObject({ eventsProcessed: 3, eventsGenerated: 0 });
  });

  it.each([
    ['basic', 450],
    ['standard', 950],
    ['detailed', 1650],
    ['comprehensive', 3150],
  ] as const)('asks the %s model for %d max tokens over 3 events', async (depth, tokens) => {
    const callAi = echoCallAi();
    await narrativeIntegration(state, makeContext({ participants: everyone, callAi, config: { narrativeAnalysisDepth: depth } }));
    expect(callAi.requests).toHaveLength(1);
    expect(callAi.requests[0]).toMatchObject({
      phase: 'narrative_integration',
      operation: 'narrative',
      model: `model-${depth}`,
      maxTokens: tokens,
      seedKey: 'narrative',
      events,
    });
  });

  it('accepts a narrative that names the participants of one event', async () => {
    const callAi = textCallAi(() => `Cy and Dee shared bread at dawn. ${padding}`);
    const output = await narrativeIntegration(state, makeContext({ participants: everyone, callAi }));
    expect(output.state.narrative?.mentionedEventIds).toEqual(['e2']);
  });

  it('fails validation on a narrative that mentions no event of the turn', async () => {
    const callAi = textCallAi(() => padding.repeat(2));
    await expect(narrativeIntegration(state, makeContext({ participants: everyone, callAi }))).rejects.toMatchObject({
      reason: 'validation',
      message: expect.stringContaining("mentions none of the turn's 3 events"),
    });
  });

  it('fails validation on a narrative that is too short', async () => {
    const callAi = textCallAi(() => 'Ada prevailed over Bo.');
    await expect(narrativeIntegration(state, makeContext({ participants: everyone, callAi }))).rejects.toMatchObject({
      reason: 'validation',
      message: expect.stringContaining('needs at least 50'),
    });
  });

  it('lets a provider failure fail the phase', async () => {
    const callAi = async () => {
      throw new PhaseFailure('provider_error', 'simulated: injected timeout');
    };
    await expect(narrativeIntegration(state, makeContext({ participants: everyone, callAi }))).rejects.toMatchObject({
      reason: 'provider_error',
    });
  });

  it('writes a deterministic rule-based narrative without calling the provider when AI is disabled', async () => {
    const callAi = echoCallAi();
    const context = () => makeContext({ participants: everyone, callAi, config: { aiIntegrationEnabled: false } });
    const first = await narrativeIntegration(state, context());
    const second = await narrativeIntegration(state, context());
    expect(callAi.requests).toHaveLength(0);
    expect(first.state.narrative).toMatchObject({ valid: true, source: 'rule-based', mentionedEventIds: ['e0', 'e1', 'e2'] });
    expect(second.state.narrative).toEqual(first.state.narrative);
  });

  it('fails as cancelled when the turn is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(narrativeIntegration(state, makeContext({ participants: everyone, signal: controller.signal }))).rejects.toMatchObject({
      reason: 'cancelled',
    });
  });

  it('does not mutate its input', async () => {
    const before = structuredClone(state);
    await narrativeIntegration(state, makeContext({ participants: everyone }));
    expect(state).toEqual(before);
  });
});
