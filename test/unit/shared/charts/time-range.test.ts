import { describe, expect, it } from 'vitest';
import { defaultRefreshMs, parseCustomRange, resolveRange, stepFor, toLocalInput } from '../../../../src-shared/charts/time-range';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('time ranges', () => {
  it('ends a preset at now and keeps a custom range fixed', () => {
    expect(resolveRange({ kind: 'preset', preset: '6h' }, NOW)).toEqual({ startMs: NOW - 6 * 3_600_000, endMs: NOW });
    expect(resolveRange({ kind: 'custom', startMs: 1, endMs: 2 }, NOW)).toEqual({ startMs: 1, endMs: 2 });
  });

  it('asks for at most ~480 points, never finer than the recorder’s 15 s', () => {
    const step = (seconds: number) => stepFor({ startMs: 0, endMs: seconds * 1000 });
    expect(step(900)).toBe(15);
    expect(step(3600)).toBe(15);
    expect(step(6 * 3600)).toBe(60);
    expect(step(86_400)).toBe(300);
    expect(step(7 * 86_400)).toBe(1800);
    for (const seconds of [900, 3600, 21_600, 86_400, 604_800, 90 * 86_400]) expect(seconds / step(seconds)).toBeLessThanOrEqual(480);
  });

  it('checks a custom range and names what is wrong', () => {
    const local = (ms: number) => toLocalInput(ms);
    expect(parseCustomRange(local(NOW - 3_600_000), local(NOW), NOW)).toMatchObject({ ok: true, choice: { kind: 'custom' } });
    expect(parseCustomRange('', local(NOW), NOW)).toEqual({ ok: false, error: 'Enter a start date and time.' });
    expect(parseCustomRange(local(NOW), local(NOW - 60_000), NOW)).toEqual({ ok: false, error: 'The end must come after the start.' });
    expect(parseCustomRange(local(NOW + 3_600_000), local(NOW + 7_200_000), NOW)).toMatchObject({ ok: false });
    expect(parseCustomRange(local(NOW - 100 * 86_400_000), local(NOW), NOW)).toMatchObject({
      ok: false,
      error: expect.stringContaining('90 days'),
    });
  });

  it('opens a dashboard on the auto-refresh choice nearest its definition, never off', () => {
    expect(defaultRefreshMs(30)).toBe(30_000);
    expect(defaultRefreshMs(60)).toBe(60_000);
    expect(defaultRefreshMs(5)).toBe(10_000);
    expect(defaultRefreshMs(3600)).toBe(300_000);
    expect(defaultRefreshMs(40)).toBe(30_000);
  });

  it('writes a datetime-local value in local time', () => {
    const at = new Date(2026, 0, 2, 3, 4).getTime();
    expect(toLocalInput(at)).toBe('2026-01-02T03:04');
    expect(Date.parse(toLocalInput(at))).toBe(at);
  });
});
