/**
 * The desktop channel: a system notification shown by the desktop face's notifier. Without one (headless,
 * CLI) every delivery fails for good with "desktop notifications exist only in the desktop app".
 */
import { DESKTOP_ONLY_ERROR } from '../../../../src-shared/domain/notification-vocabulary';
import type { GroupNotification } from '../../alerts/notification';
import type { DesktopNotification, DesktopNotifier } from '../desktop-notifier';
import { clip, groupSeverity, groupSummary, groupTitle } from './group-summary';
import { DeliveryError } from './http-post';

export function desktopNotification(notification: GroupNotification): DesktopNotification {
  const severity = groupSeverity(notification);
  const lines = [groupSummary(notification) ?? '', ...notification.alerts.slice(0, 3).map((alert) => alert.annotations.summary ?? '')];
  const body = [...new Set(lines.filter((line) => line.length > 0))].join('\n');
  return {
    title: clip(groupTitle(notification), 120),
    body: clip(body || `${notification.alerts.length} alert(s) in group ${notification.groupKey}`, 400),
    urgency: notification.status === 'firing' && severity === 'critical' ? 'critical' : notification.status === 'firing' ? 'normal' : 'low',
  };
}

export async function sendDesktop(notification: GroupNotification, notifier: DesktopNotifier | null): Promise<void> {
  if (!notifier) throw new DeliveryError(DESKTOP_ONLY_ERROR, { permanent: true });
  try {
    await notifier.notify(desktopNotification(notification));
  } catch (error) {
    throw new DeliveryError(`the desktop did not show the notification (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
}
