/**
 * The notification words both sides use, without zod (the renderer ships none): channel kinds, delivery
 * statuses, circuit states and what the Alerts page shows for them. The schemas in notifications.ts build
 * on these.
 */

/** Receivers of alert notifications (SPEC section 6, Channels). */
export const CHANNEL_KINDS = ['desktop', 'webhook', 'slack', 'pagerduty', 'alertmanager'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
  desktop: 'Desktop notification',
  webhook: 'Webhook (Alertmanager v4 payload)',
  slack: 'Slack incoming webhook',
  pagerduty: 'PagerDuty Events v2',
  alertmanager: 'Alertmanager (API v2 push)',
};

/**
 * A channel id: it is also the receiver name routes use, the circuit breaker's metric label
 * (`channel:<id>`) and the keychain account of its secret (`channel.<id>.secret`).
 */
export const CHANNEL_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * An outbox row: pending until delivered; failed when the channel rejected it for good or the retry
 * horizon passed; skipped when its channel was disabled, deleted or unknown when it was queued.
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** What changed, on the notifications.changed topic. */
export const NOTIFICATION_EVENTS = ['queued', 'delivered', 'retrying', 'failed', 'skipped', 'breaker', 'saved', 'deleted'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** PagerDuty's default Events API v2 endpoint. */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** How often an Alertmanager channel re-sends the firing alerts by default (Prometheus re-sends every minute). */
export const DEFAULT_ALERTMANAGER_RESEND_MS = 60_000;

/** The delivery error of a desktop channel outside the desktop app. */
export const DESKTOP_ONLY_ERROR = 'desktop notifications exist only in the desktop app';
