/**
 * When a group notifies, as Alertmanager's notification pipeline decides it (dedup stage, `needsUpdate`),
 * pure: nothing was sent before -> send if something fires; alerts fire that the last notification did
 * not carry -> send; nothing fires any more but the last notification had firing alerts -> send (all
 * resolved); alerts resolved that the last notification did not carry as resolved -> send; otherwise
 * send again only once repeat_interval has passed since the last one. Alerts are named `fingerprint@episode`,
 * so an alert that resolved and fired again between two flushes is a new alert to the receiver.
 */

export interface NotificationLogEntry {
  firing: readonly string[];
  resolved: readonly string[];
  sentAt: number;
  /** How many notifications this receiver got for this group: the idempotency key's sequence. */
  seq: number;
}

export type Decision = 'notify' | 'repeat' | null;

function subset(items: ReadonlySet<string>, of: readonly string[]): boolean {
  if (items.size > of.length) return false;
  const set = new Set(of);
  for (const item of items) if (!set.has(item)) return false;
  return true;
}

export function decideNotification(
  entry: NotificationLogEntry | null,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  nowMs: number,
  repeatIntervalMs: number,
): Decision {
  if (entry === null) return firing.size > 0 ? 'notify' : null;
  if (!subset(firing, entry.firing)) return 'notify';
  if (firing.size === 0) return entry.firing.length > 0 ? 'notify' : null;
  if (!subset(resolved, entry.resolved)) return 'notify';
  return entry.sentAt <= nowMs - repeatIntervalMs ? 'repeat' : null;
}

/** `fingerprint@episode`: one alert episode as the notification log names it. */
export function episodeId(fingerprint: string, episode: number): string {
  return `${fingerprint}@${episode}`;
}
