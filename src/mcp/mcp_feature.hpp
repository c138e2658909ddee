#pragma once
// The per-instance MCP server as a feature: it routes /mcp on the instance's
// HTTP listener (MCP_BIND_ADDR:MCP_PORT, owned by the runtime) and uses the
// instance's REST client, GUILD_ID and database for the call log. The boot rule (no
// non-loopback bind without a strong token) is enforced by the configuration
// check before anything starts.

#include <memory>

#include "bot/feature.hpp"

namespace dbot::mcp {

std::unique_ptr<bot::Feature> make_mcp_feature();

}  // namespace dbot::mcp
