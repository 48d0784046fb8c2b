/**
 * The Alertmanager channel: pushes alerts to a real Alertmanager with `POST {url}/api/v2/alerts` (the
 * `postableAlerts` body of its OpenAPI spec). Clients are expected to re-send active alerts continuously
 * (Alertmanager docs, "Sending alerts"), so firing alerts carry an endsAt a few re-send periods ahead — as
 * Prometheus sets it, 4× the period — and are re-sent every period; an alert that stops being re-sent
 * resolves by itself once that endsAt passes, and a resolved alert is sent with its real endsAt.
 */
import type { AlertmanagerSecret, AlertmanagerSettings } from '../../../../src-shared/domain/notifications';
import type { NotifiedAlert } from '../../alerts/notification';
import { authorizationHeader, postJson } from './http-post';

/** Alertmanager API v2 `postableAlert`. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** How many re-send periods a firing alert stays valid without being re-sent (Prometheus uses 4). */
export const RESEND_VALIDITY_PERIODS = 4;

export function alertsEndpoint(url: string): string {
  return `${url.replace(/\/+$/, '')}/api/v2/alerts`;
}

export function postableAlerts(alerts: readonly NotifiedAlert[], now: number, resendIntervalMs: number): PostableAlert[] {
  const validUntil = new Date(now + RESEND_VALIDITY_PERIODS * resendIntervalMs).toISOString();
  return alerts.map((alert) => {
    const postable: PostableAlert = {
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: alert.startsAt,
      endsAt: alert.status === 'firing' ? validUntil : alert.endsAt,
    };
    if (alert.generatorURL) postable.generatorURL = alert.generatorURL;
    return postable;
  });
}

export async function pushAlerts(
  alerts: readonly NotifiedAlert[],
  settings: AlertmanagerSettings,
  secret: AlertmanagerSecret | null,
  context: { idempotencyKey: string; signal: AbortSignal; now: number },
): Promise<void> {
  if (alerts.length === 0) return;
  await postJson({
    url: alertsEndpoint(settings.url),
    body: postableAlerts(alerts, context.now, settings.resendIntervalMs),
    idempotencyKey: context.idempotencyKey,
    timeoutMs: settings.timeoutMs,
    signal: context.signal,
    headers: authorizationHeader(secret),
  });
}
