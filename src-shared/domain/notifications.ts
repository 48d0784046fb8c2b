/**
 * Messages of the notification channels (SPEC section 6, Channels and Delivery): the receivers alert
 * notifications go to — their settings (in SQLite) and their secret (write-only, kept in the OS keychain as
 * `channel.<id>.secret`) — the delivery outbox, and the per-channel circuit breaker.
 */
import { z } from 'zod';
import {
  BREAKER_STATES,
  CHANNEL_ID_PATTERN,
  CHANNEL_KINDS,
  DEFAULT_ALERTMANAGER_RESEND_MS,
  DELIVERY_STATUSES,
  NOTIFICATION_EVENTS,
  PAGERDUTY_EVENTS_URL,
} from './notification-vocabulary';

export type { BreakerState, ChannelKind, DeliveryStatus, NotificationEvent } from './notification-vocabulary';
export {
  BREAKER_STATES,
  CHANNEL_ID_PATTERN,
  CHANNEL_KINDS,
  DEFAULT_ALERTMANAGER_RESEND_MS,
  DELIVERY_STATUSES,
  NOTIFICATION_EVENTS,
  PAGERDUTY_EVENTS_URL,
};

export const ChannelId = z
  .string()
  .regex(CHANNEL_ID_PATTERN, 'a channel id: 1-64 lowercase letters, digits, - and _, starting with a letter or digit');

const HttpUrl = z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).max(2048);
const TimeoutMs = z.number().int().min(100).max(60_000).default(10_000);
/** Alerts per message (the rest are counted in truncatedAlerts); 0 = all, as Alertmanager's max_alerts. */
const MaxAlerts = z.number().int().min(0).max(1000).default(0);
const Credential = z.string().min(1).max(4096);

/** HTTP authentication for a webhook or an Alertmanager: basic auth or a bearer token, never both. */
const HttpAuth = {
  username: Credential.optional(),
  password: Credential.optional(),
  bearerToken: Credential.optional(),
};
function checkAuth(
  secret: { username?: string | undefined; password?: string | undefined; bearerToken?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if ((secret.username === undefined) !== (secret.password === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'basic auth needs both username and password' });
  }
  if (secret.bearerToken !== undefined && secret.username !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['bearerToken'], message: 'use basic auth or a bearer token, not both' });
  }
}

// ---------------------------------------------------------------------------------------------- per kind

export const DesktopSettings = z.strictObject({});
export const WebhookSettings = z.strictObject({ maxAlerts: MaxAlerts, timeoutMs: TimeoutMs });
export const SlackSettings = z.strictObject({
  /** Alerts listed in the message; the rest are summarized as "and N more". */
  maxAlerts: z.number().int().min(1).max(20).default(10),
  timeoutMs: TimeoutMs,
});
export const PagerDutySettings = z.strictObject({
  /** The Events API v2 endpoint; a PagerDuty-compatible service or a proxy may stand in. */
  url: HttpUrl.default(PAGERDUTY_EVENTS_URL),
  /** payload.source: the affected system as PagerDuty shows it. */
  source: z.string().min(1).max(255).default('novel-engine-console'),
  timeoutMs: TimeoutMs,
});
export const AlertmanagerSettings = z.strictObject({
  /** The Alertmanager's base URL; alerts go to `{url}/api/v2/alerts`. */
  url: HttpUrl,
  /** How often the firing alerts are re-sent (Alertmanager forgets an alert once its endsAt passes). */
  resendIntervalMs: z.number().int().min(100).max(3_600_000).default(DEFAULT_ALERTMANAGER_RESEND_MS),
  timeoutMs: TimeoutMs,
});

/** The webhook's URL lives in the keychain: it often carries a token. */
export const WebhookSecret = z.strictObject({ url: HttpUrl, ...HttpAuth }).superRefine(checkAuth);
export const SlackSecret = z.strictObject({ url: HttpUrl });
export const PagerDutySecret = z.strictObject({ routingKey: z.string().min(1).max(256) });
export const AlertmanagerSecret = z.strictObject(HttpAuth).superRefine(checkAuth);

/** Settings and secret schema of each kind; `secretRequired` says whether a channel of the kind needs one. */
export const CHANNEL_KIND_SCHEMAS = {
  desktop: { settings: DesktopSettings, secret: null, secretRequired: false },
  webhook: { settings: WebhookSettings, secret: WebhookSecret, secretRequired: true },
  slack: { settings: SlackSettings, secret: SlackSecret, secretRequired: true },
  pagerduty: { settings: PagerDutySettings, secret: PagerDutySecret, secretRequired: true },
  alertmanager: { settings: AlertmanagerSettings, secret: AlertmanagerSecret, secretRequired: false },
} as const;

