import { describe, expect, it } from 'vitest';
import { isValidBrief, mentionsEvent, validateNarrative, wordCount } from '../../../../src-main/engine/orchestrator/rules/text-validation';
import type { TurnEvent } from '../../../../src-shared/domain/turn';

const names = new Map([
  ['al', 'Al'],
  ['bea', 'Bea'],
]);

function event(id: string, overrides: Partial<TurnEvent> = {}): TurnEvent {
  return {
    id,
    type: 'cooperation_success',
    phase: 'event_integration',
    timestampS: 1000,
    spanS: 60,
    participants: ['al', 'bea'],
    description: 'Al and Bea worked together toward the Old Well.',
    interactionId: 'i-1',
    ...overrides,
  };
}

const twentyWords = (text: string) => `${text} ${'word '.repeat(20 - wordCount(text))}`.trim();

describe('brief validation (>= 10 characters and >= 5 words)', () => {
  it('accepts exactly 10 characters in 5 words', () => {
    expect(isValidBrief('a b c d ef')).toBe(true);
  });

  it('rejects 9 characters even with 5 words', () => {
    expect(isValidBrief('a b c d e')).toBe(false);
  });

  it('rejects 4 words however long', () => {
    expect(isValidBrief('extraordinarily long words only')).toBe(false);
    expect(isValidBrief('extraordinarily long words only here')).toBe(true);
  });

  it('does not count surrounding whitespace', () => {
    expect(isValidBrief('   a b c d e   ')).toBe(false);
  });
});

describe('narrative validation (>= 50 characters, >= 20 words, mentions an event)', () => {
  it('accepts 20 words naming both participants of an event', () => {
    const text = twentyWords('Al met Bea by the river and they talked');
    expect(wordCount(text)).toBe(20);
    expect(validateNarrative(text, [event('e1')], names)).toEqual({ valid: true, mentionedEventIds: ['e1'], problems: [] });
  });

  it('rejects 19 words', () => {
    const text = `${twentyWords('Al met Bea by the river and they talked')}`.replace(/ word$/, '');
    expect(validateNarrative(text, [event('e1')], names).problems).toEqual(['narrative has 19 words, needs at least 20']);
  });

  it('rejects fewer than 50 characters', () => {
    const text = 'Al Bea a b c d e f g h i j k l m n o p q r';
    expect(text.length).toBe(42);
    expect(validateNarrative(text, [event('e1')], names).problems).toEqual(['narrative has 42 characters, needs at least 50']);
  });

  it('rejects a narrative that mentions no event of the turn', () => {
    const text = twentyWords('Somebody somewhere did something that nobody will remember');
    expect(validateNarrative(text, [event('e1')], names)).toMatchObject({ valid: false, mentionedEventIds: [] });
  });

  it('counts an event as mentioned when its description is quoted, whatever the case', () => {
    expect(mentionsEvent('Then AL AND BEA WORKED TOGETHER   toward the old well, at last.', event('e1'), names)).toBe(true);
  });

  it('counts an event as mentioned only when every participant is named as a whole word', () => {
    expect(mentionsEvent('Al was there.', event('e1'), names)).toBe(false);
    expect(mentionsEvent('Bea also went, finally.', event('e1'), names)).toBe(false);
    expect(mentionsEvent('Bea, and Al.', event('e1'), names)).toBe(true);
  });

  it('counts an event without participants only by its description', () => {
    const tick = event('e0', { type: 'world_time_advanced', participants: [], description: 'World time advanced by 300 s to 1300 s.' });
    expect(mentionsEvent('Al and Bea rested.', tick, names)).toBe(false);
    expect(mentionsEvent('world time advanced by 300 s to 1300 s', tick, names)).toBe(true);
  });

  it('has nothing to mention in a turn without events', () => {
    expect(validateNarrative(twentyWords('A quiet day passes over the valley and nobody stirs'), [], names).valid).toBe(true);
  });
});
