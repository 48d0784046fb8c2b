/**
 * The synthetic notification "send test" pushes through a channel: one firing info alert named
 * NovelConsoleTestNotification, shaped exactly like the alert engine's group notifications.
 */
import { createHash } from 'node:crypto';
import type { GroupNotification } from '../alerts/notification';
import type { StoredChannel } from './channel-repository';

export const TEST_ALERT_NAME = 'NovelConsoleTestNotification';

export function testNotification(channel: StoredChannel, actor: string, at: number): GroupNotification {
  const labels = { alertname: TEST_ALERT_NAME, severity: 'info', channel: channel.id };
  const annotations = {
    summary: 'Test notification from Novel Engine Console',
    description: `Sent with "send test" by ${actor} to check the ${channel.kind} channel "${channel.name}"; no action is needed.`,
  };
  const fingerprint = createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16);
  return {
    receiver: channel.id,
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations,
        startsAt: new Date(at).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: '',
        fingerprint,
      },
    ],
    groupLabels: { alertname: TEST_ALERT_NAME },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: '',
    groupKey: `{}:{alertname="${TEST_ALERT_NAME}"}`,
    truncatedAlerts: 0,
  };
}
