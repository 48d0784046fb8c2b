-- 010_dashboards: dashboards imported in the console (issue 7), beside the shipped ones in
-- resources/dashboards (never stored). definition is the validated Dashboard JSON; source says which
-- format the file was (Grafana dashboard JSON or a console definition). Importing an id again replaces it.
CREATE TABLE imported_dashboards (
  id          TEXT PRIMARY KEY,
  definition  TEXT NOT NULL CHECK (json_valid(definition)),
  source      TEXT NOT NULL CHECK (source IN ('grafana', 'console')),
  imported_by TEXT NOT NULL,
  imported_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
