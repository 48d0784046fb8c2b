/**
 * Properties of silences and inhibition (Alertmanager semantics): an alert is silenced exactly when an
 * active silence's matchers all match its labels (a missing label is ""; regexes are anchored), never by
 * a pending or expired one; a warning is inhibited exactly when a firing critical alert with the same
 * alertname exists — never by itself, never by a pending one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMutes } from '../../../src-main/engine/alerts/alert-mutes';
import type { AlertRecord } from '../../../src-main/engine/alerts/alert-store';
import { validateSilenceMatchers } from '../../../src-main/engine/alerts/silences';
import type { LabelMatcher } from '../../../src-shared/domain/alerts';

const NOW = 1_000_000;
const NAMES = ['Alpha', 'Beta', 'Gamma'];
const SERVICES = ['api', 'worker', 'db', ''];

const arbitraryAlert = fc.record({
  alertname: fc.constantFrom(...NAMES),
  severity: fc.constantFrom('critical', 'warning', 'info'),
  service: fc.constantFrom(...SERVICES),
  state: fc.constantFrom('pending', 'firing'),
});

const arbitraryMatcher = fc.record({
  label: fc.constantFrom('alertname', 'severity', 'service'),
  op: fc.constantFrom<LabelMatcher['op']>('=', '!=', '=~', '!~'),
  value: fc.constantFrom('Alpha', 'Beta', 'api', 'worker', '', 'A.*', 'api|db', 'critical', '.+'),
});

const arbitrarySilence = fc.record({
  matchers: fc.array(arbitraryMatcher, { minLength: 1, maxLength: 3 }),
  startOffset: fc.integer({ min: -1000, max: 1000 }),
  length: fc.integer({ min: 1, max: 2000 }),
});

/** The matcher as the Alertmanager docs define it, written out independently. */
function matches(matcher: LabelMatcher, labels: Record<string, string>): boolean {
  const value = labels[matcher.label] ?? '';
  const full = new RegExp(`^(?:${matcher.value})$`);
  switch (matcher.op) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return full.test(value);
    case '!~':
      return !full.test(value);
  }
}

function record(index: number, alert: { alertname: string; severity: string; service: string; state: string }): AlertRecord {
  const labels: Record<string, string> = { alertname: alert.alertname, severity: alert.severity };
  if (alert.service) labels.service = alert.service;
  return {
    fingerprint: `f${index}`,
    ruleName: alert.alertname,
    labels,
    annotations: {},
    severity: alert.severity as AlertRecord['severity'],
    state: alert.state as AlertRecord['state'],
    episode: 1,
    activeAt: 0,
    firedAt: alert.state === 'firing' ? 0 : null,
    resolvedAt: null,
    since: 0,
    keepFiringSince: null,
    value: 1,
    lastEvaluatedAt: 0,
    ack: null,
    escalatedAt: null,
    escalationReceiver: null,
    escalationGroup: null,
    escalationClosed: false,
  };
}

const DEFAULT_INHIBITION = [
  {
    sourceMatchers: [{ label: 'severity', op: '=' as const, value: 'critical' }],
    targetMatchers: [{ label: 'severity', op: '=' as const, value: 'warning' }],
    equal: ['alertname'],
  },
];

describe('silences and inhibition', () => {
  it('mute exactly the alerts they should', () => {
    fc.assert(
      fc.property(fc.array(arbitraryAlert, { maxLength: 12 }), fc.array(arbitrarySilence, { maxLength: 4 }), (rawAlerts, rawSilences) => {
        const alerts = rawAlerts.map((alert, index) => record(index, alert));
        const silences = rawSilences.map((silence, index) => ({
          id: `s${index}`,
          matchers: silence.matchers,
          startsAt: NOW + silence.startOffset,
          endsAt: NOW + silence.startOffset + silence.length,
          createdBy: 'sre',
          comment: 'test',
          createdAt: 0,
          updatedAt: 0,
        }));
        const mutes = computeMutes(alerts, silences, DEFAULT_INHIBITION, NOW);
        for (const alert of alerts) {
          const expectedSilences = silences
            .filter((silence) => silence.startsAt <= NOW && NOW < silence.endsAt)
            .filter((silence) => silence.matchers.every((matcher) => matches(matcher, alert.labels)))
            .map((silence) => silence.id);
          expect(mutes.silencedBy(alert.fingerprint)).toEqual(expectedSilences);
          const inhibitors = alerts
            .filter(
              (other) =>
                other.fingerprint !== alert.fingerprint &&
                other.state === 'firing' &&
                other.labels.severity === 'critical' &&
                other.labels.alertname === alert.labels.alertname,
            )
            .map((other) => other.fingerprint);
          expect(mutes.inhibitedBy(alert.fingerprint)).toEqual(alert.labels.severity === 'warning' ? inhibitors : []);
          expect(mutes.isMuted(alert.fingerprint)).toBe(
            expectedSilences.length > 0 || (alert.labels.severity === 'warning' && inhibitors.length > 0),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a silence whose matchers all match an empty label (it would mute everything)', () => {
    expect(() => validateSilenceMatchers([{ label: 'service', op: '=~', value: '.*' }])).toThrow(/would mute every alert/);
    expect(() => validateSilenceMatchers([{ label: 'service', op: '!=', value: 'api' }])).toThrow(/would mute every alert/);
    expect(() => validateSilenceMatchers([{ label: 'service', op: '=~', value: '(' }])).toThrow(/invalid regular expression/);
    expect(() =>
      validateSilenceMatchers([
        { label: 'service', op: '!=', value: 'api' },
        { label: 'alertname', op: '=', value: 'X' },
      ]),
    ).not.toThrow();
  });
});
