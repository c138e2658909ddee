#pragma once
// The per-instance MCP server as a feature: it starts with the instance (on
// MCP_BIND_ADDR:MCP_PORT, using the instance's REST client, GUILD_ID and
// database for the call log) and stops with it. The boot rule (no
// non-loopback bind without a strong token) is enforced by the configuration
// check before anything starts.

#include <memory>

#include "bot/feature.hpp"

namespace dbot::mcp {

std::unique_ptr<bot::Feature> make_mcp_feature();

}  // namespace dbot::mcp
