-- 007_alerts: the alert engine (SPEC section 6, issue 6): rules, alerts with every state transition,
-- silences, the route tree, notification groups and the notification log. Times are epoch milliseconds
-- except the rules' and settings' audit-style timestamps (ISO 8601).

-- Alert rules: one JSON definition (the AlertRule schema) per rule name.
CREATE TABLE alert_rules (
  name       TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source IN ('default', 'user')),
  version    INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

-- Default rules (resources/alerts/rules.yaml) already offered to this database: a new default is loaded
-- once, and one the user deleted stays deleted.
CREATE TABLE alert_default_rules_loaded (
  name      TEXT PRIMARY KEY,
  loaded_at TEXT NOT NULL
) STRICT;

-- The routing configuration (route tree + inhibition rules) as JSON; one row.
CREATE TABLE alert_routing (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  config     TEXT NOT NULL,
  version    INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

-- One alert per (rule, series): its current state and episode. Resolved and inactive ones stay for the
-- alert list and timeline until retention removes them.
CREATE TABLE alerts (
  fingerprint        TEXT PRIMARY KEY,
  rule_name          TEXT NOT NULL,
  labels             TEXT NOT NULL,
  annotations        TEXT NOT NULL,
  severity           TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN ('inactive', 'pending', 'firing', 'resolved')),
  value              REAL,
  episode            INTEGER NOT NULL,
  active_at          INTEGER NOT NULL,
  fired_at           INTEGER,
  resolved_at        INTEGER,
  since              INTEGER NOT NULL,
  keep_firing_since  INTEGER,
  last_evaluated_at  INTEGER NOT NULL,
  ack_by             TEXT,
  ack_username       TEXT,
  ack_at             INTEGER,
  ack_comment        TEXT,
  -- Escalation of this episode: when, to whom, and whether its resolve went there too.
  escalated_at       INTEGER,
  escalation_receiver TEXT,
  escalation_group   TEXT,
  escalation_closed  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX alerts_by_rule ON alerts (rule_name);
CREATE INDEX alerts_by_state ON alerts (state, since);

-- Every state transition of every alert (SPEC: "every transition stored").
CREATE TABLE alert_transitions (
  id          INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  rule_name   TEXT NOT NULL,
  episode     INTEGER NOT NULL,
  from_state  TEXT NOT NULL,
  to_state    TEXT NOT NULL,
  at          INTEGER NOT NULL,
  value       REAL
) STRICT;
CREATE INDEX alert_transitions_by_alert ON alert_transitions (fingerprint, id);
CREATE INDEX alert_transitions_by_time ON alert_transitions (at);

CREATE TABLE alert_silences (
  id         TEXT PRIMARY KEY,
  matchers   TEXT NOT NULL,
  starts_at  INTEGER NOT NULL,
  ends_at    INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  comment    TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX alert_silences_by_end ON alert_silences (ends_at);

-- Aggregation groups (Alertmanager's): one per route and group labels while it holds alerts. Kept in
-- the database so a restart in the middle of group_wait still flushes the group on time.
CREATE TABLE alert_groups (
  group_key     TEXT PRIMARY KEY,
  route_path    TEXT NOT NULL,
  receiver      TEXT NOT NULL,
  group_labels  TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  next_flush_at INTEGER NOT NULL,
  last_flush_at INTEGER
) STRICT;
CREATE INDEX alert_groups_by_flush ON alert_groups (next_flush_at);

-- The notification log (Alertmanager's nflog): what each receiver last got for each group.
CREATE TABLE alert_notification_log (
  receiver  TEXT NOT NULL,
  group_key TEXT NOT NULL,
  firing    TEXT NOT NULL,
  resolved  TEXT NOT NULL,
  sent_at   INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  PRIMARY KEY (receiver, group_key)
) STRICT;

-- Every notification the engine decided to send, with its payload: the `console` receiver's whole
-- delivery, and the alert timeline's "notified" entries. Written in the same transaction as the log
-- and the hand-over to delivery, so a restart neither repeats nor loses one.
CREATE TABLE alert_notifications (
  id              INTEGER PRIMARY KEY,
  receiver        TEXT NOT NULL,
  group_key       TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
  kind            TEXT NOT NULL CHECK (kind IN ('notify', 'repeat', 'escalation')),
  idempotency_key TEXT NOT NULL UNIQUE,
  at              INTEGER NOT NULL,
  firing          TEXT NOT NULL,
  resolved        TEXT NOT NULL,
  payload         TEXT NOT NULL
) STRICT;
CREATE INDEX alert_notifications_by_time ON alert_notifications (at);

CREATE TABLE alert_notification_alerts (
  fingerprint     TEXT NOT NULL,
  notification_id INTEGER NOT NULL REFERENCES alert_notifications (id) ON DELETE CASCADE,
  PRIMARY KEY (fingerprint, notification_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX alert_notification_alerts_by_notification ON alert_notification_alerts (notification_id);
