import { describe, expect, it } from 'vitest';
import { appendProgress, EMPTY_PROGRESS_LOG } from '../../../../../../src-renderer/src/pages/turns/live/progress-log';
import type { TurnProgress } from '../../../../../../src-shared/domain/turn';

function event(turnId: string, at: string, message = 'm'): TurnProgress {
  return {
    turnId,
    campaignId: 'c',
    number: 1,
    phase: null,
    phaseStatus: null,
    overallStatus: 'running',
    completion: 0,
    totalAiCost: 0,
    compensation: null,
    message,
    at,
  };
}

describe('appendProgress', () => {
  it('keeps a repeated event once (the stream replays its latest event on reconnect)', () => {
    const once = appendProgress(EMPTY_PROGRESS_LOG, event('a', '2026-01-01T00:00:01.000Z'), 10);
    const twice = appendProgress(once, event('a', '2026-01-01T00:00:01.000Z'), 10);
    expect(twice).toBe(once);
    expect(twice.byTurn.a).toHaveLength(1);
  });

  it('keeps events in time order when one arrives late', () => {
    let log = appendProgress(EMPTY_PROGRESS_LOG, event('a', '2026-01-01T00:00:03.000Z', 'third'), 10);
    log = appendProgress(log, event('a', '2026-01-01T00:00:01.000Z', 'first'), 10);
    log = appendProgress(log, event('a', '2026-01-01T00:00:02.000Z', 'second'), 10);
    expect(log.byTurn.a?.map((e) => e.message)).toEqual(['first', 'second', 'third']);
  });

  it('drops the least recently updated turn beyond the limit', () => {
    let log = appendProgress(EMPTY_PROGRESS_LOG, event('a', '2026-01-01T00:00:01.000Z'), 2);
    log = appendProgress(log, event('b', '2026-01-01T00:00:02.000Z'), 2);
    log = appendProgress(log, event('a', '2026-01-01T00:00:03.000Z'), 2);
    log = appendProgress(log, event('c', '2026-01-01T00:00:04.000Z'), 2);
    expect(Object.keys(log.byTurn).sort()).toEqual(['a', 'c']);
    expect(log.order).toEqual(['a', 'c']);
  });
});
