#pragma once
// Small builders that keep the 51 tool declarations readable.

#include <cctype>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mcp/discord/calls.hpp"
#include "mcp/tool_registry.hpp"

namespace dbot::mcp::discord_tools {

inline ToolParam guild_param() {
  return ToolParam{"guild_id", ParamType::string, "Guild (server) ID. Defaults to the bot's configured GUILD_ID."};
}
inline ToolParam required_string(std::string name, std::string description) {
  return ToolParam{std::move(name), ParamType::string, std::move(description), true};
}
inline ToolParam optional_string(std::string name, std::string description) {
  return ToolParam{std::move(name), ParamType::string, std::move(description), false};
}
inline ToolParam bool_param(std::string name, std::string description) {
  return ToolParam{std::move(name), ParamType::boolean, std::move(description), false};
}
// `minimum`/`maximum`: the seed's integer width (outside -> invalid params);
// `clamp_*`: the seed's silent clamps.
inline ToolParam integer_param(std::string name, std::string description, bool required,
                               std::optional<std::int64_t> default_value, std::int64_t minimum, std::int64_t maximum,
                               std::optional<std::int64_t> clamp_min = std::nullopt,
                               std::optional<std::int64_t> clamp_max = std::nullopt) {
  ToolParam p{std::move(name), ParamType::integer, std::move(description), required};
  if (default_value) p.default_value = json::value(*default_value);
  p.minimum = minimum;
  p.maximum = maximum;
  p.clamp_min = clamp_min;
  p.clamp_max = clamp_max;
  return p;
}

inline ToolAnnotations read_only() { return ToolAnnotations{true, false, true, true}; }
inline ToolAnnotations additive(bool idempotent = false) { return ToolAnnotations{false, false, idempotent, true}; }
inline ToolAnnotations destructive(bool idempotent) { return ToolAnnotations{false, true, idempotent, true}; }

inline ToolSpec tool(std::string name, std::string title, std::string description, std::vector<ToolParam> params,
                     Scope scope, ToolAnnotations annotations, ToolHandler handler) {
  ToolSpec spec;
  spec.name = std::move(name);
  spec.title = std::move(title);
  spec.description = std::move(description);
  spec.params = std::move(params);
  spec.scope = scope;
  spec.annotations = annotations;
  spec.handler = std::move(handler);
  return spec;
}

void add_guild_and_message_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls);
void add_channel_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls);
void add_role_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls);
void add_member_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls);
void add_dm_and_webhook_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls);
void add_invite_and_emoji_tools(ToolRegistry& registry, std::shared_ptr<Calls> calls);

}  // namespace dbot::mcp::discord_tools
