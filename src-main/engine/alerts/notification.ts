/**
 * What the alert engine hands to delivery (issue 6): group notifications in the shape of Alertmanager's
 * webhook payload (version 4), addressed to a receiver. A receiver is a notification channel's id. The
 * alert engine decides what to send and when (routing, grouping, silences, inhibition, repeats,
 * escalation); delivery decides how (outbox, retries, circuit breakers, the channel's own format).
 */

/** One alert inside a notification (webhook v4 `alerts[]`). */
export interface NotifiedAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** RFC 3339. */
  startsAt: string;
  /** RFC 3339; `0001-01-01T00:00:00Z` while firing. */
  endsAt: string;
  /** Link back to the alert in the console. */
  generatorURL: string;
  /** Stable id of the alert (its rule and labels). */
  fingerprint: string;
}

/** A group notification to one receiver: exactly what Alertmanager's webhook v4 carries. */
export interface GroupNotification {
  /** The receiver: a notification channel id. */
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: NotifiedAlert[];
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  groupKey: string;
  truncatedAlerts: number;
}

export interface NotificationSink {
  /**
   * Queues a notification for its receiver, durably (it survives a restart). `idempotencyKey` names this
   * alert-state change for this receiver: delivered at least once, and a second enqueue under the same
   * key is ignored.
   */
  enqueue(notification: GroupNotification, idempotencyKey: string): void;
}

/** What delivery asks of the alert engine: the alerts firing now (an Alertmanager push re-sends them). */
export interface AlertSource {
  firing(): NotifiedAlert[];
}
