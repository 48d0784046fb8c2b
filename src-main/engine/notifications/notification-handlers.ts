/**
 * The notifications channels of the contract (src-shared/channels/notifications.ts), thin over the
 * notification service; the rpc validates, authorizes (metrics.view to look, metrics.admin to change or
 * test) and audits them.
 */
import type { HandlerTable } from '../rpc';
import type { NotificationService } from './notification-service';

type NotificationChannelName =
  | 'notifications.channels.list'
  | 'notifications.channels.save'
  | 'notifications.channels.delete'
  | 'notifications.channels.test'
  | 'notifications.deliveries.list';

export function createNotificationHandlers(service: NotificationService): Pick<HandlerTable, NotificationChannelName> {
  return {
    'notifications.channels.list': () => ({ channels: service.listChannels() }),
    'notifications.channels.save': async (request, { identity }) => ({ channel: await service.saveChannel(request, identity.userId) }),
    'notifications.channels.delete': ({ id }, { identity }) => service.deleteChannel(id, identity.userId),
    'notifications.channels.test': ({ id }, { identity }) => service.testChannel(id, identity.userId),
    'notifications.deliveries.list': (request) => ({ deliveries: service.listDeliveries(request) }),
  };
}
