/**
 * What each channel sends, for any group notification the alert engine may hand over: the body fits the
 * receiving service's documented shape (documented-shapes.ts), and says what a person on the other end
 * needs — firing or resolved, which alert, how severe — in the form each service expects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postableAlerts, RESEND_VALIDITY_PERIODS } from '../../../src-main/engine/notifications/channels/alertmanager';
import { desktopNotification } from '../../../src-main/engine/notifications/channels/desktop';
import { groupTitle } from '../../../src-main/engine/notifications/channels/group-summary';
import { pagerDutyDedupKey, pagerDutyEvent } from '../../../src-main/engine/notifications/channels/pagerduty';
import { slackMessage } from '../../../src-main/engine/notifications/channels/slack';
import { webhookPayload } from '../../../src-main/engine/notifications/channels/webhook';
import { PagerDutyAlertEvent, PostableAlerts, SlackMessage, WebhookPayloadV4 } from './documented-shapes';
import { groupNotification, groupNotificationArbitrary, notifiedAlert, ZERO_TIME } from './notification-fixtures';

describe('webhook channel payload', () => {
  it('is exactly Alertmanager webhook v4 for any group, with every alert carried over unchanged', () => {
    fc.assert(
      fc.property(groupNotificationArbitrary, (notification) => {
        const payload = webhookPayload(notification);
        expect(WebhookPayloadV4.parse(payload)).toEqual(payload);
        expect(payload.alerts).toEqual(notification.alerts);
        expect(payload).toMatchObject({
          version: '4',
          groupKey: notification.groupKey,
          receiver: notification.receiver,
          status: notification.status,
        });
      }),
    );
  });

  it('counts alerts cut by maxAlerts in truncatedAlerts, as max_alerts does', () => {
    fc.assert(
      fc.property(groupNotificationArbitrary, fc.integer({ min: 1, max: 10 }), (notification, maxAlerts) => {
        const payload = webhookPayload(notification, maxAlerts);
        expect(payload.alerts.length).toBe(Math.min(maxAlerts, notification.alerts.length));
        expect(payload.truncatedAlerts + payload.alerts.length).toBe(notification.truncatedAlerts + notification.alerts.length);
      }),
    );
  });
});

describe('Alertmanager channel payload', () => {
  it('is a valid postableAlerts body; firing alerts stay valid for 4 re-send periods, resolved ones carry their end', () => {
    fc.assert(
      fc.property(groupNotificationArbitrary, fc.integer({ min: 1000, max: 600_000 }), (notification, periodMs) => {
        const now = Date.UTC(2026, 2, 1, 12);
        const body = postableAlerts(notification.alerts, now, periodMs);
        PostableAlerts.parse(body);
        body.forEach((posted, index) => {
          const alert = notification.alerts[index]!;
          expect(posted.labels).toEqual(alert.labels);
          expect(posted.endsAt).toBe(
            alert.status === 'firing' ? new Date(now + RESEND_VALIDITY_PERIODS * periodMs).toISOString() : alert.endsAt,
          );
          expect(posted.endsAt).not.toBe(ZERO_TIME);
        });
      }),
    );
  });
});

describe('PagerDuty channel payload', () => {
  it('is a documented Events API v2 alert event: trigger while firing, resolve once resolved, deduplicated by group', () => {
    fc.assert(
      fc.property(groupNotificationArbitrary, (notification) => {
        const event = pagerDutyEvent(notification, 'R0UTINGKEY', { source: 'novel-engine-console' });
        PagerDutyAlertEvent.parse(event);
        expect(event.event_action).toBe(notification.status === 'firing' ? 'trigger' : 'resolve');
        expect(event.dedup_key).toBe(pagerDutyDedupKey(notification.groupKey));
        expect(event.dedup_key.length).toBeLessThanOrEqual(255);
        if (notification.groupKey.length <= 255) expect(event.dedup_key).toBe(notification.groupKey);
      }),
    );
  });

  it('maps critical, warning and info to PagerDuty severities, and anything else to error', () => {
    const severityOf = (severity: string) =>
      pagerDutyEvent(
        groupNotification({
          alerts: [notifiedAlert({ labels: { alertname: 'X', severity } })],
          commonLabels: { alertname: 'X', severity },
        }),
        'k',
        {
          source: 's',
        },
      ).payload?.severity;
    expect(severityOf('critical')).toBe('critical');
    expect(severityOf('warning')).toBe('warning');
    expect(severityOf('info')).toBe('info');
    expect(severityOf('page')).toBe('error');
  });
});

describe('Slack channel payload', () => {
  it('fits Block Kit limits for any group and says firing or resolved with the alert name', () => {
    fc.assert(
      fc.property(groupNotificationArbitrary, fc.integer({ min: 1, max: 20 }), (notification, maxAlerts) => {
        const message = slackMessage(notification, { maxAlerts });
        SlackMessage.parse(message);
        expect(message.text.startsWith(groupTitle(notification).slice(0, 100))).toBe(true);
        expect(message.attachments[0]?.color).toBe(notification.status === 'firing' ? '#d63232' : '#2eb67d');
      }),
    );
  });

  it('lists the first alerts and counts the rest', () => {
    const alerts = Array.from({ length: 14 }, (_, index) =>
      notifiedAlert({ fingerprint: `f${index}`, labels: { alertname: 'AgentQuarantined', agent: `agent-${index}` } }),
    );
    const message = slackMessage(groupNotification({ alerts, truncatedAlerts: 2 }), { maxAlerts: 10 });
    const blocks = message.attachments[0]?.blocks ?? [];
    expect(blocks.filter((block) => block.type === 'section')).toHaveLength(10);
    expect(JSON.stringify(blocks.at(-1))).toContain('and 6 more');
    expect(message.text).toContain('[FIRING:16] AgentQuarantined');
  });

  it('escapes text so an annotation cannot inject Slack links or mentions', () => {
    const alert = notifiedAlert({ annotations: { summary: '<!channel> & <http://evil|click>' } });
    const message = slackMessage(groupNotification({ alerts: [alert] }), { maxAlerts: 10 });
    const rendered = JSON.stringify(message.blocks);
    expect(rendered).toContain('&lt;!channel&gt; &amp; &lt;http://evil|click&gt;');
    expect(rendered).not.toContain('<!channel>');
  });
});

describe('desktop channel notification', () => {
  it('titles the notification like Alertmanager and keeps critical firing alerts on screen', () => {
    const firing = desktopNotification(groupNotification());
    expect(firing).toMatchObject({ title: '[FIRING:1] TurnLatencyHigh', body: 'Turn p95 latency is above 10 s', urgency: 'critical' });
    const resolved = desktopNotification(
      groupNotification({ alerts: [notifiedAlert({ status: 'resolved', endsAt: '2026-03-01T10:05:00.000Z' })] }),
    );
    expect(resolved).toMatchObject({ title: '[RESOLVED] TurnLatencyHigh', urgency: 'low' });
  });
});
