/**
 * Sends one group notification through one channel: reads the channel's secret from the keychain and hands
 * the notification to its kind's sender (webhook, Slack, PagerDuty, Alertmanager, desktop). Throws a
 * DeliveryError (or DeliveryAborted when the service stops) when the channel did not take it.
 */
import type {
  AlertmanagerSecret,
  AlertmanagerSettings,
  PagerDutySecret,
  PagerDutySettings,
  SlackSecret,
  SlackSettings,
  WebhookSecret,
  WebhookSettings,
} from '../../../src-shared/domain/notifications';
import type { GroupNotification } from '../alerts/notification';
import type { StoredChannel } from './channel-repository';
import type { ChannelSecrets } from './channel-secrets';
import { pushAlerts } from './channels/alertmanager';
import { sendDesktop } from './channels/desktop';
import { sendPagerDuty } from './channels/pagerduty';
import { sendSlack } from './channels/slack';
import { sendWebhook } from './channels/webhook';
import type { DesktopNotifier } from './desktop-notifier';

export interface DeliveryContext {
  idempotencyKey: string;
  signal: AbortSignal;
  now: number;
}

export function createChannelDelivery(deps: { secrets: ChannelSecrets; desktopNotifier: DesktopNotifier | null }) {
  return async function deliver(channel: StoredChannel, notification: GroupNotification, context: DeliveryContext): Promise<void> {
    const secret = await deps.secrets.read(channel.id, channel.kind);
    const settings = channel.settings;
    switch (channel.kind) {
      case 'desktop':
        return sendDesktop(notification, deps.desktopNotifier);
      case 'webhook':
        return sendWebhook(notification, settings as WebhookSettings, secret as WebhookSecret, context);
      case 'slack':
        return sendSlack(notification, settings as SlackSettings, secret as SlackSecret, context);
      case 'pagerduty':
        return sendPagerDuty(notification, settings as PagerDutySettings, secret as PagerDutySecret, context);
      case 'alertmanager':
        return pushAlerts(notification.alerts, settings as AlertmanagerSettings, secret as AlertmanagerSecret | null, context);
    }
  };
}

export type ChannelDelivery = ReturnType<typeof createChannelDelivery>;
