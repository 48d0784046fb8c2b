import { describe, expect, it } from 'vitest';
import { PHASE_TABLE } from '../../../../src-main/engine/orchestrator/phases';
import { PHASES } from '../../../../src-shared/domain/turn-configuration';

describe('PHASE_TABLE', () => {
  it('has the five phases of SPEC, in order', () => {
    expect(Object.keys(PHASE_TABLE)).toEqual([...PHASES]);
    for (const phase of PHASES) expect(typeof PHASE_TABLE[phase]).toBe('function');
  });
});
