/**
 * Hand-built worlds for provider tests: two campaigns of five agents each, deliberately different in
 * shape (goals of every type, agents with no goals, no memories, empty weather, quarantine, NPCs of every
 * disposition) so the simulated text is exercised on more than one happy path.
 */
import type { AiRequest } from '../../../src-main/engine/orchestrator/providers/provider';
import type { TurnEvent } from '../../../src-shared/domain/turn';
import { Agent, WorldState } from '../../../src-shared/domain/world';
import { makeAgent } from '../orchestrator/fixtures';

/** The orchestrator tests' agent, with a stamina pool and slower, weaker defaults, checked by the schema. */
export function buildAgent(overrides: Partial<Agent> & Pick<Agent, 'id' | 'name'>): Agent {
  return Agent.parse(
    makeAgent(overrides.id, { speed: 0.05, strength: 5, resources: { stamina: { value: 80, max: 100, regenPerS: 0.05 } }, ...overrides }),
  );
}

/** A harbour town in a storm: exclusive race for the lighthouse, a shared goal on the docks, a trade. */
export function harbourWorld(): WorldState {
  return WorldState.parse({
    timeS: 3600 * 9,
    weather: 'a rising storm',
    features: [
      { id: 'lighthouse', name: 'the Lighthouse', kind: 'tower', position: { x: 50, y: 10 } },
      { id: 'docks', name: 'the Saltmere Docks', kind: 'harbour', position: { x: 20, y: 30 } },
      { id: 'chapel', name: 'Greywater Chapel', kind: 'shrine', position: { x: 80, y: 60 } },
    ],
    npcs: [
      { id: 'harbourmaster', name: 'the harbourmaster', position: { x: 22, y: 28 }, disposition: 'friendly' },
      { id: 'smugglers', name: 'a crew of smugglers', position: { x: 45, y: 15 }, disposition: 'hostile' },
    ],
    agents: [
      buildAgent({
        id: 'mira',
        name: 'Mira Sol',
        role: 'navigator',
        position: { x: 40, y: 20 },
        goals: [{ type: 'exclusive', target: 'lighthouse' }],
        inventory: ['sextant', 'oil lamp'],
        needs: ['lighthouse key'],
        statusEffects: [{ name: 'soaked', remainingS: 300 }],
        confidence: 0.8,
        memories: ['The lamp went dark two nights ago.', 'Kestrel lied about the tide tables.'],
      }),
      buildAgent({
        id: 'kestrel',
        name: 'Kestrel Vane',
        role: 'smuggler',
        position: { x: 55, y: 18 },
        strength: 8,
        goals: [{ type: 'exclusive', target: 'lighthouse' }],
        inventory: ['lighthouse key', 'knife'],
        needs: ['boat'],
        resources: { stamina: { value: 20, max: 100, regenPerS: 0.05 }, coin: { value: 40, max: 50, regenPerS: 0 } },
        memories: ['Mira saw the crates.'],
      }),
      buildAgent({
        id: 'oren',
        name: 'Oren Hale',
        role: 'engineer',
        position: { x: 25, y: 32 },
        goals: [{ type: 'shared', target: 'docks' }],
        inventory: ['boat', 'tools'],
        needs: [],
        confidence: 0.3,
      }),
      buildAgent({
        id: 'tamsin',
        name: 'Tamsin',
        role: 'healer',
        position: { x: 18, y: 35 },
        goals: [
          { type: 'shared', target: 'docks' },
          { type: 'personal', target: 'chapel' },
        ],
        inventory: ['herbs'],
        needs: ['tools'],
        memories: ['A child fell ill at the chapel.'],
      }),
      buildAgent({
        id: 'ulric',
        name: 'Ulric the Grey',
        role: 'archivist',
        position: { x: 85, y: 65 },
        goals: [],
        resources: {},
        trust: 25,
        quarantined: true,
      }),
    ],
  });
}

