import { describe, expect, it } from 'vitest';
import { emptyOutputText } from '../../../../../../src-renderer/src/pages/turns/result/empty-output';

describe('emptyOutputText', () => {
  it('says why a card is empty from the state of the phase that fills it', () => {
    expect(emptyOutputText('interactions', 'running')).toBe('Interactions appear when the interaction phase succeeds.');
    expect(emptyOutputText('narrative', 'pending')).toBe('The narrative appears when the narrative phase succeeds.');
    expect(emptyOutputText('briefs', 'failed')).toBe('The subjective brief phase failed, so nothing was committed.');
    expect(emptyOutputText('interactions', 'not_run')).toBe('The turn ended before the interaction phase.');
    expect(emptyOutputText('narrative', 'skipped')).toBe('The narrative phase was disabled for this turn.');
    expect(emptyOutputText('interactions', 'succeeded')).toBe('No interactions: no two participants were close enough.');
  });
});
