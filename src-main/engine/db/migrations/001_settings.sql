-- Engine-wide settings as JSON values, one row per key (provider, retention, desktop operator role, ...).
CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL CHECK (json_valid(value)),
  updated_at TEXT NOT NULL
) STRICT;

-- One row describing this database: when and by which version it was created.
CREATE TABLE instance (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  instance_id TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
) STRICT;
