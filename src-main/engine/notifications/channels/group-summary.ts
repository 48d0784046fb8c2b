/**
 * Words every channel uses for a group notification: its title (`[FIRING:2] TurnLatencyHigh`), the most
 * severe severity among its alerts, and the summary line from the annotations. Pure.
 */
import type { GroupNotification, NotifiedAlert } from '../../alerts/notification';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The alert name a group is known by: the common one, else the first alert's, else the group key. */
export function groupName(notification: GroupNotification): string {
  return (
    notification.commonLabels.alertname ??
    notification.groupLabels.alertname ??
    notification.alerts[0]?.labels.alertname ??
    (notification.groupKey || 'alert group')
  );
}

export function countByStatus(alerts: readonly NotifiedAlert[]): { firing: number; resolved: number } {
  let firing = 0;
  for (const alert of alerts) if (alert.status === 'firing') firing += 1;
  return { firing, resolved: alerts.length - firing };
}

/** Alertmanager's default title: `[FIRING:2] Name` or `[RESOLVED] Name`. */
export function groupTitle(notification: GroupNotification): string {
  const { firing } = countByStatus(notification.alerts);
  const firingCount = firing + (notification.status === 'firing' ? notification.truncatedAlerts : 0);
  return notification.status === 'firing' ? `[FIRING:${firingCount}] ${groupName(notification)}` : `[RESOLVED] ${groupName(notification)}`;
}

/** The most severe known severity label among the alerts (critical > warning > info), or null. */
export function groupSeverity(notification: GroupNotification): Severity | null {
  const seen = new Set<string>([
    notification.commonLabels.severity ?? '',
    ...notification.alerts.map((alert) => alert.labels.severity ?? ''),
  ]);
  return SEVERITIES.find((severity) => seen.has(severity)) ?? null;
}

/** The summary annotation shared by the group, else the first alert's, else its description. */
export function groupSummary(notification: GroupNotification): string | null {
  const first = notification.alerts[0]?.annotations;
  return (
    notification.commonAnnotations.summary ?? first?.summary ?? notification.commonAnnotations.description ?? first?.description ?? null
  );
}

/** Shortens text to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
