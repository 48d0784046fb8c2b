-- Kept traces (SPEC section 3): one row per trace, its spans encoded together as one compact JSON array
-- (writing a row per span tops out near 75k spans/s here), plus the summary columns the Traces page
-- searches by. Times are epoch milliseconds.
CREATE TABLE traces (
  trace_id     TEXT PRIMARY KEY,
  root_name    TEXT NOT NULL,
  start_ms     REAL NOT NULL,
  duration_ms  REAL NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  span_count   INTEGER NOT NULL,
  error_count  INTEGER NOT NULL,
  turn_id      TEXT,
  campaign_id  TEXT,
  cost         REAL NOT NULL DEFAULT 0,
  kept_reason  TEXT NOT NULL,
  -- The trace's distinct span names, one per line (the spanName filter matches inside them).
  span_names   TEXT NOT NULL,
  -- [[spanId, parentSpanId, name, kind, startOffsetMs, durationMs, status, statusMessage, attributes, events]]
  -- with offsets from start_ms and events as [name, offsetMs, attributes] (trace-store.ts decodes).
  spans        TEXT NOT NULL
) STRICT;
CREATE INDEX traces_by_time ON traces (start_ms);
-- Error traces are few: a partial index finds them without every insert paying for a status index.
CREATE INDEX traces_with_errors ON traces (start_ms) WHERE status = 'error';
CREATE INDEX traces_by_campaign ON traces (campaign_id, start_ms) WHERE campaign_id IS NOT NULL;
CREATE INDEX traces_by_turn ON traces (turn_id) WHERE turn_id IS NOT NULL;