/** A mountain pass at night with no weather set, agents spread out, goals on non-feature targets. */
export function mountainWorld(): WorldState {
  return WorldState.parse({
    timeS: 86_400 * 2 + 3600 * 22,
    weather: '',
    features: [
      { id: 'pass', name: 'Frostpeak Pass', kind: 'pass', position: { x: 0, y: 0 } },
      { id: 'cairn', name: 'the Old Cairn', kind: 'monument', position: { x: 150, y: 150 } },
    ],
    npcs: [{ id: 'hermit', name: 'the hermit of the crags', position: { x: 5, y: 5 }, disposition: 'neutral' }],
    agents: [
      buildAgent({
        id: 'anya',
        name: 'Anya Korr',
        role: 'guide',
        position: { x: 0, y: 0 },
        goals: [{ type: 'shared', target: 'pass' }],
        inventory: ['rope'],
        needs: ['firewood'],
      }),
      buildAgent({
        id: 'bram',
        name: 'Bram',
        role: 'woodcutter',
        position: { x: 10, y: 5 },
        goals: [{ type: 'shared', target: 'pass' }],
        inventory: ['firewood', 'axe'],
        memories: ['Snow buried the northern trail.'],
        confidence: 0.9,
      }),
      buildAgent({
        id: 'cass',
        name: 'Cassia Dunmore-Reyes',
        role: 'envoy',
        position: { x: 140, y: 150 },
        goals: [{ type: 'personal', target: 'cairn' }],
        statusEffects: [
          { name: 'frostbitten', remainingS: 1200 },
          { name: 'determined', remainingS: 600 },
        ],
      }),
      buildAgent({
        id: 'dov',
        name: 'Dov',
        role: 'outlaw',
        position: { x: 300, y: 300 },
        goals: [{ type: 'exclusive', target: 'silver-crown' }],
        needs: ['silver crown'],
      }),
      buildAgent({
        id: 'esk',
        name: 'Esk',
        role: 'oracle',
        position: { x: 150, y: 152 },
        goals: [{ type: 'exclusive', target: 'cairn' }],
        resources: { insight: { value: 1, max: 10, regenPerS: 0.01 } },
        confidence: 0.1,
      }),
    ],
  });
}

let eventCounter = 0;

export function buildEvent(overrides: Partial<TurnEvent> & Pick<TurnEvent, 'type' | 'participants' | 'description'>): TurnEvent {
  eventCounter += 1;
  return {
    id: `evt-${eventCounter}`,
    phase: 'event_integration',
    timestampS: 300,
    spanS: 0,
    interactionId: null,
    ...overrides,
  };
}

/** The events a typical harbour turn ends with (bookkeeping first, as the phases emit them). */
export function harbourEvents(): TurnEvent[] {
  return [
    buildEvent({ type: 'world_time_advanced', phase: 'world_update', participants: [], description: 'World time advanced by 300 seconds' }),
    buildEvent({
      type: 'conflict_resolution',
      participants: ['kestrel', 'mira'],
      description: 'Kestrel Vane forced Mira Sol back from the Lighthouse door',
    }),
    buildEvent({
      type: 'cooperation_success',
      participants: ['oren', 'tamsin'],
      description: 'Oren Hale and Tamsin shored up the Saltmere Docks together (benefit 1.4).',
    }),
    buildEvent({ type: 'agent_agreement', participants: ['tamsin', 'oren'], description: 'Tamsin traded herbs to Oren Hale for tools' }),
  ];
}

export function mountainEvents(): TurnEvent[] {
  return [
    buildEvent({ type: 'agent_compromise', participants: ['anya', 'bram'], description: 'Anya and Bram split the firewood for the night' }),
    buildEvent({
      type: 'generic_interaction',
      participants: ['cass', 'esk'],
      description: 'Cassia and Esk exchanged a few wary words at the cairn',
    }),
  ];
}

export function briefRequest(world: WorldState, agentId: string, overrides: Partial<AiRequest> = {}): AiRequest {
  const agent = world.agents.find((candidate) => candidate.id === agentId);
  if (!agent) throw new Error(`fixture world has no agent ${agentId}`);
  return {
    phase: 'subjective_brief',
    operation: 'subjective_brief',
    model: 'sim-standard',
    messages: [
      { role: 'system', content: 'You write a short subjective brief for one character of a story.' },
      { role: 'user', content: `Write the brief of ${agent.name}, ${agent.role}.` },
    ],
    maxTokens: 500,
    temperature: 0.7,
    seed: 'turn-1',
    agent,
    world,
    ...overrides,
  };
}

export function narrativeRequest(world: WorldState, events: TurnEvent[], overrides: Partial<AiRequest> = {}): AiRequest {
  return {
    phase: 'narrative_integration',
    operation: 'narrative',
    model: 'sim-standard',
    messages: [
      { role: 'system', content: 'You narrate one turn of a multi-agent story.' },
      { role: 'user', content: events.map((event) => event.description).join('\n') },
    ],
    maxTokens: 800 + Math.min(50 * events.length, 500),
    temperature: 0.7,
    seed: 'turn-1',
    world,
    events,
    ...overrides,
  };
}

/** The validity rules the phases apply (SPEC section 1), restated so the tests check the same thresholds. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

export function isValidBrief(text: string): boolean {
  return text.length >= 10 && wordCount(text) >= 5;
}

export function mentionedEvents(text: string, events: readonly TurnEvent[]): TurnEvent[] {
  return events.filter((event) => event.description.length > 0 && text.includes(event.description));
}

export function isValidNarrative(text: string, events: readonly TurnEvent[]): boolean {
  return text.length >= 50 && wordCount(text) >= 20 && mentionedEvents(text, events).length > 0;
}

/** Brief and narrative token budgets by narrative depth (SPEC section 1). */
export const BRIEF_MAX_TOKENS = [200, 500, 1000, 2000] as const;
export const NARRATIVE_MAX_TOKENS = [300, 800, 1500, 3000] as const;

export const neverAborted = (): AbortSignal => new AbortController().signal;
