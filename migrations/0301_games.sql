-- Wordle and Connections: puzzles cached per date, games that survive a
-- restart, and per-guild player statistics.

CREATE TABLE IF NOT EXISTS puzzle_cache (
    kind        TEXT NOT NULL,           -- wordle | connections
    puzzle_date DATE NOT NULL,
    body        TEXT NOT NULL,           -- the NYT JSON as received
    fetched_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (kind, puzzle_date)
);

CREATE TABLE IF NOT EXISTS game_sessions (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,           -- wordle | connections
    guild_id    TEXT NOT NULL,
    channel_id  TEXT NOT NULL,
    message_id  TEXT,                    -- the board; set once it is posted
    puzzle_date DATE NOT NULL,
    state       TEXT NOT NULL,           -- JSON in the game's own shape
    status      TEXT NOT NULL DEFAULT 'active',  -- active | won | lost | expired
    created_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- One live game of each kind per channel.
CREATE UNIQUE INDEX IF NOT EXISTS game_sessions_one_active
    ON game_sessions (kind, channel_id) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS game_sessions_message ON game_sessions (message_id);

CREATE TABLE IF NOT EXISTS game_stats (
    guild_id       TEXT NOT NULL,
    user_id        TEXT NOT NULL,
    kind           TEXT NOT NULL,
    played         INTEGER NOT NULL DEFAULT 0,
    won            INTEGER NOT NULL DEFAULT 0,
    current_streak INTEGER NOT NULL DEFAULT 0,
    max_streak     INTEGER NOT NULL DEFAULT 0,
    -- Wins by guesses used (Wordle: 1..6) or mistakes made (Connections: 0..3).
    distribution   INTEGER[] NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (guild_id, user_id, kind)
);
CREATE INDEX IF NOT EXISTS game_stats_board ON game_stats (guild_id, kind, won DESC);
