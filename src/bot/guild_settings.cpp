#include "bot/guild_settings.hpp"

#include "db/pool.hpp"

namespace dbot::bot {
namespace {

std::optional<Snowflake> id_from(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return Snowflake::parse(*text);
}

std::optional<std::string> text_from(std::optional<Snowflake> id) {
  if (!id) return std::nullopt;
  return id->str();
}

}  // namespace

boost::asio::awaitable<GuildSettings> GuildSettingsStore::get(Snowflake guild) {
  auto result = co_await pool_.execute(
      "SELECT audit_log_channel_id, dj_role_id, dj_mode_enabled FROM guild_settings WHERE guild_id = $1", guild.str());
  GuildSettings settings;
  if (result.rows() == 0) co_return settings;
  settings.log_channel = id_from(result.get<std::optional<std::string>>(0, "audit_log_channel_id"));
  settings.dj_role = id_from(result.get<std::optional<std::string>>(0, "dj_role_id"));
  settings.dj_mode = result.get<bool>(0, "dj_mode_enabled");
  co_return settings;
}

boost::asio::awaitable<void> GuildSettingsStore::set_log_channel(Snowflake guild, std::optional<Snowflake> channel) {
  co_await pool_.execute(
      "INSERT INTO guild_settings (guild_id, audit_log_channel_id) VALUES ($1, $2) "
      "ON CONFLICT (guild_id) DO UPDATE SET audit_log_channel_id = EXCLUDED.audit_log_channel_id",
      guild.str(), text_from(channel));
}

boost::asio::awaitable<void> GuildSettingsStore::set_dj_role(Snowflake guild, std::optional<Snowflake> role) {
  co_await pool_.execute(
      "INSERT INTO guild_settings (guild_id, dj_role_id) VALUES ($1, $2) "
      "ON CONFLICT (guild_id) DO UPDATE SET dj_role_id = EXCLUDED.dj_role_id",
      guild.str(), text_from(role));
}

boost::asio::awaitable<void> GuildSettingsStore::set_dj_mode(Snowflake guild, bool enabled) {
  co_await pool_.execute(
      "INSERT INTO guild_settings (guild_id, dj_mode_enabled) VALUES ($1, $2) "
      "ON CONFLICT (guild_id) DO UPDATE SET dj_mode_enabled = EXCLUDED.dj_mode_enabled",
      guild.str(), enabled);
}

}  // namespace dbot::bot
