/**
 * From alerts to notifications, as Alertmanager's dispatcher does it: every firing alert goes through the
 * route tree into aggregation groups (route + group labels); a new group flushes after group_wait, then
 * every group_interval; a flush notifies the route's receiver when decideNotification says so (new
 * firing alerts, resolved ones, or repeat_interval passed); silenced and inhibited alerts are left out of
 * a flush; a group with nothing firing left is dropped after its flush. Escalation: an unacknowledged,
 * unmuted critical alert that has fired for its route's `escalate.after` is sent once to the escalation
 * receiver (and its resolve after it).
 *
 * Restart safety: groups (with their next flush time) and the notification log are rows, and a flush
 * records the notification, updates the log and hands the notification to delivery in one transaction.
 * A restart mid-group_wait flushes the persisted group on time; a crash before the commit re-sends with
 * the same idempotency key (derived from the log's sequence and the alerts carried), which delivery
 * ignores if it already has it.
 */
import { CONSOLE_RECEIVER } from '../../../src-shared/domain/alerts';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import type { Mutes } from './alert-mutes';
import type { AlertRecord, AlertStore, GroupRow } from './alert-store';
import { common, notifiedAlert } from './alert-views';
import { digest } from './fingerprint';
import type { GroupNotification, NotificationSink } from './notification';
import { decideNotification, episodeId } from './notification-planner';
import { groupKeyOf, groupLabelsOf, matchRoutes, type ResolvedRoute } from './routing';

/** A notification carries at most this many alerts; the rest are counted in truncatedAlerts. */
export const MAX_ALERTS_PER_NOTIFICATION = 1000;

export interface DispatcherOptions {
  db: Db;
  store: AlertStore;
  logger: Logger;
  externalUrl: string;
  root(): ResolvedRoute;
  alerts(): Iterable<AlertRecord>;
  mutes(nowMs: number): Mutes;
  sink(): NotificationSink | null;
  /** An alert's record changed (escalation bookkeeping): save it. */
  saveAlert(alert: AlertRecord): void;
}

export interface DispatchResult {
  notifications: number;
  groups: number;
}

function findRoute(root: ResolvedRoute, path: string): ResolvedRoute | null {
  if (root.path === path) return root;
  for (const child of root.routes) {
    if (path === child.path || path.startsWith(`${child.path}.`)) return findRoute(child, path);
  }
  return null;
}

