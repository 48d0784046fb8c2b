-- 009_runbooks: runbooks written or edited in the console, versioned (issue 6).
-- Version 0 of a shipped runbook is its file in resources/runbooks and is never stored; every save is a
-- new row, and a revert is a new row too (history is append-only). source NULL means "the shipped text"
-- (a revert to version 0 follows the shipped file, also after an upgrade changes it).
CREATE TABLE runbook_versions (
  slug        TEXT NOT NULL,
  version     INTEGER NOT NULL CHECK (version >= 1),
  kind        TEXT NOT NULL CHECK (kind IN ('edit', 'revert')),
  source      TEXT,
  reverted_to INTEGER CHECK (reverted_to IS NULL OR reverted_to >= 0),
  note        TEXT NOT NULL DEFAULT '',
  author      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (slug, version),
  CHECK (kind = 'revert' OR source IS NOT NULL),
  CHECK ((kind = 'revert') = (reverted_to IS NOT NULL))
) STRICT, WITHOUT ROWID;

-- The steps responders took on an incident (an alert occurrence), append-only: the newest record of a
-- step is its state (done, failed or unchecked). step_text keeps the words the step had at the time.
CREATE TABLE runbook_step_records (
  id          INTEGER PRIMARY KEY,
  incident_id TEXT NOT NULL,
  alert_name  TEXT,
  slug        TEXT NOT NULL,
  version     INTEGER NOT NULL CHECK (version >= 0),
  step_key    TEXT NOT NULL,
  step_text   TEXT NOT NULL,
  action      TEXT,
  outcome     TEXT NOT NULL CHECK (outcome IN ('done', 'failed', 'unchecked')),
  detail      TEXT NOT NULL DEFAULT '',
  actor       TEXT NOT NULL,
  role        TEXT NOT NULL,
  at          TEXT NOT NULL
) STRICT;
CREATE INDEX runbook_step_records_incident ON runbook_step_records (incident_id, slug, id);
