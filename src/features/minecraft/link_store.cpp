#include "features/minecraft/link_store.hpp"

#include <cctype>

#include "db/pool.hpp"

namespace dbot::features::minecraft {
namespace asio = boost::asio;

namespace {

constexpr const char* kColumns =
    "discord_id::text AS discord_id, mc_uuid, mc_name, "
    "to_char(linked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS linked_at, "
    "extract(epoch FROM linked_at)::bigint AS linked_unix";

std::optional<LinkedAccount> first_row(const db::Result& result) {
  if (result.empty()) return std::nullopt;
  const auto row = result[0];
  LinkedAccount account;
  account.discord_id = Snowflake::parse(row.get<std::string>("discord_id")).value_or(Snowflake{});
  account.mc_uuid = row.get<std::optional<std::string>>("mc_uuid");
  account.mc_name = row.get<std::string>("mc_name");
  account.linked_at = row.get<std::string>("linked_at");
  account.linked_at_unix = row.get<std::int64_t>("linked_unix");
  return account;
}

}  // namespace

asio::awaitable<void> LinkStore::link(Snowflake discord_id, std::optional<std::string> mc_uuid, std::string mc_name) {
  co_await pool_.transaction([&](db::Connection& c) -> asio::awaitable<void> {
    if (mc_uuid) {
      co_await c.execute("DELETE FROM mc_links WHERE mc_uuid = $1 AND discord_id <> $2::bigint", *mc_uuid,
                         discord_id.str());
    }
    co_await c.execute(
        "INSERT INTO mc_links (discord_id, mc_uuid, mc_name, linked_at) VALUES ($1::bigint, $2, $3, NOW()) "
        "ON CONFLICT (discord_id) DO UPDATE SET mc_uuid = EXCLUDED.mc_uuid, mc_name = EXCLUDED.mc_name, "
        "linked_at = EXCLUDED.linked_at",
        discord_id.str(), mc_uuid, mc_name);
  });
}

asio::awaitable<std::optional<LinkedAccount>> LinkStore::by_discord_id(Snowflake discord_id) {
  const auto sql = std::string("SELECT ") + kColumns + " FROM mc_links WHERE discord_id = $1::bigint";
  const auto result = co_await pool_.execute(sql, discord_id.str());
  co_return first_row(result);
}

asio::awaitable<std::optional<LinkedAccount>> LinkStore::by_minecraft(std::string name_or_uuid) {
  std::string compact;
  for (char ch : name_or_uuid) {
    if (ch != '-') compact.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
  }
  const auto sql = std::string("SELECT ") + kColumns +
                   " FROM mc_links WHERE lower(mc_name) = lower($1) OR lower(replace(mc_uuid, '-', '')) = $2 "
                   "ORDER BY linked_at DESC LIMIT 1";
  const auto result = co_await pool_.execute(sql, name_or_uuid, compact);
  co_return first_row(result);
}

}  // namespace dbot::features::minecraft
