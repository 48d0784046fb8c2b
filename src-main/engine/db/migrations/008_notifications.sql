-- 008_notifications: notification channels (receivers) and the delivery outbox (SPEC section 6, Channels
-- and Delivery). Secrets never sit here: they live in the OS keychain as channel.<id>.secret.

-- A receiver of alert notifications; its id is the receiver name routes use.
CREATE TABLE notification_channels (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('desktop', 'webhook', 'slack', 'pagerduty', 'alertmanager')),
  enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  -- JSON of the kind's settings, no secrets.
  settings   TEXT NOT NULL,
  -- Where it sends, without secrets (scheme and host of a secret URL).
  target     TEXT NOT NULL,
  has_secret INTEGER NOT NULL DEFAULT 0 CHECK (has_secret IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

-- The outbox: one row per notification per channel, kept until delivered (or given up), so nothing is lost
-- across restarts. Times are epoch milliseconds (the dispatcher compares them).
CREATE TABLE notification_outbox (
  id              INTEGER PRIMARY KEY,
  channel_id      TEXT NOT NULL,
  -- Names one alert-state change for one receiver: a second enqueue under it is ignored.
  idempotency_key TEXT NOT NULL UNIQUE,
  -- The group notification (Alertmanager webhook v4 shape, without version), JSON.
  payload         TEXT NOT NULL,
  summary         TEXT NOT NULL,
  group_key       TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  delivered_at    INTEGER,
  last_error      TEXT,
  -- A process sending the row holds it until then, so two processes on one data dir never send it at once.
  lease_until     INTEGER,
  is_test         INTEGER NOT NULL DEFAULT 0 CHECK (is_test IN (0, 1))
) STRICT;
-- Each channel's queue head (oldest pending row first).
CREATE INDEX notification_outbox_pending ON notification_outbox (channel_id, id) WHERE status = 'pending';
-- Recent rows of a channel (deliveries list, last delivery and last error).
CREATE INDEX notification_outbox_channel ON notification_outbox (channel_id, id);
-- Retention of settled rows.
CREATE INDEX notification_outbox_settled ON notification_outbox (created_at) WHERE status <> 'pending';
