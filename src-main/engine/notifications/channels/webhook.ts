/**
 * The generic webhook channel: POSTs exactly Alertmanager's webhook payload, version 4 (docs:
 * prometheus.io/docs/alerting/latest/configuration/#webhook_config), with the idempotency key in the
 * `Idempotency-Key` header, to the URL kept in the keychain (it often carries a token), with optional basic
 * auth or a bearer token.
 */
import type { WebhookSecret, WebhookSettings } from '../../../../src-shared/domain/notifications';
import type { GroupNotification, NotifiedAlert } from '../../alerts/notification';
import { authorizationHeader, postJson } from './http-post';

/** Alertmanager's webhook body, field for field. */
export interface WebhookPayloadV4 {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: NotifiedAlert[];
}

/** The v4 body; with `maxAlerts` > 0 the alerts beyond it are dropped and counted in truncatedAlerts (max_alerts). */
export function webhookPayload(notification: GroupNotification, maxAlerts = 0): WebhookPayloadV4 {
  const keep = maxAlerts > 0 ? notification.alerts.slice(0, maxAlerts) : notification.alerts;
  return {
    version: '4',
    groupKey: notification.groupKey,
    truncatedAlerts: notification.truncatedAlerts + (notification.alerts.length - keep.length),
    status: notification.status,
    receiver: notification.receiver,
    groupLabels: notification.groupLabels,
    commonLabels: notification.commonLabels,
    commonAnnotations: notification.commonAnnotations,
    externalURL: notification.externalURL,
    alerts: keep.map((alert) => ({
      status: alert.status,
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: alert.startsAt,
      endsAt: alert.endsAt,
      generatorURL: alert.generatorURL,
      fingerprint: alert.fingerprint,
    })),
  };
}

export async function sendWebhook(
  notification: GroupNotification,
  settings: WebhookSettings,
  secret: WebhookSecret,
  context: { idempotencyKey: string; signal: AbortSignal },
): Promise<void> {
  await postJson({
    url: secret.url,
    body: webhookPayload(notification, settings.maxAlerts),
    idempotencyKey: context.idempotencyKey,
    timeoutMs: settings.timeoutMs,
    signal: context.signal,
    headers: authorizationHeader(secret),
  });
}
