/**
 * Property: group timing as Alertmanager documents it — a new group waits group_wait before its first
 * notification, later notifications go out only on the group_interval schedule that follows, an alert
 * joining the group is notified at the next flush, an unchanged group is re-sent after repeat_interval,
 * and when everything resolves the receiver gets one resolved notification at the next flush. Random
 * firing times and timings, a real engine on SQLite, dispatch every 5 s on an injected clock.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertFixture, STEP_MS, T0 } from './alert-fixture';

const TICK_MS = 5000;

describe('grouping timing', () => {
  it('follows group_wait, group_interval and repeat_interval', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
        (fireAt, resolveAfter, waitTicks, intervalTicks, repeatExtraTicks) => {
          const fixture = alertFixture();
          try {
            const groupWait = waitTicks * TICK_MS;
            const groupInterval = intervalTicks * TICK_MS;
            const repeatInterval = groupInterval + repeatExtraTicks * TICK_MS;
            const resolveIndex = Math.max(...fireAt) + resolveAfter;
            const t = (i: number) => T0 + i * STEP_MS;
            const values = (i: number) =>
              Object.fromEntries(fireAt.map((at, series) => [`s${series}`, at <= i && i < resolveIndex ? 10 : 1]));
            fixture.gauge(t(0), values(-1));
            fixture.saveRule({
              name: 'Load',
              kind: 'threshold',
              severity: 'warning',
              query: { metric: 'test_gauge', fn: 'last', windowS: 15 },
              comparison: '>',
              threshold: 5,
            });
            fixture.setRoutes({
              route: {
                receiver: 'console',
                groupBy: ['alertname'],
                groupWait: `${groupWait}ms`,
                groupInterval: `${groupInterval}ms`,
                repeatInterval: `${repeatInterval}ms`,
              },
            });
            const end = t(resolveIndex) + 2 * groupInterval + groupWait + 60_000;
            for (let at = T0; at <= end; at += TICK_MS) {
              if ((at - T0) % STEP_MS === 0) {
                fixture.gauge(at, values((at - T0) / STEP_MS));
                fixture.engine.tick(at);
              } else {
                fixture.engine.dispatch(at);
              }
            }
            const sent = fixture.engine.store.notificationsAfter(0, 1000);
            const created = t(Math.min(...fireAt));
            const resolvedAt = t(resolveIndex);
            const flushAtOrAfter = (x: number) => {
              const first = created + groupWait;
              return x <= first ? first : first + Math.ceil((x - first) / groupInterval) * groupInterval;
            };
            const ids = fireAt.map((_, series) => series);

            if (resolvedAt <= created + groupWait) {
              expect(sent).toEqual([]);
              return;
            }
            expect(sent[0]?.at).toBe(created + groupWait);
            expect(sent[0]?.status).toBe('firing');
            for (const notification of sent) expect((notification.at - created - groupWait) % groupInterval).toBe(0);
            expect(new Set(sent.map((notification) => notification.idempotencyKey)).size).toBe(sent.length);

            const fingerprints = (notification: (typeof sent)[number], status: 'firing' | 'resolved') =>
              (notification.payload as { alerts: { status: string; labels: Record<string, string> }[] }).alerts
                .filter((alert) => alert.status === status)
                .map((alert) => alert.labels.series)
                .sort();
            // Each alert is notified as firing at the first flush after it fired (if that is before the resolve).
            for (const series of ids) {
              const point = flushAtOrAfter(t(fireAt[series] as number));
              if (point >= resolvedAt) continue;
              const at = sent.find((notification) => notification.at === point);
              expect(at && fingerprints(at, 'firing')).toContain(`s${series}`);
            }
            // One resolved notification, at the first flush after everything resolved, and nothing after it.
            const last = sent[sent.length - 1];
            expect(last?.at).toBe(flushAtOrAfter(resolvedAt));
            expect(last?.status).toBe('resolved');
            expect(last && fingerprints(last, 'resolved')).toEqual(ids.map((series) => `s${series}`).sort());
            // Unchanged groups repeat exactly on the first flush after repeat_interval, never earlier.
            const firingOnes = sent.filter((notification) => notification.status === 'firing');
            for (let index = 1; index < firingOnes.length; index += 1) {
              const before = firingOnes[index - 1] as (typeof sent)[number];
              const after = firingOnes[index] as (typeof sent)[number];
              if (JSON.stringify(before.firing) === JSON.stringify(after.firing)) {
                expect(after.kind).toBe('repeat');
                expect(after.at).toBe(flushAtOrAfter(before.at + repeatInterval));
              } else {
                expect(after.kind).toBe('notify');
              }
            }
            const lastFiring = firingOnes[firingOnes.length - 1] as (typeof sent)[number];
            const changesAfter = fireAt.some((at) => t(at) > lastFiring.at && t(at) < resolvedAt);
            if (!changesAfter) expect(flushAtOrAfter(lastFiring.at + repeatInterval)).toBeGreaterThanOrEqual(flushAtOrAfter(resolvedAt));
          } finally {
            fixture.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
