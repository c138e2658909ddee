-- Every MCP tool call an instance served: who (client id from the bearer or
-- client key, and a hash of the session id, never the id itself), which tool,
-- the arguments with secret-looking fields redacted, the outcome and latency.
-- The runner sets search_path to the instance schema; never name a schema here.

CREATE TABLE IF NOT EXISTS mcp_calls (
    id           BIGSERIAL PRIMARY KEY,
    called_at    TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    client_id    TEXT NOT NULL,
    session_hash TEXT NOT NULL,
    tool         TEXT NOT NULL,
    arguments    JSONB NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'tool_error', 'invalid', 'denied')),
    error        TEXT,
    latency_us   BIGINT NOT NULL CHECK (latency_us >= 0)
);

CREATE INDEX IF NOT EXISTS idx_mcp_calls_called_at ON mcp_calls (called_at);
CREATE INDEX IF NOT EXISTS idx_mcp_calls_tool ON mcp_calls (tool, called_at);
