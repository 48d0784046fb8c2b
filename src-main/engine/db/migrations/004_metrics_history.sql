-- Metrics history (SPEC section 2): the sample recorder's snapshots of the prom-client registry.
-- One row per series (sample name + canonical labels) and narrow sample rows keyed by (series, time), so a
-- range query over one series is one index range scan and a sample costs ~20 bytes on disk.

-- One time series: a sample name (for histograms `<metric>_bucket`, `_sum`, `_count`), its labels without
-- `le` as canonical JSON (keys sorted), and the bucket bound apart so percentiles can sort by it.
CREATE TABLE metric_series (
  id         INTEGER PRIMARY KEY,
  -- The metric family (the histogram's base name) and its type: counter | gauge | histogram | summary.
  metric     TEXT NOT NULL,
  type       TEXT NOT NULL,
  name       TEXT NOT NULL,
  labels     TEXT NOT NULL,
  -- Upper bound of a histogram bucket series (+Inf stored as 'Inf' text would break sorting; REAL holds inf).
  le         REAL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX metric_series_identity ON metric_series (name, labels, coalesce(le, -1e308));
CREATE INDEX metric_series_by_metric ON metric_series (metric);

-- Raw samples: epoch milliseconds and value; kept for the raw retention (default 7 days). `delta` is a
-- counter's increase over its previous sample, computed when written (a drop is a reset: the new value;
-- no predecessor within 5 minutes: 0), so increase and rate are a plain SUM per step bucket. NULL for
-- gauges. Zero and small integer values take no or one byte in SQLite's record format.
CREATE TABLE metric_samples (
  series_id INTEGER NOT NULL,
  ts        INTEGER NOT NULL,
  value     REAL NOT NULL,
  delta     REAL,
  PRIMARY KEY (series_id, ts)
) STRICT, WITHOUT ROWID;

-- The head: samples of the current 5-minute bucket, keyed by time so that a snapshot is an append at the
-- end of one B-tree (a few pages) instead of one write into every series' own leaf page. When a snapshot
-- opens a new bucket, the head's older rows move to metric_samples ordered by series: each series' leaf
-- is then written once per 5 minutes, not once per snapshot.
CREATE TABLE metric_samples_head (
  ts        INTEGER NOT NULL,
  series_id INTEGER NOT NULL,
  value     REAL NOT NULL,
  delta     REAL,
  PRIMARY KEY (ts, series_id)
) STRICT, WITHOUT ROWID;

-- Five-minute rollups (ts = bucket start): enough to answer last/avg/min/max/rate/increase over any window
-- that is a multiple of 5 minutes. `increase` is the counter increase of the bucket's samples over their
-- predecessors (resets counted as a restart from zero), so the increase over consecutive buckets is a sum.
CREATE TABLE metric_rollups (
  series_id INTEGER NOT NULL,
  ts        INTEGER NOT NULL,
  count     INTEGER NOT NULL,
  sum       REAL NOT NULL,
  min       REAL NOT NULL,
  max       REAL NOT NULL,
  last      REAL NOT NULL,
  increase  REAL NOT NULL,
  PRIMARY KEY (series_id, ts)
) STRICT, WITHOUT ROWID;

-- One row per snapshot: when, and how many samples it wrote. Answers "oldest sample" and "last snapshot"
-- without scanning the sample table.
CREATE TABLE metric_snapshots (
  ts      INTEGER PRIMARY KEY,
  samples INTEGER NOT NULL
) STRICT;

-- The rollup watermark: every 5-minute bucket before `rolled_until` (epoch ms) is in metric_rollups.
CREATE TABLE metric_history_state (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  rolled_until INTEGER NOT NULL
) STRICT;
INSERT INTO metric_history_state (id, rolled_until) VALUES (1, 0);
