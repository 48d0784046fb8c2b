/**
 * Alert records as the contract shows them (Alert, AlertTransition, NotificationRecord) and as delivery
 * receives them (webhook v4 `alerts[]` entries, notification.ts). Times become RFC 3339; the runbook
 * annotation also gets a `runbook_url` into the console, as Alertmanager receivers expect.
 */
import type { Alert, AlertTransition, NotificationRecord } from '../../../src-shared/domain/alerts';
import type { Mutes } from './alert-mutes';
import type { AlertRecord, NotificationRow, TransitionRow } from './alert-store';
import type { NotifiedAlert } from './notification';

/** Alertmanager's endsAt of an alert still firing. */
export const OPEN_ENDS_AT = '0001-01-01T00:00:00Z';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export function alertView(alert: AlertRecord, mutes: Mutes): Alert {
  return {
    fingerprint: alert.fingerprint,
    ruleName: alert.ruleName,
    state: alert.state,
    severity: alert.severity,
    labels: alert.labels,
    annotations: alert.annotations,
    value: alert.value !== null && Number.isFinite(alert.value) ? alert.value : null,
    activeAt: iso(alert.activeAt),
    firedAt: isoOrNull(alert.firedAt),
    resolvedAt: isoOrNull(alert.resolvedAt),
    since: iso(alert.since),
    lastEvaluatedAt: iso(alert.lastEvaluatedAt),
    episode: alert.episode,
    silencedBy: mutes.silencedBy(alert.fingerprint),
    inhibitedBy: mutes.inhibitedBy(alert.fingerprint),
    acknowledged: alert.ack ? { by: alert.ack.by, username: alert.ack.username, at: iso(alert.ack.at), comment: alert.ack.comment } : null,
    escalatedAt: isoOrNull(alert.escalatedAt),
  };
}

export function transitionView(row: TransitionRow): AlertTransition {
  return { ...row, at: iso(row.at), value: row.value !== null && Number.isFinite(row.value) ? row.value : null };
}

export function notificationView(row: NotificationRow): NotificationRecord {
  return { ...row, at: iso(row.at) };
}

/** One alert as a notification carries it; resolved when the alert has resolved (or is being ended). */
export function notifiedAlert(alert: AlertRecord, externalUrl: string): NotifiedAlert {
  const resolved = alert.state === 'resolved' || alert.state === 'inactive';
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(alert.annotations)) if (value !== '') annotations[key] = value;
  if (annotations.runbook) annotations.runbook_url = `${externalUrl}/#/runbooks/${encodeURIComponent(annotations.runbook)}`;
  return {
    status: resolved ? 'resolved' : 'firing',
    labels: alert.labels,
    annotations,
    startsAt: iso(alert.firedAt ?? alert.activeAt),
    endsAt: resolved ? iso(alert.resolvedAt ?? alert.since) : OPEN_ENDS_AT,
    generatorURL: `${externalUrl}/#/alerts/${alert.fingerprint}`,
    fingerprint: alert.fingerprint,
  };
}

/** The labels (or annotations) every alert of a notification shares. */
export function common(maps: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  const shared: Record<string, string> = {};
  for (const [key, value] of Object.entries(first)) if (rest.every((map) => map[key] === value)) shared[key] = value;
  return shared;
}
