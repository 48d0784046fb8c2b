-- Campaigns and their current world (one JSON document per campaign, versioned: every committed change
-- bumps the version, so a compensation can prove it restored the exact pre-turn document).
CREATE TABLE campaigns (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  world       TEXT NOT NULL CHECK (json_valid(world)),
  world_version INTEGER NOT NULL DEFAULT 1,
  next_turn_number INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE turns (
  id               TEXT PRIMARY KEY,
  campaign_id      TEXT NOT NULL REFERENCES campaigns(id),
  number           INTEGER NOT NULL,
  status           TEXT NOT NULL,
  origin           TEXT NOT NULL,
  provider         TEXT NOT NULL,
  -- The provider's settings (never secrets), so a replay with the simulated provider uses the same ones.
  provider_config  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(provider_config)),
  seed             INTEGER NOT NULL,
  configuration    TEXT NOT NULL CHECK (json_valid(configuration)),
  participants     TEXT NOT NULL CHECK (json_valid(participants)),
  replay_of        TEXT REFERENCES turns(id),
  started_at       TEXT NOT NULL,
  finished_at      TEXT,
  duration_ms      REAL,
  provider_ms      REAL NOT NULL DEFAULT 0,
  completion       REAL NOT NULL DEFAULT 0,
  total_ai_cost    REAL NOT NULL DEFAULT 0,
  tokens_in        INTEGER NOT NULL DEFAULT 0,
  tokens_out       INTEGER NOT NULL DEFAULT 0,
  failed_phase     TEXT,
  failure_reason   TEXT,
  failure_message  TEXT,
  started_by       TEXT NOT NULL,
  -- Process running the turn: crash recovery only takes over turns whose process is gone, so a CLI
  -- opening the same data dir as a running console never interrupts the console's turns.
  owner_pid        INTEGER NOT NULL
) STRICT;
-- A replay carries the number of the turn it replays; numbers are unique among the campaign's own turns.
CREATE UNIQUE INDEX turns_number ON turns (campaign_id, number) WHERE replay_of IS NULL;
CREATE INDEX turns_by_campaign ON turns (campaign_id, started_at);
CREATE INDEX turns_by_status ON turns (status, started_at);
CREATE INDEX turns_by_time ON turns (started_at);

-- The world as it was when the turn began (what rollback_world_state restores and replay starts from)
-- and as the turn left it (what two turns are diffed by).
CREATE TABLE world_snapshots (
  turn_id       TEXT PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
  world         TEXT NOT NULL CHECK (json_valid(world)),
  world_version INTEGER NOT NULL,
  world_after   TEXT CHECK (world_after IS NULL OR json_valid(world_after))
) STRICT;

CREATE TABLE turn_phases (
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
) STRICT;

-- Phase outputs. Compensation marks them undone (with the compensation that did it) instead of
-- deleting, so a story master can still see what a failed turn produced and what was undone.
CREATE TABLE turn_briefs (
  turn_id     TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  agent_id    TEXT NOT NULL,
  body        TEXT NOT NULL CHECK (json_valid(body)),
  invalidated INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (turn_id, agent_id)
) STRICT;

CREATE TABLE turn_interactions (
  turn_id   TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  id        TEXT NOT NULL,
  body      TEXT NOT NULL CHECK (json_valid(body)),
  cancelled INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (turn_id, id)
) STRICT;

CREATE TABLE turn_events (
  turn_id TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  id      TEXT NOT NULL,
  type    TEXT NOT NULL,
  body    TEXT NOT NULL CHECK (json_valid(body)),
  removed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (turn_id, seq)
) STRICT;
CREATE INDEX turn_events_by_type ON turn_events (type);

CREATE TABLE turn_narratives (
  turn_id  TEXT PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
  body     TEXT NOT NULL CHECK (json_valid(body)),
  reverted INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Every provider call of a turn: what replay with recorded responses plays back.
CREATE TABLE provider_transcripts (
  turn_id       TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  seq           INTEGER NOT NULL,
  phase         TEXT NOT NULL,
  operation     TEXT NOT NULL,
  agent_id      TEXT,
  model         TEXT NOT NULL,
  seed          TEXT NOT NULL,
  request       TEXT NOT NULL CHECK (json_valid(request)),
  response      TEXT CHECK (response IS NULL OR json_valid(response)),
  error         TEXT,
  input_tokens  INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost          REAL NOT NULL DEFAULT 0,
  latency_ms    REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (turn_id, seq)
) STRICT;

CREATE TABLE turn_compensations (
  turn_id TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  type    TEXT NOT NULL,
  phase   TEXT,
  success INTEGER NOT NULL,
  detail  TEXT NOT NULL DEFAULT '',
  at      TEXT NOT NULL,
  PRIMARY KEY (turn_id, seq)
) STRICT;

CREATE TABLE review_queue (
  id            TEXT PRIMARY KEY,
  turn_id       TEXT NOT NULL REFERENCES turns(id) ON DELETE CASCADE,
  campaign_id   TEXT NOT NULL REFERENCES campaigns(id),
  reason        TEXT NOT NULL,
  severity      TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open',
  resolved_by   TEXT,
  resolved_at   TEXT,
  resolution    TEXT
) STRICT;
CREATE INDEX review_queue_open ON review_queue (status, created_at);
