/**
 * The PagerDuty channel: an alert event of the Events API v2 (developer.pagerduty.com, "Send an Alert
 * Event"): `trigger` while the group fires, `resolve` once it is resolved, both under dedup_key = the group
 * key (hashed when longer than PagerDuty's 255 characters), so PagerDuty keeps one alert per group and a
 * re-sent event lands on it instead of opening another.
 */
import { createHash } from 'node:crypto';
import type { PagerDutySecret, PagerDutySettings } from '../../../../src-shared/domain/notifications';
import type { GroupNotification } from '../../alerts/notification';
import { clip, countByStatus, groupSeverity, groupSummary, groupTitle } from './group-summary';
import { postJson } from './http-post';

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp?: string;
    class?: string;
    custom_details: Record<string, unknown>;
  };
  client?: string;
  client_url?: string;
  links?: Array<{ href: string; text: string }>;
}

/** PagerDuty's dedup_key is at most 255 characters; longer group keys are replaced by their SHA-256. */
export function pagerDutyDedupKey(groupKey: string): string {
  return groupKey.length <= 255 ? groupKey : createHash('sha256').update(groupKey).digest('hex');
}

/** critical, warning and info map to themselves; anything else is PagerDuty's "error" (as Alertmanager does). */
export function pagerDutySeverity(notification: GroupNotification): PagerDutySeverity {
  return groupSeverity(notification) ?? 'error';
}

export function pagerDutyEvent(
  notification: GroupNotification,
  routingKey: string,
  settings: Pick<PagerDutySettings, 'source'>,
): PagerDutyEvent {
  const dedupKey = pagerDutyDedupKey(notification.groupKey);
  if (notification.status === 'resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const summary = groupSummary(notification);
  const { firing, resolved } = countByStatus(notification.alerts);
  const event: PagerDutyEvent = {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: clip(`${groupTitle(notification)}${summary ? `: ${summary}` : ''}`, 1024),
      source: settings.source,
      severity: pagerDutySeverity(notification),
      ...(notification.alerts[0] ? { timestamp: notification.alerts[0].startsAt } : {}),
      ...(notification.commonLabels.alertname ? { class: notification.commonLabels.alertname } : {}),
      custom_details: {
        firing,
        resolved,
        truncatedAlerts: notification.truncatedAlerts,
        groupLabels: notification.groupLabels,
        commonLabels: notification.commonLabels,
        commonAnnotations: notification.commonAnnotations,
        alerts: notification.alerts.slice(0, 20).map((alert) => ({
          status: alert.status,
          labels: alert.labels,
          annotations: alert.annotations,
          startsAt: alert.startsAt,
          generatorURL: alert.generatorURL,
        })),
      },
    },
    client: 'Novel Engine Console',
  };
  if (/^https?:\/\//.test(notification.externalURL)) event.client_url = notification.externalURL;
  const links = notification.alerts
    .filter((alert) => /^https?:\/\//.test(alert.generatorURL))
    .slice(0, 5)
    .map((alert) => ({ href: alert.generatorURL, text: alert.labels.alertname ?? 'alert' }));
  if (links.length > 0) event.links = links;
  return event;
}

export async function sendPagerDuty(
  notification: GroupNotification,
  settings: PagerDutySettings,
  secret: PagerDutySecret,
  context: { idempotencyKey: string; signal: AbortSignal },
): Promise<void> {
  // 202 {status:"success", dedup_key} when accepted; 400 is a refused event (permanent), 429 and 5xx are retried.
  await postJson({
    url: settings.url,
    body: pagerDutyEvent(notification, secret.routingKey, settings),
    idempotencyKey: context.idempotencyKey,
    timeoutMs: settings.timeoutMs,
    signal: context.signal,
  });
}
