/**
 * Builders for orchestrator tests: agents, worlds, turn states and a phase context whose `callAi` is a
 * small deterministic fake (the real providers are tested on their own).
 */

import type { PhaseContext, TurnState } from '../../../src-main/engine/orchestrator/phases/phase';
import type { AiProvider, AiRequest, AiResponse } from '../../../src-main/engine/orchestrator/providers/provider';
import type { Interaction } from '../../../src-shared/domain/turn';
import { TurnConfiguration, type TurnConfigurationInput } from '../../../src-shared/domain/turn-configuration';
import type { Agent, WorldState } from '../../../src-shared/domain/world';

export function makeAgent(id: string, overrides: Partial<Agent> = {}): Agent {
  return {
    id,
    name: id.charAt(0).toUpperCase() + id.slice(1),
    role: 'wanderer',
    position: { x: 0, y: 0 },
    speed: 1,
    strength: 10,
    resources: {},
    statusEffects: [],
    goals: [],
    inventory: [],
    needs: [],
    trust: 100,
    quarantined: false,
    relationships: {},
    confidence: 0.5,
    cooperationExperience: 0,
    memories: [],
    ...overrides,
  };
}

export function makeWorld(agents: Agent[], overrides: Partial<WorldState> = {}): WorldState {
  return {
    timeS: 1000,
    weather: 'clear',
    features: [
      { id: 'well', name: 'the Old Well', kind: 'place', position: { x: 100, y: 0 } },
      { id: 'crown', name: 'the Iron Crown', kind: 'object', position: { x: 0, y: 100 } },
    ],
    npcs: [],
    agents,
    ...overrides,
  };
}

export function makeState(world: WorldState, overrides: Partial<TurnState> = {}): TurnState {
  return { world, briefs: [], interactions: [], events: [], narrative: null, ...overrides };
}

export function makeInteraction(id: string, participants: [string, string], overrides: Partial<Interaction> = {}): Interaction {
  return {
    id,
    type: 'general',
    participants,
    proximity: 0.8,
    priority: 0.54,
    subject: null,
    completed: true,
    outcome: 'exchange',
    winner: null,
    loser: null,
    benefit: null,
    ...overrides,
  };
}

export type CallAi = PhaseContext['callAi'];
export type CallAiRequest = Parameters<CallAi>[0];

/** A fake callAi whose text is built from the request: the agent's name and goals, or every event description. */
export function echoCallAi(): CallAi & { requests: CallAiRequest[] } {
  const requests: CallAiRequest[] = [];
  const fake = async (request: CallAiRequest): Promise<AiResponse> => {
    requests.push(request);
    const text =
      request.operation === 'subjective_brief'
        ? `${request.agent?.name ?? 'Someone'} looks around and weighs the goals of this turn carefully.`
        : `As the hours pass, the story moves on. ${(request.events ?? []).map((event) => event.description).join(' ')} Everyone present wonders what the next turn will bring to them all.`;
    return { text, model: request.model, inputTokens: 10, outputTokens: 20, latencyMs: 0 };
  };
  return Object.assign(fake, { requests });
}

export function textCallAi(textFor: (request: CallAiRequest) => string): CallAi {
  return async (request) => ({ text: textFor(request), model: request.model, inputTokens: 1, outputTokens: 1, latencyMs: 0 });
}

export const fakeProvider: AiProvider = {
  name: 'fake',
  complete: async (request: AiRequest) => ({ text: request.seed, model: request.model, inputTokens: 0, outputTokens: 0, latencyMs: 0 }),
};

export function makeContext(
  options: {
    config?: TurnConfigurationInput;
    participants?: readonly string[];
    seed?: number;
    turnNumber?: number;
    callAi?: CallAi;
    signal?: AbortSignal;
  } = {},
): PhaseContext {
  let sequence = 0;
  return {
    turnId: 'turn-1',
    turnNumber: options.turnNumber ?? 1,
    config: TurnConfiguration.parse(options.config ?? {}),
    participants: options.participants ?? [],
    seed: options.seed ?? 42,
    models: { basic: 'model-basic', standard: 'model-standard', detailed: 'model-detailed', comprehensive: 'model-comprehensive' },
    signal: options.signal ?? new AbortController().signal,
    callAi: options.callAi ?? echoCallAi(),
    newId: (prefix) => `${prefix}-${++sequence}`,
    provider: fakeProvider,
  };
}

/** Freezes a value and everything in it, so a mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
