#include "features/minecraft/chargeback_store.hpp"

#include "db/pool.hpp"

namespace dbot::features::minecraft {
namespace asio = boost::asio;

std::string to_pg_array(const std::vector<Snowflake>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + ids[i].str();
  return out + "}";
}

std::vector<Snowflake> from_pg_array(std::string_view text) {
  std::vector<Snowflake> out;
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return out;
  text = text.substr(1, text.size() - 2);
  while (!text.empty()) {
    const auto comma = text.find(',');
    if (auto id = Snowflake::parse(text.substr(0, comma))) out.push_back(*id);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

asio::awaitable<std::optional<std::int64_t>> ChargebackStore::insert(const ChargebackEvent& event, std::string key) {
  std::optional<std::string> discord;
  if (event.discord_id) discord = event.discord_id->str();
  const auto result = co_await pool_.execute(
      "INSERT INTO mc_chargebacks (replay_key, mc_uuid, mc_name, discord_id, tier, event_time) "
      "VALUES ($1, $2, $3, $4::bigint, $5, $6) ON CONFLICT (replay_key) DO NOTHING RETURNING id",
      key, event.uuid, event.username, discord, event.tier, event.timestamp);
  if (result.empty()) co_return std::nullopt;
  co_return result[0].get<std::int64_t>("id");
}

asio::awaitable<void> ChargebackStore::save_removed_roles(std::int64_t id, const std::vector<Snowflake>& roles) {
  co_await pool_.execute("UPDATE mc_chargebacks SET removed_roles = $2::bigint[] WHERE id = $1", id,
                         to_pg_array(roles));
}

asio::awaitable<void> ChargebackStore::mark_stripped(std::int64_t id) {
  co_await pool_.execute("UPDATE mc_chargebacks SET roles_stripped = TRUE WHERE id = $1", id);
}

asio::awaitable<void> ChargebackStore::set_message(std::int64_t id, Snowflake channel, Snowflake message) {
  co_await pool_.execute("UPDATE mc_chargebacks SET channel_id = $2::bigint, message_id = $3::bigint WHERE id = $1", id,
                         channel.str(), message.str());
}

asio::awaitable<std::optional<ChargebackAlert>> ChargebackStore::by_message(Snowflake message) {
  const auto result = co_await pool_.execute(
      "SELECT id, mc_uuid, mc_name, discord_id::text AS discord_id, tier, event_time, removed_roles::text AS removed, "
      "roles_stripped, status FROM mc_chargebacks WHERE message_id = $1::bigint",
      message.str());
  if (result.empty()) co_return std::nullopt;
  const auto row = result[0];
  ChargebackAlert alert;
  alert.id = row.get<std::int64_t>("id");
  alert.uuid = row.get<std::string>("mc_uuid");
  alert.username = row.get<std::string>("mc_name");
  if (const auto discord = row.get<std::optional<std::string>>("discord_id"))
    alert.discord_id = Snowflake::parse(*discord);
  alert.tier = row.get<std::string>("tier");
  alert.event_time = row.get<std::string>("event_time");
  alert.removed_roles = from_pg_array(row.get<std::string>("removed"));
  alert.roles_stripped = row.get<bool>("roles_stripped");
  alert.status = row.get<std::string>("status");
  co_return alert;
}

asio::awaitable<bool> ChargebackStore::claim(std::int64_t id) {
  const auto result = co_await pool_.execute(
      "UPDATE mc_chargebacks SET status = 'working' WHERE id = $1 AND status = 'open' RETURNING id", id);
  co_return !result.empty();
}

asio::awaitable<void> ChargebackStore::release(std::int64_t id) {
  co_await pool_.execute("UPDATE mc_chargebacks SET status = 'open' WHERE id = $1 AND status = 'working'", id);
}

asio::awaitable<void> ChargebackStore::resolve(std::int64_t id, std::string status, Snowflake by) {
  co_await pool_.execute(
      "UPDATE mc_chargebacks SET status = $2, resolved_by = $3::bigint, resolved_at = NOW() WHERE id = $1", id, status,
      by.str());
}

}  // namespace dbot::features::minecraft
