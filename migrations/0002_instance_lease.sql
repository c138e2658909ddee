-- Which instance last held this schema and when it last showed signs of life.
-- The exclusive lease itself is a Postgres advisory lock held for the
-- instance's lifetime; this single row only records activity for operators
-- (`db schemas`) and is never used to decide who may run.

CREATE TABLE IF NOT EXISTS instance_lease (
    singleton    BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    holder       TEXT NOT NULL,
    hostname     TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    version      TEXT NOT NULL,
    acquired_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    released_at  TIMESTAMPTZ
);
