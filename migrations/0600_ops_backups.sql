-- The outcome of every `discord-bot backup` and `restore` run for this schema,
-- so `doctor` can tell how old the last good backup and the last verified
-- restore are. File names only (never a path with secrets, never a URL).
-- The runner sets search_path to the instance schema; never name a schema here.

CREATE TABLE IF NOT EXISTS ops_backups (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('backup', 'restore', 'verify')),
    file_name   TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    ok          BOOLEAN NOT NULL,
    size_bytes  BIGINT,
    tables_read INTEGER,
    rows_read   BIGINT,
    detail      TEXT
);

CREATE INDEX IF NOT EXISTS idx_ops_backups_kind ON ops_backups (kind, ok, finished_at);