export type DesktopSettings = z.output<typeof DesktopSettings>;
export type WebhookSettings = z.output<typeof WebhookSettings>;
export type SlackSettings = z.output<typeof SlackSettings>;
export type PagerDutySettings = z.output<typeof PagerDutySettings>;
export type AlertmanagerSettings = z.output<typeof AlertmanagerSettings>;
export type WebhookSecret = z.output<typeof WebhookSecret>;
export type SlackSecret = z.output<typeof SlackSecret>;
export type PagerDutySecret = z.output<typeof PagerDutySecret>;
export type AlertmanagerSecret = z.output<typeof AlertmanagerSecret>;

// ---------------------------------------------------------------------------------------------- channels

const ChannelName = z.string().trim().min(1).max(100);

const saveCommon = {
  id: ChannelId,
  name: ChannelName,
  enabled: z.boolean().default(true),
};

/**
 * Creates or replaces a channel (by id). `secret`: absent keeps the stored one, null removes it (only
 * where the kind does not need one); it is written to the keychain and never answered back.
 */
export const ChannelsSaveRequest = z.discriminatedUnion('kind', [
  z.strictObject({ ...saveCommon, kind: z.literal('desktop'), settings: DesktopSettings.prefault({}) }),
  z.strictObject({
    ...saveCommon,
    kind: z.literal('webhook'),
    settings: WebhookSettings.prefault({}),
    secret: WebhookSecret.nullable().optional(),
  }),
  z.strictObject({
    ...saveCommon,
    kind: z.literal('slack'),
    settings: SlackSettings.prefault({}),
    secret: SlackSecret.nullable().optional(),
  }),
  z.strictObject({
    ...saveCommon,
    kind: z.literal('pagerduty'),
    settings: PagerDutySettings.prefault({}),
    secret: PagerDutySecret.nullable().optional(),
  }),
  z.strictObject({
    ...saveCommon,
    kind: z.literal('alertmanager'),
    settings: AlertmanagerSettings,
    secret: AlertmanagerSecret.nullable().optional(),
  }),
]);
export type ChannelsSaveRequest = z.output<typeof ChannelsSaveRequest>;

export const BreakerInfo = z.strictObject({
  state: z.enum(BREAKER_STATES),
  /** When it last changed state in this process; null when it has been closed since start. */
  changedAt: z.iso.datetime().nullable(),
  /** Milliseconds until an open breaker lets a probe through (0 when not open). */
  retryInMs: z.number().int().nonnegative(),
});

const infoCommon = {
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  /** Where it sends, without secrets: a URL's scheme and host, PagerDuty's endpoint, the Alertmanager URL. */
  target: z.string(),
  /** Whether a secret is stored in the keychain (its value never leaves the engine). */
  secretSet: z.boolean(),
  breaker: BreakerInfo,
  /** Notifications waiting in the outbox for this channel. */
  pending: z.number().int().nonnegative(),
  lastDeliveredAt: z.iso.datetime().nullable(),
  lastError: z.strictObject({ at: z.iso.datetime(), message: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
};

export const ChannelInfo = z.discriminatedUnion('kind', [
  z.strictObject({ ...infoCommon, kind: z.literal('desktop'), settings: DesktopSettings }),
  z.strictObject({ ...infoCommon, kind: z.literal('webhook'), settings: WebhookSettings }),
  z.strictObject({ ...infoCommon, kind: z.literal('slack'), settings: SlackSettings }),
  z.strictObject({ ...infoCommon, kind: z.literal('pagerduty'), settings: PagerDutySettings }),
  z.strictObject({ ...infoCommon, kind: z.literal('alertmanager'), settings: AlertmanagerSettings }),
]);
export type ChannelInfo = z.output<typeof ChannelInfo>;

export const ChannelsTestResponse = z.strictObject({
  ok: z.boolean(),
  /** Why the channel did not take the notification, in one sentence; null on success. */
  error: z.string().nullable(),
  durationMs: z.number().nonnegative(),
  /** The outbox row of the test notification (notifications.deliveries.list shows it). */
  deliveryId: z.number().int().positive(),
});

// ---------------------------------------------------------------------------------------------- outbox

export const DeliveryInfo = z.strictObject({
  id: z.number().int().positive(),
  channelId: z.string(),
  /** Null when the channel no longer exists. */
  channelKind: z.enum(CHANNEL_KINDS).nullable(),
  idempotencyKey: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  /** When a pending row is tried next (it may wait longer while the channel's breaker is open). */
  nextAttemptAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  /** e.g. `[FIRING:2] TurnLatencyHigh`. */
  summary: z.string(),
  groupKey: z.string(),
  /** A "send test" notification. */
  test: z.boolean(),
});
export type DeliveryInfo = z.output<typeof DeliveryInfo>;

export const DeliveriesListRequest = z.strictObject({
  channelId: ChannelId.optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

export const NotificationsChanged = z.strictObject({
  at: z.iso.datetime(),
  event: z.enum(NOTIFICATION_EVENTS),
  channelId: z.string().nullable(),
  /** The channel's breaker state after the change (null when no channel is concerned). */
  breakerState: z.enum(BREAKER_STATES).nullable(),
  /** Outbox rows still pending, all channels. */
  pending: z.number().int().nonnegative(),
});
export type NotificationsChanged = z.output<typeof NotificationsChanged>;
