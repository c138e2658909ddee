-- Moderation cases: every action the bot takes on a member (or a channel, for
-- nuke) gets a number unique within its guild. Numbers come from a per-guild
-- counter row so two moderators acting at once never get the same number.
-- The runner sets search_path to the instance schema; never name a schema here.

CREATE TABLE IF NOT EXISTS mod_case_counters (
    guild_id    TEXT PRIMARY KEY,
    last_number INTEGER NOT NULL CHECK (last_number >= 0)
);

CREATE TABLE IF NOT EXISTS mod_cases (
    guild_id       TEXT NOT NULL,
    case_number    INTEGER NOT NULL CHECK (case_number > 0),
    action         TEXT NOT NULL CHECK (action IN ('ban', 'tempban', 'unban', 'kick', 'timeout',
                                                    'untimeout', 'warn', 'nuke')),
    target_id      TEXT NOT NULL,  -- a user id, or the channel id for nuke
    moderator_id   TEXT NOT NULL,  -- the bot's own id for automatic actions
    reason         TEXT,
    duration_secs  BIGINT CHECK (duration_secs IS NULL OR duration_secs >= 0),
    expires_at     TIMESTAMPTZ,
    detail         TEXT,           -- e.g. "12 deleted, 3 skipped" for nuke
    log_channel_id TEXT,           -- where the modlog embed went, so `reason` can edit it
    log_message_id TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (guild_id, case_number)
);

CREATE INDEX IF NOT EXISTS idx_mod_cases_target ON mod_cases (guild_id, target_id, case_number DESC);

-- Tempbans now point at their case, remember the exact audit-log reason the
-- ban was made with (so expiry can tell our ban from a later one by someone
-- else), and keep failed unbans visible with a retry schedule.
ALTER TABLE tempbans ADD COLUMN IF NOT EXISTS case_number INTEGER;
ALTER TABLE tempbans ADD COLUMN IF NOT EXISTS ban_reason TEXT;
ALTER TABLE tempbans ADD COLUMN IF NOT EXISTS attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tempbans ADD COLUMN IF NOT EXISTS next_attempt_at TIMESTAMPTZ;
ALTER TABLE tempbans ADD COLUMN IF NOT EXISTS last_error TEXT;
-- How the tempban ended: expired (lifted by the bot), unbanned (by a command
-- or in Discord), superseded (banned again meanwhile; never lifted by us).
ALTER TABLE tempbans ADD COLUMN IF NOT EXISTS ended_how TEXT
    CHECK (ended_how IS NULL OR ended_how IN ('expired', 'unbanned', 'superseded'));

CREATE INDEX IF NOT EXISTS idx_tempbans_due ON tempbans (expires_at) WHERE unbanned = FALSE;

-- Auto-role: a failed promotion is retried, so remember why the last one failed.
ALTER TABLE member_activity ADD COLUMN IF NOT EXISTS last_error TEXT;
