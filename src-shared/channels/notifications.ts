/**
 * Notification channels (issue 6): receivers of alert notifications, their delivery outbox and circuit breakers.
 * Gathered into the contract by src-shared/contract.ts.
 *
 * Permissions: seeing channels, their health and the outbox is `metrics.view` (it is operational state, like
 * the dashboards). Creating, changing, deleting and testing a channel is `metrics.admin`: a channel sends
 * alert data (labels, annotations, links to this console) to a system outside the console and stores a
 * secret in the keychain, so it is an administrative act on the monitoring setup; these calls are audited
 * (the audit entry names `channel:<id>`, never the secret).
 */
import { z } from 'zod';
import { channel, topic } from '../channel-spec';
import {
  ChannelId,
  ChannelInfo,
  ChannelsSaveRequest,
  ChannelsTestResponse,
  DeliveriesListRequest,
  DeliveryInfo,
  NotificationsChanged,
} from '../domain/notifications';

export const notificationChannels = {
  'notifications.channels.list': channel({
    permission: 'metrics.view',
    mutates: false,
    summary:
      'Notification channels with their settings (never secrets), circuit breaker state, last delivery, last error and pending outbox count.',
    request: z.strictObject({}),
    response: z.strictObject({ channels: z.array(ChannelInfo) }),
  }),
  'notifications.channels.save': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'id', kind: 'channel' },
    summary:
      'Creates or replaces a notification channel (desktop, webhook, Slack, PagerDuty, Alertmanager); its secret goes to the OS keychain as channel.<id>.secret, never to the database.',
    request: ChannelsSaveRequest,
    response: z.strictObject({ channel: ChannelInfo }),
  }),
  'notifications.channels.delete': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'id', kind: 'channel' },
    summary: 'Deletes a notification channel and its keychain secret; its pending notifications are marked skipped.',
    request: z.strictObject({ id: ChannelId }),
    response: z.strictObject({ deleted: z.boolean() }),
  }),
  'notifications.channels.test': channel({
    permission: 'metrics.admin',
    mutates: true,
    auditTarget: { field: 'id', kind: 'channel' },
    summary: 'Sends a synthetic notification through the channel now (outbox, formatting, secret, HTTP) and reports success or the error.',
    request: z.strictObject({ id: ChannelId }),
    response: ChannelsTestResponse,
  }),
  'notifications.deliveries.list': channel({
    permission: 'metrics.view',
    mutates: false,
    summary: 'Recent outbox rows, newest first: status, attempts, next attempt and last error, filtered by channel and status.',
    request: DeliveriesListRequest,
    response: z.strictObject({ deliveries: z.array(DeliveryInfo) }),
  }),
} as const;

export const notificationTopics = {
  'notifications.changed': topic({
    permission: 'metrics.view',
    summary: 'A notification was queued, delivered, retried or given up, a channel changed, or a circuit breaker changed state.',
    payload: NotificationsChanged,
  }),
} as const;
