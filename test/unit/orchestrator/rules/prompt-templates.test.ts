import { describe, expect, it } from 'vitest';
import { briefMessages, narrativeMessages } from '../../../../src-main/engine/orchestrator/rules/prompt-templates';
import { makeAgent, makeWorld } from '../fixtures';

const memories = Array.from({ length: 12 }, (_, index) => `m${index + 1}`);
const ada = makeAgent('ada', {
  name: 'Ada',
  role: 'scout',
  goals: [{ type: 'exclusive', target: 'crown' }],
  resources: { stamina: { value: 40, max: 100, regenPerS: 0.1 } },
  inventory: ['rope'],
  relationships: { bo: 0.25 },
  memories,
});
const world = makeWorld([ada, makeAgent('bo', { name: 'Bo', position: { x: 10, y: 0 } })]);
const userPrompt = (depth: Parameters<typeof briefMessages>[2]) => briefMessages(ada, world, depth).at(-1)?.content ?? '';

describe('brief prompt templates by depth', () => {
  it('gives every depth the character, goals and weather', () => {
    for (const depth of ['basic', 'standard', 'detailed', 'comprehensive'] as const) {
      expect(userPrompt(depth)).toContain('Character: Ada, scout.');
      expect(userPrompt(depth)).toContain('Goals: claim the Iron Crown (exclusive).');
      expect(userPrompt(depth)).toContain('weather: clear');
    }
  });

  it('adds resources from standard, the neighbourhood from detailed and relationships at comprehensive', () => {
    expect(userPrompt('basic')).not.toContain('Resources:');
    expect(userPrompt('standard')).toContain('Resources: stamina 40/100.');
    expect(userPrompt('standard')).not.toContain('Nearby:');
    expect(userPrompt('detailed')).toContain('Nearby: Bo.');
    expect(userPrompt('detailed')).toContain('Inventory: rope; needs: nothing.');
    expect(userPrompt('detailed')).not.toContain('Relationships:');
    expect(userPrompt('comprehensive')).toContain('Relationships: Bo 0.25.');
  });

  it('includes 1, 3, 5 and 10 of the latest memories by depth', () => {
    expect(userPrompt('basic')).toContain('Recent memories: m12.');
    expect(userPrompt('standard')).toContain('Recent memories: m10 | m11 | m12.');
    expect(userPrompt('detailed')).toContain('Recent memories: m8 | m9 | m10 | m11 | m12.');
    expect(userPrompt('comprehensive')).toContain('Recent memories: m3 | m4 |');
  });
});

describe('narrative prompt template', () => {
  it('lists the events of the turn with their participants by name', () => {
    const messages = narrativeMessages(
      world,
      [
        {
          id: 'e1',
          type: 'cooperation_success',
          phase: 'event_integration',
          timestampS: 1300,
          spanS: 300,
          participants: ['ada', 'bo'],
          description: 'Ada and Bo worked together toward the Old Well.',
          interactionId: 'i1',
        },
      ],
      'standard',
      3,
    );
    expect(messages.at(-1)?.content).toContain(
      '- [cooperation_success] Ada and Bo worked together toward the Old Well. (participants: Ada, Bo)',
    );
    expect(messages.at(-1)?.content).toContain('Turn 3;');
  });
});
