-- 006_trust: the trust store of SPEC section 5 (issue 6).
--
-- The campaign's world (campaigns.world, agents[].trust and .quarantined) is what a turn reads and what
-- compensation restores; these tables are the queryable ledger beside it, written in the same SQLite
-- transaction as every world change that touches trust, so the two never disagree.

-- The policy: one row per version, never updated; a change inserts the next version.
CREATE TABLE trust_policies (
  version    INTEGER PRIMARY KEY,
  rules      TEXT NOT NULL CHECK (json_valid(rules)),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT ''
) STRICT;

-- The policy version each turn ran under (taken when it started), so a replay runs under it too.
CREATE TABLE trust_turn_policies (
  turn_id        TEXT PRIMARY KEY REFERENCES turns(id) ON DELETE CASCADE,
  policy_version INTEGER NOT NULL REFERENCES trust_policies(version)
) STRICT;

-- Current score and quarantine per agent of each campaign.
CREATE TABLE trust_scores (
  campaign_id    TEXT NOT NULL REFERENCES campaigns(id),
  agent_id       TEXT NOT NULL,
  score          REAL NOT NULL CHECK (score >= 0 AND score <= 100),
  quarantined    INTEGER NOT NULL DEFAULT 0 CHECK (quarantined IN (0, 1)),
  updated_ms     INTEGER NOT NULL,
  last_change_id INTEGER,
  PRIMARY KEY (campaign_id, agent_id)
) STRICT;

-- Every change, append-only: compensation adds reversal rows instead of deleting.
CREATE TABLE trust_history (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  campaign_id     TEXT NOT NULL REFERENCES campaigns(id),
  agent_id        TEXT NOT NULL,
  old_score       REAL NOT NULL CHECK (old_score >= 0 AND old_score <= 100),
  new_score       REAL NOT NULL CHECK (new_score >= 0 AND new_score <= 100),
  delta           REAL NOT NULL,
  reason          TEXT NOT NULL,
  was_quarantined INTEGER NOT NULL CHECK (was_quarantined IN (0, 1)),
  quarantined     INTEGER NOT NULL CHECK (quarantined IN (0, 1)),
  turn_id         TEXT,
  interaction_id  TEXT,
  policy_version  INTEGER NOT NULL REFERENCES trust_policies(version),
  actor           TEXT,
  detail          TEXT NOT NULL DEFAULT '',
  at_ms           INTEGER NOT NULL
) STRICT;
CREATE INDEX trust_history_by_campaign ON trust_history (campaign_id, at_ms, id);
CREATE INDEX trust_history_by_agent ON trust_history (campaign_id, agent_id, at_ms, id);
CREATE INDEX trust_history_by_turn ON trust_history (turn_id, id) WHERE turn_id IS NOT NULL;
