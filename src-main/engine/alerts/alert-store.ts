/**
 * SQL of the alert engine (migration 007): rules, routing, alerts and their transitions, silences,
 * groups, the notification log and the notifications sent. Plain rows in, plain rows out; the engine
 * (alert-engine.ts) decides what to write and wraps related writes in one transaction.
 */
import type { AlertRule, AlertState, RoutingConfig, Severity } from '../../../src-shared/domain/alerts';
import type { Db } from '../db/database';
import type { AlertStatus } from './alert-state';
import type { NotificationLogEntry } from './notification-planner';
import type { SilenceRecord } from './silences';

export interface StoredRule {
  rule: AlertRule;
  source: 'default' | 'user';
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface AlertRecord extends AlertStatus {
  fingerprint: string;
  ruleName: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  severity: Severity;
  lastEvaluatedAt: number;
  ack: { by: string; username: string; at: number; comment: string } | null;
  escalatedAt: number | null;
  escalationReceiver: string | null;
  escalationGroup: string | null;
  escalationClosed: boolean;
}

export interface GroupRow {
  groupKey: string;
  routePath: string;
  receiver: string;
  groupLabels: Record<string, string>;
  createdAt: number;
  nextFlushAt: number;
  lastFlushAt: number | null;
}

export interface TransitionRow {
  id: number;
  fingerprint: string;
  ruleName: string;
  episode: number;
  from: AlertState;
  to: AlertState;
  at: number;
  value: number | null;
}

export interface NotificationRow {
  id: number;
  receiver: string;
  groupKey: string;
  status: 'firing' | 'resolved';
  kind: 'notify' | 'repeat' | 'escalation';
  idempotencyKey: string;
  at: number;
  firing: string[];
  resolved: string[];
}

interface AlertDbRow {
  fingerprint: string;
  rule_name: string;
  labels: string;
  annotations: string;
  severity: string;
  state: string;
  value: number | null;
  episode: number;
  active_at: number;
  fired_at: number | null;
  resolved_at: number | null;
  since: number;
  keep_firing_since: number | null;
  last_evaluated_at: number;
  ack_by: string | null;
  ack_username: string | null;
  ack_at: number | null;
  ack_comment: string | null;
  escalated_at: number | null;
  escalation_receiver: string | null;
  escalation_group: string | null;
  escalation_closed: number;
}

function toAlert(row: AlertDbRow): AlertRecord {
  return {
    fingerprint: row.fingerprint,
    ruleName: row.rule_name,
    labels: JSON.parse(row.labels) as Record<string, string>,
    annotations: JSON.parse(row.annotations) as Record<string, string>,
    severity: row.severity as Severity,
    state: row.state as AlertState,
    value: row.value,
    episode: row.episode,
    activeAt: row.active_at,
    firedAt: row.fired_at,
    resolvedAt: row.resolved_at,
    since: row.since,
    keepFiringSince: row.keep_firing_since,
    lastEvaluatedAt: row.last_evaluated_at,
    ack:
      row.ack_at === null
        ? null
        : { by: row.ack_by ?? '', username: row.ack_username ?? '', at: row.ack_at, comment: row.ack_comment ?? '' },
    escalatedAt: row.escalated_at,
    escalationReceiver: row.escalation_receiver,
    escalationGroup: row.escalation_group,
    escalationClosed: row.escalation_closed === 1,
  };
}

function alertParams(alert: AlertRecord) {
  return {
    fingerprint: alert.fingerprint,
    rule_name: alert.ruleName,
    labels: JSON.stringify(alert.labels),
    annotations: JSON.stringify(alert.annotations),
    severity: alert.severity,
    state: alert.state,
    value: alert.value !== null && Number.isFinite(alert.value) ? alert.value : null,
    episode: alert.episode,
    active_at: alert.activeAt,
    fired_at: alert.firedAt,
    resolved_at: alert.resolvedAt,
    since: alert.since,
    keep_firing_since: alert.keepFiringSince,
    last_evaluated_at: alert.lastEvaluatedAt,
    ack_by: alert.ack?.by ?? null,
    ack_username: alert.ack?.username ?? null,
    ack_at: alert.ack?.at ?? null,
    ack_comment: alert.ack?.comment ?? null,
    escalated_at: alert.escalatedAt,
    escalation_receiver: alert.escalationReceiver,
    escalation_group: alert.escalationGroup,
    escalation_closed: alert.escalationClosed ? 1 : 0,
  };
}

export function createAlertStore(db: Db) {
  const s = {
    rules: db.prepare('SELECT name, definition, source, version, created_at, updated_at, updated_by FROM alert_rules ORDER BY name'),
    upsertRule: db.prepare(`INSERT INTO alert_rules (name, definition, source, version, created_at, updated_at, updated_by)
      VALUES (@name, @definition, @source, @version, @createdAt, @updatedAt, @updatedBy)
      ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, version = excluded.version,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
    deleteRule: db.prepare('DELETE FROM alert_rules WHERE name = ?'),
    defaultsLoaded: db.prepare('SELECT name FROM alert_default_rules_loaded').pluck(),
    markDefault: db.prepare('INSERT OR IGNORE INTO alert_default_rules_loaded (name, loaded_at) VALUES (?, ?)'),
    routing: db.prepare('SELECT config, version, updated_at, updated_by FROM alert_routing WHERE id = 1'),
    setRouting:
      db.prepare(`INSERT INTO alert_routing (id, config, version, updated_at, updated_by) VALUES (1, @config, @version, @updatedAt, @updatedBy)
      ON CONFLICT (id) DO UPDATE SET config = excluded.config, version = excluded.version, updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
    alerts: db.prepare('SELECT * FROM alerts'),
    upsertAlert: db.prepare(`INSERT INTO alerts (fingerprint, rule_name, labels, annotations, severity, state, value, episode, active_at,
        fired_at, resolved_at, since, keep_firing_since, last_evaluated_at, ack_by, ack_username, ack_at, ack_comment, escalated_at,
        escalation_receiver, escalation_group, escalation_closed)
      VALUES (@fingerprint, @rule_name, @labels, @annotations, @severity, @state, @value, @episode, @active_at, @fired_at, @resolved_at,
        @since, @keep_firing_since, @last_evaluated_at, @ack_by, @ack_username, @ack_at, @ack_comment, @escalated_at,
        @escalation_receiver, @escalation_group, @escalation_closed)
      ON CONFLICT (fingerprint) DO UPDATE SET rule_name = excluded.rule_name, labels = excluded.labels, annotations = excluded.annotations,
        severity = excluded.severity, state = excluded.state, value = excluded.value, episode = excluded.episode,
        active_at = excluded.active_at, fired_at = excluded.fired_at, resolved_at = excluded.resolved_at, since = excluded.since,
        keep_firing_since = excluded.keep_firing_since, last_evaluated_at = excluded.last_evaluated_at, ack_by = excluded.ack_by,
        ack_username = excluded.ack_username, ack_at = excluded.ack_at, ack_comment = excluded.ack_comment,
        escalated_at = excluded.escalated_at, escalation_receiver = excluded.escalation_receiver,
        escalation_group = excluded.escalation_group, escalation_closed = excluded.escalation_closed`),
    deleteOldAlerts: db.prepare("SELECT fingerprint FROM alerts WHERE state IN ('inactive', 'resolved') AND since < ?").pluck(),
    deleteAlert: db.prepare('DELETE FROM alerts WHERE fingerprint = ?'),
    insertTransition: db.prepare(`INSERT INTO alert_transitions (fingerprint, rule_name, episode, from_state, to_state, at, value)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    transitionsOf: db.prepare(`SELECT id, fingerprint, rule_name AS ruleName, episode, from_state AS "from", to_state AS "to", at, value
      FROM alert_transitions WHERE fingerprint = ? ORDER BY id`),
    deleteTransitions: db.prepare('DELETE FROM alert_transitions WHERE at < ?'),
    silences: db.prepare('SELECT * FROM alert_silences WHERE ends_at > ? ORDER BY created_at DESC'),
    silencesAll: db.prepare('SELECT * FROM alert_silences ORDER BY created_at DESC LIMIT ?'),
    silence: db.prepare('SELECT * FROM alert_silences WHERE id = ?'),
    insertSilence: db.prepare(`INSERT INTO alert_silences (id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at)
      VALUES (@id, @matchers, @startsAt, @endsAt, @createdBy, @comment, @createdAt, @updatedAt)`),
    endSilence: db.prepare('UPDATE alert_silences SET ends_at = ?, updated_at = ? WHERE id = ?'),
    deleteSilences: db.prepare('DELETE FROM alert_silences WHERE ends_at < ?'),
    groups: db.prepare('SELECT * FROM alert_groups'),
    insertGroup:
      db.prepare(`INSERT OR IGNORE INTO alert_groups (group_key, route_path, receiver, group_labels, created_at, next_flush_at, last_flush_at)
      VALUES (?, ?, ?, ?, ?, ?, NULL)`),
    flushGroup: db.prepare('UPDATE alert_groups SET last_flush_at = ?, next_flush_at = ? WHERE group_key = ?'),
    deleteGroup: db.prepare('DELETE FROM alert_groups WHERE group_key = ?'),
    logEntry: db.prepare(
      'SELECT firing, resolved, sent_at AS sentAt, seq FROM alert_notification_log WHERE receiver = ? AND group_key = ?',
    ),
    upsertLog:
      db.prepare(`INSERT INTO alert_notification_log (receiver, group_key, firing, resolved, sent_at, seq) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (receiver, group_key) DO UPDATE SET firing = excluded.firing, resolved = excluded.resolved, sent_at = excluded.sent_at, seq = excluded.seq`),
    deleteOldLog: db.prepare(
      'DELETE FROM alert_notification_log WHERE sent_at < ? AND group_key NOT IN (SELECT group_key FROM alert_groups)',
    ),
    insertNotification:
      db.prepare(`INSERT OR IGNORE INTO alert_notifications (receiver, group_key, status, kind, idempotency_key, at, firing, resolved, payload)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    linkNotification: db.prepare('INSERT OR IGNORE INTO alert_notification_alerts (fingerprint, notification_id) VALUES (?, ?)'),
    notificationsOf:
      db.prepare(`SELECT n.id, n.receiver, n.group_key AS groupKey, n.status, n.kind, n.idempotency_key AS idempotencyKey, n.at,
        n.firing, n.resolved
      FROM alert_notification_alerts a JOIN alert_notifications n ON n.id = a.notification_id
      WHERE a.fingerprint = ? ORDER BY n.id DESC LIMIT ?`),
    notificationByKey: db.prepare('SELECT id FROM alert_notifications WHERE idempotency_key = ?').pluck(),
    recentNotifications:
      db.prepare(`SELECT id, receiver, group_key AS groupKey, status, kind, idempotency_key AS idempotencyKey, at, firing, resolved, payload
      FROM alert_notifications WHERE id > ? ORDER BY id LIMIT ?`),
    deleteNotifications: db.prepare('DELETE FROM alert_notifications WHERE at < ?'),
  };

  type SilenceDbRow = {
    id: string;
    matchers: string;
    starts_at: number;
    ends_at: number;
    created_by: string;
    comment: string;
    created_at: number;
    updated_at: number;
  };
  const toSilence = (row: SilenceDbRow): SilenceRecord => ({
    id: row.id,
    matchers: JSON.parse(row.matchers) as SilenceRecord['matchers'],
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdBy: row.created_by,
    comment: row.comment,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  type NotificationDbRow = Omit<NotificationRow, 'firing' | 'resolved'> & { firing: string; resolved: string };
  const toNotification = (row: NotificationDbRow): NotificationRow => ({
    ...row,
    firing: JSON.parse(row.firing) as string[],
    resolved: JSON.parse(row.resolved) as string[],
  });

  return {
    rules(): StoredRule[] {
      return (
        s.rules.all() as {
          name: string;
          definition: string;
          source: 'default' | 'user';
          version: number;
          created_at: string;
          updated_at: string;
          updated_by: string;
        }[]
      ).map((row) => ({
        rule: JSON.parse(row.definition) as AlertRule,
        source: row.source,
        version: row.version,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      }));
    },
    saveRule(stored: StoredRule): void {
      s.upsertRule.run({
        name: stored.rule.name,
        definition: JSON.stringify(stored.rule),
        source: stored.source,
        version: stored.version,
        createdAt: stored.createdAt,
        updatedAt: stored.updatedAt,
        updatedBy: stored.updatedBy,
      });
    },
    deleteRule: (name: string) => s.deleteRule.run(name).changes > 0,
    defaultsLoaded: () => new Set(s.defaultsLoaded.all() as string[]),
    markDefaultLoaded: (name: string, at: string) => void s.markDefault.run(name, at),
    routing(): { config: RoutingConfig; version: number; updatedAt: string; updatedBy: string } | null {
      const row = s.routing.get() as { config: string; version: number; updated_at: string; updated_by: string } | undefined;
      if (!row) return null;
      return {
        config: JSON.parse(row.config) as RoutingConfig,
        version: row.version,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      };
    },
    setRouting(config: RoutingConfig, version: number, updatedAt: string, updatedBy: string): void {
      s.setRouting.run({ config: JSON.stringify(config), version, updatedAt, updatedBy });
    },
    alerts: () => (s.alerts.all() as AlertDbRow[]).map(toAlert),
    saveAlert: (alert: AlertRecord) => void s.upsertAlert.run(alertParams(alert)),
    /** Inactive and resolved alerts whose state is older than `beforeMs`. */
    staleAlerts: (beforeMs: number) => s.deleteOldAlerts.all(beforeMs) as string[],
    deleteAlert: (fingerprint: string) => void s.deleteAlert.run(fingerprint),
    /** Stores a transition; returns its id. */
    addTransition(alert: AlertRecord, from: AlertState, to: AlertState, at: number, value: number | null): number {
      const inserted = s.insertTransition.run(
        alert.fingerprint,
        alert.ruleName,
        alert.episode,
        from,
        to,
        at,
        value !== null && Number.isFinite(value) ? value : null,
      );
      return Number(inserted.lastInsertRowid);
    },
    transitionsOf: (fingerprint: string) => s.transitionsOf.all(fingerprint) as TransitionRow[],
    liveSilences: (nowMs: number) => (s.silences.all(nowMs) as SilenceDbRow[]).map(toSilence),
    allSilences: (limit: number) => (s.silencesAll.all(limit) as SilenceDbRow[]).map(toSilence),
    silence(id: string): SilenceRecord | undefined {
      const row = s.silence.get(id) as SilenceDbRow | undefined;
      return row ? toSilence(row) : undefined;
    },
    insertSilence: (silence: SilenceRecord) => void s.insertSilence.run({ ...silence, matchers: JSON.stringify(silence.matchers) }),
    endSilence: (id: string, atMs: number) => void s.endSilence.run(atMs, atMs, id),
    groups(): GroupRow[] {
      return (
        s.groups.all() as {
          group_key: string;
          route_path: string;
          receiver: string;
          group_labels: string;
          created_at: number;
          next_flush_at: number;
          last_flush_at: number | null;
        }[]
      ).map((row) => ({
        groupKey: row.group_key,
        routePath: row.route_path,
        receiver: row.receiver,
        groupLabels: JSON.parse(row.group_labels) as Record<string, string>,
        createdAt: row.created_at,
        nextFlushAt: row.next_flush_at,
        lastFlushAt: row.last_flush_at,
      }));
    },
    insertGroup: (group: Omit<GroupRow, 'lastFlushAt'>) =>
      void s.insertGroup.run(
        group.groupKey,
        group.routePath,
        group.receiver,
        JSON.stringify(group.groupLabels),
        group.createdAt,
        group.nextFlushAt,
      ),
    flushGroup: (groupKey: string, atMs: number, nextMs: number) => void s.flushGroup.run(atMs, nextMs, groupKey),
    deleteGroup: (groupKey: string) => void s.deleteGroup.run(groupKey),
    logEntry(receiver: string, groupKey: string): NotificationLogEntry | null {
      const row = s.logEntry.get(receiver, groupKey) as { firing: string; resolved: string; sentAt: number; seq: number } | undefined;
      if (!row) return null;
      return {
        firing: JSON.parse(row.firing) as string[],
        resolved: JSON.parse(row.resolved) as string[],
        sentAt: row.sentAt,
        seq: row.seq,
      };
    },
    saveLog(receiver: string, groupKey: string, entry: NotificationLogEntry): void {
      s.upsertLog.run(receiver, groupKey, JSON.stringify(entry.firing), JSON.stringify(entry.resolved), entry.sentAt, entry.seq);
    },
    /** Records a notification; false when one with the same idempotency key was recorded before. */
    recordNotification(row: Omit<NotificationRow, 'id'>, fingerprints: readonly string[], payload: unknown): boolean {
      const inserted = s.insertNotification.run(
        row.receiver,
        row.groupKey,
        row.status,
        row.kind,
        row.idempotencyKey,
        row.at,
        JSON.stringify(row.firing),
        JSON.stringify(row.resolved),
        JSON.stringify(payload),
      );
      if (inserted.changes === 0) return false;
      const id = Number(inserted.lastInsertRowid);
      for (const fingerprint of new Set(fingerprints)) s.linkNotification.run(fingerprint, id);
      return true;
    },
    notificationsOf: (fingerprint: string, limit: number) =>
      (s.notificationsOf.all(fingerprint, limit) as NotificationDbRow[]).map(toNotification),
    /** Notifications after id `afterId`, oldest first, with their payloads (tests, benches, the console receiver). */
    notificationsAfter(afterId: number, limit: number): (NotificationRow & { payload: unknown })[] {
      return (s.recentNotifications.all(afterId, limit) as (NotificationDbRow & { payload: string })[]).map((row) => ({
        ...toNotification(row),
        payload: JSON.parse(row.payload) as unknown,
      }));
    },
    /** Retention: transitions, notifications, expired silences and idle log entries older than `beforeMs`. */
    prune(beforeMs: number): void {
      s.deleteTransitions.run(beforeMs);
      s.deleteNotifications.run(beforeMs);
      s.deleteSilences.run(beforeMs);
      s.deleteOldLog.run(beforeMs);
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;
