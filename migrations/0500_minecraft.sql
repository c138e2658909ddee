-- Minecraft integration (docs/minecraft.md). The runner sets search_path to
-- the instance schema; never name a schema here.

-- Accounts linked by `verify`: one Minecraft account per Discord user, and a
-- Minecraft account belongs to at most one Discord user (re-linking moves it).
CREATE TABLE IF NOT EXISTS mc_links (
    discord_id BIGINT PRIMARY KEY,
    mc_uuid    TEXT,
    mc_name    TEXT NOT NULL,
    linked_at  TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE UNIQUE INDEX IF NOT EXISTS idx_mc_links_uuid ON mc_links (mc_uuid) WHERE mc_uuid IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_mc_links_name ON mc_links (lower(mc_name));

-- Every role change donator sync made or tried (and the ones it held back).
CREATE TABLE IF NOT EXISTS mc_donator_changes (
    id         BIGSERIAL PRIMARY KEY,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    guild_id   BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    role_id    BIGINT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('add', 'remove')),
    reason     TEXT NOT NULL,
    outcome    TEXT NOT NULL CHECK (outcome IN ('done', 'failed', 'held')),
    error      TEXT
);
CREATE INDEX IF NOT EXISTS idx_mc_donator_changes_user ON mc_donator_changes (user_id, changed_at);

-- Chargeback alerts. `replay_key` (the payload's id, or a hash of the body)
-- is unique so a replayed webhook is refused; `removed_roles` keeps what the
-- restriction took away so Dismiss can give it back.
CREATE TABLE IF NOT EXISTS mc_chargebacks (
    id            BIGSERIAL PRIMARY KEY,
    replay_key    TEXT NOT NULL UNIQUE,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    mc_uuid       TEXT NOT NULL,
    mc_name       TEXT NOT NULL,
    discord_id    BIGINT,
    tier          TEXT NOT NULL,
    event_time    TEXT NOT NULL,
    removed_roles BIGINT[] NOT NULL DEFAULT '{}',
    roles_stripped BOOLEAN NOT NULL DEFAULT FALSE,
    channel_id    BIGINT,
    message_id    BIGINT,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'working', 'banned', 'dismissed')),
    resolved_by   BIGINT,
    resolved_at   TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS idx_mc_chargebacks_message ON mc_chargebacks (message_id);
