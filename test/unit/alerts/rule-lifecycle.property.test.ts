/**
 * Property (seed 004 / issue 6): a rule over its threshold fires once the condition has held for `for`,
 * and resolves when the condition clears — or, with keep_firing_for, once it has stayed clear that long.
 * Random condition timelines (over, under, or the series absent) against a real engine and a real SQLite
 * metrics history, evaluated every 15 s on an injected clock; every state change is stored as a transition.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertFixture, STEP_MS, T0 } from './alert-fixture';

type Cond = 'over' | 'under' | 'absent';

/** Start of the run of evaluations ending at i for which `test` holds (null if it does not hold at i). */
function runStart(conds: readonly Cond[], i: number, test: (cond: Cond) => boolean): number | null {
  if (!test(conds[i] as Cond)) return null;
  let k = i;
  while (k > 0 && test(conds[k - 1] as Cond)) k -= 1;
  return k;
}

describe('alert lifecycle', () => {
  it('fires after `for` and resolves when the condition clears, honouring keep_firing_for', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Cond>('over', 'under', 'absent'), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 150 }),
        (tail, forS, keepS) => {
          const conds: Cond[] = ['under', ...tail];
          const fixture = alertFixture();
          try {
            const t = (i: number) => T0 + i * STEP_MS;
            fixture.gauge(t(0), { a: 1 });
            fixture.saveRule({
              name: 'GaugeHigh',
              kind: 'threshold',
              severity: 'warning',
              query: { metric: 'test_gauge', fn: 'last', windowS: 15 },
              comparison: '>',
              threshold: 5,
              for: `${forS}s`,
              keepFiringFor: `${keepS}s`,
            });
            const states: string[] = [];
            for (let i = 0; i < conds.length; i += 1) {
              const cond = conds[i] as Cond;
              if (i > 0) fixture.gauge(t(i), { a: cond === 'absent' ? null : cond === 'over' ? 10 : 1 });
              fixture.engine.evaluate(t(i));
              const alert = fixture.engine.listAlerts({
                states: ['inactive', 'pending', 'firing', 'resolved'],
                matchers: [],
                limit: 10,
                offset: 0,
              }).alerts[0];
              states.push(alert?.state ?? 'none');
            }

            const holds = (cond: Cond) => cond === 'over';
            const heldLongEnough = (i: number) => {
              const k = runStart(conds, i, holds);
              return k !== null && t(i) - t(k) >= forS * 1000;
            };
            const fire = conds.findIndex((_, i) => heldLongEnough(i));
            for (let i = 0; i < (fire < 0 ? conds.length : fire); i += 1) {
              // Before it first fires: pending exactly while the condition holds.
              expect(states[i]).toBe(holds(conds[i] as Cond) ? 'pending' : i === 0 || states[i - 1] === 'none' ? 'none' : 'inactive');
            }
            if (fire < 0) return;
            expect(states[fire]).toBe('firing');
            const clearedLongEnough = (i: number) => {
              const k = runStart(conds, i, (cond) => !holds(cond));
              return k !== null && t(i) - t(k) >= keepS * 1000;
            };
            let resolve = -1;
            for (let i = fire + 1; i < conds.length; i += 1) {
              if (clearedLongEnough(i)) {
                resolve = i;
                break;
              }
            }
            for (let i = fire; i < (resolve < 0 ? conds.length : resolve); i += 1) expect(states[i]).toBe('firing');
            if (resolve >= 0) expect(states[resolve]).toBe('resolved');

            // Every observed change of state is a stored transition, in order.
            const fingerprint = fixture.engine.listAlerts({
              states: ['inactive', 'pending', 'firing', 'resolved'],
              matchers: [],
              limit: 1,
              offset: 0,
            }).alerts[0]?.fingerprint as string;
            const stored = fixture.engine.getAlert(fingerprint, 1).transitions.map((transition) => `${transition.from}>${transition.to}`);
            const observed: string[] = [];
            let previous = 'inactive';
            for (const state of states) {
              const now = state === 'none' ? 'inactive' : state;
              if (now !== previous) observed.push(`${previous}>${now}`);
              previous = now;
            }
            expect(stored).toEqual(observed);
          } finally {
            fixture.close();
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('stamps every evaluation on the alert, also while its state stays the same', () => {
    const fixture = alertFixture();
    try {
      const t = (i: number) => T0 + i * STEP_MS;
      fixture.gauge(t(0), { a: 10 });
      fixture.saveRule({
        name: 'GaugeHigh',
        kind: 'threshold',
        severity: 'warning',
        query: { metric: 'test_gauge', fn: 'last', windowS: 15 },
        comparison: '>',
        threshold: 5,
        for: '15s',
      });
      for (let i = 0; i < 6; i += 1) {
        if (i > 0) fixture.gauge(t(i), { a: 10 });
        fixture.engine.evaluate(t(i));
      }
      const alert = fixture.engine.listAlerts({ states: ['firing'], matchers: [], limit: 10, offset: 0 }).alerts[0];
      expect(alert?.state).toBe('firing');
      expect(alert?.lastEvaluatedAt).toBe(new Date(t(5)).toISOString());
    } finally {
      fixture.close();
    }
  });
});
