/**
 * What the desktop channel needs from the face that shows notifications: the Electron main process passes
 * one to createHost (HostOptions.notifications.desktopNotifier); headless and CLI faces have none, and a
 * desktop channel there reports that as its delivery error. Kept free of Electron so the engine never
 * imports it.
 */
export interface DesktopNotification {
  title: string;
  body: string;
  /** Critical notifications ask the desktop to keep them on screen. */
  urgency: 'critical' | 'normal' | 'low';
}

export interface DesktopNotifier {
  /** Shows the notification; throws (with a one-sentence reason) when the desktop cannot show it. */
  notify(notification: DesktopNotification): void | Promise<void>;
}
