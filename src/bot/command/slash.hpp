#pragma once
// Slash commands generated from the same CommandSpecs as prefix commands.
// Every command is top-level (/ban, /stock buy) whatever the prefix root:
// slash commands belong to one application, so two bots never collide, and
// Discord allows only 25 subcommands under one command, fewer than we have.

#include <string>
#include <string_view>

#include "bot/command/registry.hpp"

namespace dbot::bot {

// The JSON array body for PUT /applications/{id}/guilds/{guild}/commands.
std::string slash_commands_json(const CommandRegistry& registry);

// Discord option type for an argument kind (3 STRING, 4 INTEGER, 6 USER,
// 7 CHANNEL, 8 ROLE, 10 NUMBER).
int slash_option_type(ArgKind kind);

}  // namespace dbot::bot
