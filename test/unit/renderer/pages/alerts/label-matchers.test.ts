import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMatchers,
  matchersFromLabels,
  matchesAll,
  matchesEverything,
  parseMatchers,
} from '../../../../../src-renderer/src/pages/alerts/label-matchers';

describe('label matchers as typed in the alert filter', () => {
  it('parses a Prometheus selector with every operator, quoted or bare', () => {
    expect(parseMatchers('{severity="critical", participants_range=~"4-5|6-10", provider!=sim, model!~\'gpt.*\'}')).toEqual({
      matchers: [
        { label: 'severity', op: '=', value: 'critical' },
        { label: 'participants_range', op: '=~', value: '4-5|6-10' },
        { label: 'provider', op: '!=', value: 'sim' },
        { label: 'model', op: '!~', value: 'gpt.*' },
      ],
    });
  });

  it('reads empty text as no matchers and says what is wrong otherwise', () => {
    expect(parseMatchers('  ')).toEqual({ matchers: [] });
    expect(parseMatchers('{}')).toEqual({ matchers: [] });
    expect(parseMatchers('{severity="critical"')).toHaveProperty('error');
    expect(parseMatchers('9lives="x"')).toHaveProperty('error');
    expect(parseMatchers('job=~"(unclosed"')).toEqual({ error: '“(unclosed” is not a valid regular expression' });
  });

  it('round-trips any matchers through their text', () => {
    const matcher = fc.record({
      label: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,10}$/),
      op: fc.constantFrom('=' as const, '!=' as const),
      value: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(matcher, { maxLength: 5 }), (matchers) => {
        expect(parseMatchers(formatMatchers(matchers))).toEqual({ matchers });
      }),
    );
  });

  it('matches as the engine does: anchored regular expressions, a missing label reads as empty', () => {
    const labels = { alertname: 'TurnFailureRateHigh', severity: 'warning' };
    expect(matchesAll([{ label: 'alertname', op: '=~', value: 'TurnFailure.*' }], labels)).toBe(true);
    expect(matchesAll([{ label: 'alertname', op: '=~', value: 'Failure' }], labels)).toBe(false);
    expect(matchesAll([{ label: 'team', op: '=', value: '' }], labels)).toBe(true);
    expect(matchesAll([{ label: 'severity', op: '!~', value: 'critical|warning' }], labels)).toBe(false);
  });

  it('flags matchers that would mute every alert', () => {
    expect(matchesEverything([{ label: 'team', op: '=~', value: '.*' }])).toBe(true);
    expect(matchesEverything([{ label: 'alertname', op: '=', value: 'X' }])).toBe(false);
  });

  it('prefills a silence from an alert with alertname first', () => {
    expect(matchersFromLabels({ severity: 'warning', zone: 'a', alertname: 'X' }).map((matcher) => matcher.label)).toEqual([
      'alertname',
      'severity',
      'zone',
    ]);
  });
});
