// The plugin's answers, parsed apart from the HTTP client so the fuzz
// target (fuzz/minecraft_webhook_fuzz.cpp) can link them alone.

#include "features/minecraft/plugin_client.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include "core/error.hpp"

namespace dbot::features::minecraft {
namespace json = boost::json;

namespace {

json::object parse_object(std::string_view body, std::string_view what) {
  json::value value;
  try {
    value = json::parse(body);
  } catch (const std::exception& e) {
    throw Error(kPluginUnreachable, fmt::format("Invalid {} response from the Minecraft plugin: {}", what, e.what()));
  }
  if (!value.is_object()) {
    throw Error(kPluginUnreachable, fmt::format("Invalid {} response from the Minecraft plugin: not an object", what));
  }
  return std::move(value.as_object());
}

std::optional<std::string> optional_string(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

}  // namespace

VerifyResult parse_verify_response(std::string_view body) {
  const auto object = parse_object(body, "verify");
  const auto* success = object.if_contains("success");
  if (!success || !success->is_bool()) {
    throw Error(kPluginUnreachable, "Invalid verify response from the Minecraft plugin: no boolean 'success'");
  }
  VerifyResult result;
  result.success = success->as_bool();
  result.username = optional_string(object, "username");
  result.uuid = optional_string(object, "uuid");
  result.error = optional_string(object, "error");
  return result;
}

DonatorList parse_donators_response(std::string_view body) {
  const auto object = parse_object(body, "donators");
  const auto* list = object.if_contains("donators");
  if (!list || !list->is_array()) {
    throw Error(kPluginUnreachable, "Invalid donators response from the Minecraft plugin: no 'donators' list");
  }
  DonatorList out;
  for (const auto& entry : list->as_array()) {
    if (!entry.is_object()) {
      throw Error(kPluginUnreachable, "Invalid donators response from the Minecraft plugin: an entry is not an object");
    }
    const auto& donor = entry.as_object();
    const auto tier = optional_string(donor, "tier");
    if (!tier) {
      throw Error(kPluginUnreachable, "Invalid donators response from the Minecraft plugin: an entry has no tier");
    }
    std::optional<Snowflake> id;
    if (const auto text = optional_string(donor, "discord_id")) id = Snowflake::parse(*text);
    if (!id || id->value == 0) {
      ++out.skipped_ids;
      continue;
    }
    out.donators.push_back({*id, *tier});
  }
  return out;
}

}  // namespace dbot::features::minecraft