export function createDispatcher(options: DispatcherOptions) {
  const { db, store, logger, externalUrl } = options;

  /** Records, logs and hands over one notification, all or nothing. */
  const send = db.transaction(
    (
      notification: GroupNotification,
      kind: 'notify' | 'repeat' | 'escalation',
      key: string,
      atMs: number,
      firing: string[],
      resolved: string[],
      log: { seq: number } | null,
    ) => {
      const fingerprints = notification.alerts.map((alert) => alert.fingerprint);
      const fresh = store.recordNotification(
        {
          receiver: notification.receiver,
          groupKey: notification.groupKey,
          status: notification.status,
          kind,
          idempotencyKey: key,
          at: atMs,
          firing,
          resolved,
        },
        fingerprints,
        notification,
      );
      if (log) store.saveLog(notification.receiver, notification.groupKey, { firing, resolved, sentAt: atMs, seq: log.seq });
      if (!fresh || notification.receiver === CONSOLE_RECEIVER) return;
      const sink = options.sink();
      if (sink) sink.enqueue(notification, key);
      else logger.warn({ receiver: notification.receiver }, 'no notification delivery is wired; the notification is only recorded');
    },
  );

  function groupNotification(
    receiver: string,
    groupKey: string,
    groupLabels: Record<string, string>,
    members: AlertRecord[],
  ): GroupNotification {
    const ordered = [...members].sort(
      (a, b) => Number(b.state === 'firing') - Number(a.state === 'firing') || a.fingerprint.localeCompare(b.fingerprint),
    );
    const kept = ordered.slice(0, MAX_ALERTS_PER_NOTIFICATION);
    const alerts = kept.map((alert) => notifiedAlert(alert, externalUrl));
    return {
      receiver,
      status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
      alerts,
      groupLabels,
      commonLabels: common(alerts.map((alert) => alert.labels)),
      commonAnnotations: common(alerts.map((alert) => alert.annotations)),
      externalURL: externalUrl,
      groupKey,
      truncatedAlerts: ordered.length - kept.length,
    };
  }

  /** Groups each routed alert belongs to now: group key -> route, labels and members. */
  function membership(root: ResolvedRoute, alerts: Iterable<AlertRecord>) {
    const groups = new Map<string, { route: ResolvedRoute; labels: Record<string, string>; members: AlertRecord[] }>();
    for (const alert of alerts) {
      if (alert.state !== 'firing' && alert.state !== 'resolved') continue;
      for (const route of matchRoutes(root, alert.labels)) {
        const labels = groupLabelsOf(route, alert.labels);
        const key = groupKeyOf(route, labels);
        let group = groups.get(key);
        if (!group) {
          group = { route, labels, members: [] };
          groups.set(key, group);
        }
        group.members.push(alert);
      }
    }
    return groups;
  }

  function flush(row: GroupRow, route: ResolvedRoute, candidates: AlertRecord[], mutes: Mutes, atMs: number): boolean {
    // Resolved alerts belong to the flush after their resolve (and only if they resolved while the group existed).
    const since = row.lastFlushAt ?? row.createdAt - 1;
    const members = candidates.filter((alert) => alert.state === 'firing' || (alert.resolvedAt !== null && alert.resolvedAt > since));
    const unmuted = members.filter((alert) => !mutes.isMuted(alert.fingerprint));
    let sent = false;
    if (unmuted.length > 0) {
      const firing = unmuted.filter((alert) => alert.state === 'firing').map((alert) => episodeId(alert.fingerprint, alert.episode));
      const resolved = unmuted.filter((alert) => alert.state !== 'firing').map((alert) => episodeId(alert.fingerprint, alert.episode));
      firing.sort();
      resolved.sort();
      const entry = store.logEntry(route.receiver, row.groupKey);
      const decision = decideNotification(entry, new Set(firing), new Set(resolved), atMs, route.repeatIntervalMs);
      if (decision) {
        const seq = (entry?.seq ?? 0) + 1;
        const key = `alert:${digest(`${route.receiver}\n${row.groupKey}`, 16)}:${seq}:${digest(`${firing.join(',')}|${resolved.join(',')}`, 12)}`;
        send(groupNotification(route.receiver, row.groupKey, row.groupLabels, unmuted), decision, key, atMs, firing, resolved, { seq });
        sent = true;
      }
    }
    if (members.some((alert) => alert.state === 'firing')) store.flushGroup(row.groupKey, atMs, atMs + route.groupIntervalMs);
    else store.deleteGroup(row.groupKey);
    return sent;
  }

  function escalate(root: ResolvedRoute, alerts: Iterable<AlertRecord>, mutes: Mutes, atMs: number): number {
    let sent = 0;
    for (const alert of alerts) {
      if (alert.escalatedAt !== null) {
        if (alert.state === 'resolved' && !alert.escalationClosed && alert.escalationReceiver && alert.escalationGroup) {
          const key = `escalation:${digest(alert.escalationReceiver, 16)}:${alert.fingerprint}:${alert.episode}:resolved`;
          const notification = groupNotification(
            alert.escalationReceiver,
            alert.escalationGroup,
            { alertname: alert.labels.alertname ?? '' },
            [alert],
          );
          send(notification, 'escalation', key, atMs, [], [episodeId(alert.fingerprint, alert.episode)], null);
          options.saveAlert({ ...alert, escalationClosed: true });
          sent += 1;
        }
        continue;
      }
      const due = escalationDue(root, alert, mutes);
      if (due === null || atMs < due.at) continue;
      const groupKey = `${due.route.path}:escalation:{fingerprint="${alert.fingerprint}"}`;
      const key = `escalation:${digest(due.route.escalate?.receiver ?? '', 16)}:${alert.fingerprint}:${alert.episode}:firing`;
      const receiver = due.route.escalate?.receiver as string;
      send(
        groupNotification(receiver, groupKey, { alertname: alert.labels.alertname ?? '' }, [alert]),
        'escalation',
        key,
        atMs,
        [episodeId(alert.fingerprint, alert.episode)],
        [],
        null,
      );
      options.saveAlert({ ...alert, escalatedAt: atMs, escalationReceiver: receiver, escalationGroup: groupKey, escalationClosed: false });
      sent += 1;
    }
    return sent;
  }

  /** When this alert escalates (null: it does not): firing, critical, unacknowledged, unmuted, on a route with `escalate`. */
  function escalationDue(root: ResolvedRoute, alert: AlertRecord, mutes: Mutes): { at: number; route: ResolvedRoute } | null {
    if (alert.state !== 'firing' || alert.severity !== 'critical' || alert.ack !== null || alert.firedAt === null) return null;
    if (mutes.isMuted(alert.fingerprint)) return null;
    const route = matchRoutes(root, alert.labels).find((candidate) => candidate.escalate !== null);
    if (!route?.escalate) return null;
    return { at: alert.firedAt + route.escalate.afterMs, route };
  }

  return {
    /** Creates the groups new firing alerts need, flushes every group that is due, escalates. */
    dispatch(atMs: number): DispatchResult {
      const root = options.root();
      const alerts = [...options.alerts()];
      const mutes = options.mutes(atMs);
      const current = membership(root, alerts);
      const rows = new Map(store.groups().map((row) => [row.groupKey, row]));
      for (const [key, group] of current) {
        if (rows.has(key) || !group.members.some((alert) => alert.state === 'firing')) continue;
        const row = {
          groupKey: key,
          routePath: group.route.path,
          receiver: group.route.receiver,
          groupLabels: group.labels,
          createdAt: atMs,
          nextFlushAt: atMs + group.route.groupWaitMs,
        };
        store.insertGroup(row);
        rows.set(key, { ...row, lastFlushAt: null });
      }
      let notifications = 0;
      for (const row of rows.values()) {
        if (row.nextFlushAt > atMs) continue;
        const route = findRoute(root, row.routePath);
        if (!route) {
          store.deleteGroup(row.groupKey);
          continue;
        }
        if (flush(row, route, current.get(row.groupKey)?.members ?? [], mutes, atMs)) notifications += 1;
      }
      notifications += escalate(root, alerts, mutes, atMs);
      return { notifications, groups: rows.size };
    },

    /** The next time dispatch has something to do (a group flush or an escalation), or null. */
    nextDueAt(atMs: number): number | null {
      let next: number | null = null;
      for (const row of store.groups()) next = next === null ? row.nextFlushAt : Math.min(next, row.nextFlushAt);
      const root = options.root();
      const mutes = options.mutes(atMs);
      for (const alert of options.alerts()) {
        if (alert.escalatedAt !== null) continue;
        const due = escalationDue(root, alert, mutes);
        if (due) next = next === null ? due.at : Math.min(next, due.at);
      }
      return next;
    },
  };
}
