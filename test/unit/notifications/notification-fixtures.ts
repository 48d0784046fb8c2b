/**
 * Group notifications as the alert engine hands them to delivery (src-main/engine/alerts/notification.ts):
 * a plain builder for examples and a fast-check arbitrary for properties.
 */
import fc from 'fast-check';
import type { GroupNotification, NotifiedAlert } from '../../../src-main/engine/alerts/notification';

export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function notifiedAlert(overrides: Partial<NotifiedAlert> & { name?: string } = {}): NotifiedAlert {
  const { name = 'TurnLatencyHigh', ...rest } = overrides;
  return {
    status: 'firing',
    labels: { alertname: name, severity: 'critical', campaign: 'harbour' },
    annotations: { summary: 'Turn p95 latency is above 10 s', description: 'p95 over 5 min is 12.4 s', runbook: 'turn-latency' },
    startsAt: '2026-03-01T10:00:00.000Z',
    endsAt: ZERO_TIME,
    generatorURL: 'http://127.0.0.1:9464/#/alerts/turn-latency-high',
    fingerprint: 'a1b2c3d4e5f60718',
    ...rest,
  };
}

export function groupNotification(overrides: Partial<GroupNotification> = {}): GroupNotification {
  const alerts = overrides.alerts ?? [notifiedAlert()];
  const status = overrides.status ?? (alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved');
  return {
    receiver: 'ops-webhook',
    status,
    alerts,
    groupLabels: { alertname: alerts[0]?.labels.alertname ?? 'TurnLatencyHigh' },
    commonLabels: alerts[0]?.labels ?? {},
    commonAnnotations: alerts[0]?.annotations ?? {},
    externalURL: 'http://127.0.0.1:9464',
    groupKey: `{}:{alertname="${alerts[0]?.labels.alertname ?? 'TurnLatencyHigh'}"}`,
    truncatedAlerts: 0,
    ...overrides,
  };
}

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/);
const labelSet = fc.dictionary(labelName, fc.string({ maxLength: 60 }), { maxKeys: 6 });
const timestamp = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString());

export const notifiedAlertArbitrary: fc.Arbitrary<NotifiedAlert> = fc
  .record({
    status: fc.constantFrom('firing' as const, 'resolved' as const),
    name: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,30}$/),
    severity: fc.constantFrom('critical', 'warning', 'info', 'page', undefined),
    labels: labelSet,
    annotations: fc.record(
      { summary: fc.string({ minLength: 1, maxLength: 4000 }), description: fc.string({ maxLength: 200 }) },
      { requiredKeys: [] },
    ),
    startsAt: timestamp,
    endsAt: timestamp,
    generatorURL: fc.constantFrom('', 'http://127.0.0.1:9464/#/alerts/x', 'https://console.example.org/alerts/1?x=<y>|z'),
    fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/),
  })
  .map(({ name, severity, labels, ...alert }) => ({
    ...alert,
    labels: { ...labels, alertname: name, ...(severity ? { severity } : {}) },
    endsAt: alert.status === 'firing' ? ZERO_TIME : alert.endsAt,
  }));

export const groupNotificationArbitrary: fc.Arbitrary<GroupNotification> = fc
  .record({
    alerts: fc.array(notifiedAlertArbitrary, { minLength: 1, maxLength: 30 }),
    groupLabels: labelSet,
    truncatedAlerts: fc.nat({ max: 50 }),
    groupKey: fc.oneof(fc.string({ maxLength: 80 }), fc.string({ minLength: 256, maxLength: 400 })),
    receiver: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
  })
  .map(({ alerts, ...rest }) => {
    const first = alerts[0] as NotifiedAlert;
    return {
      ...rest,
      alerts,
      status: alerts.some((alert) => alert.status === 'firing') ? ('firing' as const) : ('resolved' as const),
      commonLabels: Object.fromEntries(
        Object.entries(first.labels).filter(([key, value]) => alerts.every((alert) => alert.labels[key] === value)),
      ),
      commonAnnotations: Object.fromEntries(
        Object.entries(first.annotations).filter(([key, value]) => alerts.every((alert) => alert.annotations[key] === value)),
      ),
      externalURL: 'http://127.0.0.1:9464',
    };
  });
