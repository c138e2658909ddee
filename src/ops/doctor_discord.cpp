// Doctor checks that ask Discord (only with --network): the token works, the
// privileged intents are enabled, the bot is in GUILD_ID, its permissions
// (Administrator warned), and its role sits above every role it manages.
// Read-only GETs; the token never appears in a finding.

#include <fmt/format.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json.hpp>

#include "discord/permissions.hpp"
#include "discord/routes.hpp"
#include "net/http_client.hpp"
#include "ops/doctor_detail.hpp"
#include "ops/run_sync.hpp"

namespace dbot::ops::detail {

namespace asio = boost::asio;
namespace json = boost::json;
namespace perm = discord::permission;
using asio::awaitable;

namespace {

struct Answer {
  unsigned status = 0;
  json::value body;
};

awaitable<Answer> get(net::HttpClient& http, const std::string& base, const std::string& token,
                      const discord::Route& route) {
  net::HttpRequest request;
  request.method = "GET";
  request.target = base + route.path();
  request.headers.set("Authorization", "Bot " + token);
  const auto response = co_await http.request(request);
  Answer answer;
  answer.status = response.status;
  boost::system::error_code ec;
  answer.body = json::parse(response.body, ec);
  co_return answer;
}

std::uint64_t as_u64(const json::value& value) {
  if (value.is_string()) return std::stoull(std::string(value.as_string()));
  if (value.is_int64()) return static_cast<std::uint64_t>(value.as_int64());
  if (value.is_uint64()) return value.as_uint64();
  return 0;
}

// What the bot's features use (docs/running.md); Administrator is not on it.
constexpr std::pair<discord::Permissions, const char*> kNeeded[] = {
    {perm::view_channel, "View Channels"},
    {perm::send_messages, "Send Messages"},
    {perm::embed_links, "Embed Links"},
    {perm::read_message_history, "Read Message History"},
    {perm::add_reactions, "Add Reactions"},
    {perm::manage_messages, "Manage Messages"},
    {perm::ban_members, "Ban Members"},
    {perm::kick_members, "Kick Members"},
    {perm::moderate_members, "Moderate Members"},
    {perm::manage_roles, "Manage Roles"},
    {perm::connect, "Connect"},
    {perm::speak, "Speak"},
};

awaitable<void> check_one(const LoadedInstance& instance, Report& report) {
  const auto& label = instance.label;
  const auto& config = *instance.config;
  const auto& token = config.env.discord_token;
  std::string base = config.env.discord_api_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  base += "/v10";
  net::HttpClient::Options options;
  options.timeout = std::chrono::seconds(10);
  net::HttpClient http(co_await asio::this_coro::executor, options);

  const discord::Route get_current_user_route{discord::routes::get_current_user};
  const auto me = co_await get(http, base, token, get_current_user_route);
  if (me.status == 401) {
    report.fail("discord.token", label, "Discord rejected DISCORD_TOKEN (401)",
                "copy a fresh token from the developer portal (Bot > Reset Token)");
    co_return;
  }
  if (me.status != 200 || !me.body.is_object()) {
    report.warn("discord.token", label, fmt::format("GET /users/@me answered {}", me.status),
                "try again later; Discord or the network may be down");
    co_return;
  }
  const auto bot_id = std::string(me.body.as_object().at("id").as_string());
  report.pass("discord.token", label,
              fmt::format("token works (bot {})", std::string(me.body.as_object().at("username").as_string())));

  const discord::Route get_current_application_route{discord::routes::get_current_application};
  const auto app = co_await get(http, base, token, get_current_application_route);
  if (app.status == 200 && app.body.is_object() && app.body.as_object().contains("flags")) {
    const auto flags = as_u64(app.body.as_object().at("flags"));
    std::vector<std::string> missing;
    if ((flags & ((1ull << 14) | (1ull << 15))) == 0) missing.push_back("Server Members");
    if ((flags & ((1ull << 18) | (1ull << 19))) == 0) missing.push_back("Message Content");
    if (missing.empty()) {
      report.pass("discord.intents", label, "Server Members and Message Content intents enabled");
    } else {
      report.fail("discord.intents", label, "privileged intents not enabled: " + join(missing),
                  "developer portal > Bot > Privileged Gateway Intents (else Discord closes with 4014)");
    }
  } else {
    report.skip("discord.intents", label, fmt::format("GET /applications/@me answered {}", app.status));
  }

  const auto guild = config.env.guild_id.str();
  const discord::Route get_member_route{discord::routes::get_member,
                                        {{"guild_id", config.env.guild_id}, {"user_id", bot_id}}};
  const auto member = co_await get(http, base, token, get_member_route);
  if (member.status != 200 || !member.body.is_object()) {
    report.fail("discord.guild_member", label, fmt::format("the bot is not a member of GUILD_ID {}", guild),
                "invite it with the bot and applications.commands scopes, or fix GUILD_ID");
    co_return;
  }
  report.pass("discord.guild_member", label, "member of GUILD_ID " + guild);

  const discord::Route get_roles_route{discord::routes::get_roles, {{"guild_id", config.env.guild_id}}};
  const auto roles_answer = co_await get(http, base, token, get_roles_route);
  if (roles_answer.status != 200 || !roles_answer.body.is_array()) {
    report.skip("discord.permissions", label, fmt::format("GET roles answered {}", roles_answer.status));
    co_return;
  }
  std::map<std::string, std::pair<std::int64_t, std::uint64_t>> roles;  // id -> (position, permissions)
  for (const auto& role : roles_answer.body.as_array()) {
    const auto& r = role.as_object();
    roles[std::string(r.at("id").as_string())] = {r.at("position").to_number<std::int64_t>(),
                                                  as_u64(r.at("permissions"))};
  }
  discord::Permissions granted{roles.count(guild) ? roles[guild].second : 0};  // @everyone has the guild's id
  std::int64_t highest = 0;
  for (const auto& id : member.body.as_object().at("roles").as_array()) {
    const auto found = roles.find(std::string(id.as_string()));
    if (found == roles.end()) continue;
    granted |= discord::Permissions{found->second.second};
    highest = std::max(highest, found->second.first);
  }
  if (granted.has(perm::administrator)) {
    report.warn("discord.permissions", label, "the bot has Administrator: MCP tools could do anything in the server",
                "give its role only the permissions it uses (docs/running.md) and remove Administrator");
  } else {
    std::vector<std::string> missing;
    for (const auto& [bits, name] : kNeeded) {
      if (!granted.has(bits)) missing.push_back(name);
    }
    if (missing.empty()) {
      report.pass("discord.permissions", label, "has the permissions it uses, without Administrator");
    } else {
      report.warn("discord.permissions", label, "missing permissions: " + join(missing),
                  "add them to the bot's role; the features that need them fail otherwise");
    }
  }

  const auto managed = config.managed_roles();
  bool role_problem = false;
  for (const auto& role : managed) {
    const auto found = roles.find(role.id.str());
    if (found == roles.end()) {
      role_problem = true;
      report.fail("discord.role_position", label,
                  fmt::format("{} ({}) is not a role of the guild", role.what, role.id.str()),
                  "copy the role id again (Server Settings > Roles > Copy Role ID)");
    } else if (found->second.first >= highest) {
      role_problem = true;
      report.fail("discord.role_position", label,
                  fmt::format("{} ({}) is not below the bot's highest role", role.what, role.id.str()),
                  "drag the bot's role above it in Server Settings > Roles");
    }
  }
  if (!role_problem) {
    report.pass("discord.role_position", label,
                managed.empty() ? "manages no roles" : fmt::format("above all {} roles it manages", managed.size()));
  }
}

}  // namespace

void check_discord(const std::vector<LoadedInstance>& instances, Report& report) {
  asio::io_context io;
  for (const auto& instance : instances) {
    if (!instance.config || !placeholder_names(instance.raw_env).empty()) {
      report.skip("discord.token", instance.label, "Discord checks run once the configuration loads");
      continue;
    }
    try {
      run_on(io, check_one(instance, report));
    } catch (const std::exception& e) {
      report.warn("discord.token", instance.label, std::string("cannot reach Discord: ") + e.what(),
                  "check the network (or DISCORD_API_BASE) and run doctor --network again");
    }
  }
}

}  // namespace dbot::ops::detail
