-- 011_turn_tables: fewer pages written per turn (issue 3's throughput). Measured on the demo campaign
-- (5 participants), a turn's commits wrote 89 WAL pages; these three changes remove about 14 of them.
--
-- turn_events_by_type was never used by a query, yet every event paid for an entry in it (~5 pages a turn).
DROP INDEX turn_events_by_type;

-- turn_phases and turn_events are only ever read by their primary key (turn_id first): as WITHOUT ROWID
-- tables the rows live in the key's B-tree, so a phase commit writes one tree instead of a table and
-- its key index. Their rows are small (a phase result, an event of ~250 bytes). No table references them.
CREATE TABLE turn_phases_011 (
  turn_id          TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  phase            TEXT NOT NULL,
  ord              INTEGER NOT NULL,
  status           TEXT NOT NULL,
  duration_ms      REAL NOT NULL DEFAULT 0,
  events_processed INTEGER NOT NULL DEFAULT 0,
  events_generated INTEGER NOT NULL DEFAULT 0,
  ai_cost          REAL NOT NULL DEFAULT 0,
  tokens_in        INTEGER NOT NULL DEFAULT 0,
  tokens_out       INTEGER NOT NULL DEFAULT 0,
  error            TEXT,
  PRIMARY KEY (turn_id, phase)
) STRICT, WITHOUT ROWID;
INSERT INTO turn_phases_011 (turn_id, phase, ord, status, duration_ms, events_processed, events_generated, ai_cost, tokens_in, tokens_out, error)
  SELECT turn_id, phase, ord, status, duration_ms, events_processed, events_generated, ai_cost, tokens_in, tokens_out, error FROM turn_phases;
DROP TABLE turn_phases;
ALTER TABLE turn_phases_011 RENAME TO turn_phases;

CREATE TABLE turn_events_011 (
  turn_id TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  id      TEXT NOT NULL,
  type    TEXT NOT NULL,
  body    TEXT NOT NULL CHECK (json_valid(body)),
  removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (turn_id, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO turn_events_011 (turn_id, seq, id, type, body, removed) SELECT turn_id, seq, id, type, body, removed FROM turn_events;
DROP TABLE turn_events;
ALTER TABLE turn_events_011 RENAME TO turn_events;
