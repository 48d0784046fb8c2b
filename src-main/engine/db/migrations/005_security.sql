-- Tokens the console minted (never their values): for listing, revocation by jti and login exchange.
CREATE TABLE auth_tokens (
  jti         TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('api', 'login', 'session')),
  subject     TEXT NOT NULL,
  role        TEXT NOT NULL,
  campaign_id TEXT,
  label       TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT
) STRICT;
CREATE INDEX auth_tokens_revoked ON auth_tokens (revoked_at) WHERE revoked_at IS NOT NULL;

-- Revoked jtis of tokens the console did not mint (e.g. signed by an external EdDSA issuer).
CREATE TABLE auth_revocations (
  jti        TEXT PRIMARY KEY,
  revoked_at TEXT NOT NULL,
  expires_at TEXT
) STRICT;

-- The hash-chained audit log: each entry carries the hash of the one before it.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  role      TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT,
  outcome   TEXT NOT NULL,
  detail    TEXT,
  trace_id  TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
