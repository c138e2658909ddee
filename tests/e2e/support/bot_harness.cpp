#include "e2e/support/bot_harness.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>

#include "e2e/support/http.hpp"

namespace dbot::test {
namespace json = boost::json;

std::string test_database_url() {
  const char* url = std::getenv("TEST_DATABASE_URL");
  if (!url || !*url) {
    ADD_FAILURE() << "TEST_DATABASE_URL is not set: run the suite with `make test` (scripts/run-tests starts Postgres)";
    return {};
  }
  return url;
}

std::string unique_schema(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::random_device random;
  return prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(random() % 100000);
}

std::string bin(const std::string& name) { return std::string(DBOT_BIN_DIR) + "/" + name; }

SimProcess::SimProcess(std::vector<std::string> extra_args) {
  port_ = free_port();
  std::vector<std::string> argv{bin("discord-bot"), "sim", "--port", std::to_string(port_), "--heartbeat-ms", "2000"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<ChildProcess>(argv, std::map<std::string, std::string>{}, dir_.path() / "sim.log");
  if (!process_->wait_for_output("listening", std::chrono::seconds(20))) {
    ADD_FAILURE() << "the simulator did not start:\n" << process_->output();
  }
  ids_ = state().at("ids").as_object();
}

SimProcess::~SimProcess() { process_->stop(); }

json::object SimProcess::state() const { return get("/_sim/state").as_object(); }

std::string SimProcess::id(const std::string& kind, const std::string& name) const {
  const auto lookup = [&]() -> const json::value* {
    const auto* group = ids_.if_contains(kind);
    return group ? group->as_object().if_contains(name) : nullptr;
  };
  const auto* value = lookup();
  if (!value) {
    // Created since the last look (a member who joined, a new role).
    ids_ = state().at("ids").as_object();
    value = lookup();
  }
  if (!value) {
    ADD_FAILURE() << "the simulator has no " << kind << " named " << name;
    return "0";
  }
  return std::string(value->as_string());
}

json::value SimProcess::get(const std::string& path) const {
  const auto response = http_get(url() + path);
  if (response.status != 200) ADD_FAILURE() << "GET " << path << " -> " << response.status << " " << response.body;
  return json::parse(response.body);
}

json::object SimProcess::post(const std::string& path, const json::value& body) const {
  const auto response = http_post(url() + path, json::serialize(body));
  if (response.status >= 300) {
    ADD_FAILURE() << "POST " << path << " -> " << response.status << " " << response.body;
    return {};
  }
  if (response.body.empty()) return {};
  auto parsed = json::parse(response.body);
  return parsed.is_object() ? parsed.as_object() : json::object{};
}

json::object SimProcess::say(const std::string& user, const std::string& channel, const std::string& content) {
  return post(
      "/_sim/messages",
      json::object{{"channel_id", id("channels", channel)}, {"author_id", id("users", user)}, {"content", content}});
}

std::vector<json::object> SimProcess::messages(const std::string& channel) const {
  std::vector<json::object> out;
  // Keep the answer alive: ranging over a temporary's array would dangle.
  const auto answer = get("/_sim/channels/" + id("channels", channel) + "/messages");
  for (const auto& message : answer.as_array()) out.push_back(message.as_object());
  return out;
}

std::optional<json::object> SimProcess::wait_for_bot_message(const std::string& channel,
                                                             const std::function<bool(const json::object&)>& match,
                                                             const std::string& after_id,
                                                             std::chrono::milliseconds timeout) {
  const auto bot_id = id("users", "bot");
  const auto after = std::stoull(after_id);
  std::optional<json::object> found;
  eventually(
      [&] {
        for (const auto& message : messages(channel)) {
          const auto& author = message.at("author").as_object();
          if (author.at("id").as_string() != bot_id) continue;
          if (std::stoull(std::string(message.at("id").as_string())) <= after) continue;
          if (match(message)) {
            found = message;
            return true;
          }
        }
        return false;
      },
      timeout);
  return found;
}

std::optional<json::object> SimProcess::wait_for_reply(const json::object& message, std::chrono::milliseconds timeout) {
  const std::string message_id(message.at("id").as_string());
  const std::string channel_id(message.at("channel_id").as_string());
  std::string channel_name;
  for (const auto& [name, value] : ids_.at("channels").as_object()) {
    if (value.as_string() == channel_id) channel_name = std::string(name);
  }
  return wait_for_bot_message(
      channel_name,
      [&](const json::object& candidate) {
        const auto* reference = candidate.if_contains("message_reference");
        return reference && reference->is_object() && reference->as_object().contains("message_id") &&
               reference->as_object().at("message_id").as_string() == message_id;
      },
      message_id, timeout);
}

std::filesystem::path write_instance(const SimProcess& sim, const std::filesystem::path& parent,
                                     const std::string& name, const InstanceFiles& files) {
  const auto dir = parent / name;
  std::filesystem::create_directories(dir);
  const std::filesystem::path example = std::string(DBOT_SOURCE_DIR) + "/instances/example";
  std::filesystem::copy_file(example / "personality.txt", dir / "personality.txt");
  std::filesystem::copy_file(example / "welcome_prompt.txt", dir / "welcome_prompt.txt");
  const auto state = sim.state();
  std::ofstream env(dir / ".env");
  env << "DISCORD_TOKEN=sim-bot-token\n"
      << "CLIENT_ID=" << state.at("application_id").as_string().c_str() << "\n"
      << "GUILD_ID=" << state.at("ids").at("guilds").at("Sandbox").as_string().c_str() << "\n"
      << "DATABASE_URL=" << test_database_url() << "\n"
      << "DB_SCHEMA=" << files.schema << "\n"
      << "DISCORD_API_BASE=" << sim.api_base() << "\n"
      << "HEALTH_PORT=" << free_port() << "\n"
      << "MCP_PORT=" << free_port() << "\n";
  for (const auto& [key, value] : files.extra_env) env << key << "=" << value << "\n";
  std::ofstream toml(dir / "config.toml");
  toml << "bot_name = \"" << files.bot_name << "\"\n"
       << "command_prefix = \"" << files.prefix << "\"\n"
       << "command_root = \"" << files.root << "\"\n"
       << files.extra_toml << "\n";
  return dir;
}

BotProcess::BotProcess(const std::vector<std::filesystem::path>& instance_dirs, std::vector<std::string> extra_args) {
  std::vector<std::string> argv{bin("discord-bot"), "run"};
  for (const auto& dir : instance_dirs) argv.push_back(dir.string());
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  // The test's own environment must not leak instance settings into the bot.
  process_ = std::make_unique<ChildProcess>(
      argv, std::map<std::string, std::string>{{"DATABASE_URL", "<unset>"}, {"DB_SCHEMA", "<unset>"}},
      dir_.path() / "bot.log");
}

BotProcess::~BotProcess() {
  const int code = process_->stop();
  if (::testing::Test::HasFailure()) std::cerr << "---- bot output (exit " << code << ") ----\n" << output() << "\n";
}

bool BotProcess::wait_until_connected(std::size_t instances, std::chrono::milliseconds timeout) {
  return eventually(
      [&] {
        const auto text = output();
        std::size_t count = 0;
        for (auto pos = text.find("is connected!"); pos != std::string::npos;
             pos = text.find("is connected!", pos + 1)) {
          ++count;
        }
        return count >= instances;
      },
      timeout);
}

std::string content_of(const json::object& message) {
  const auto* content = message.if_contains("content");
  return content && content->is_string() ? std::string(content->as_string()) : std::string{};
}

std::string embed_text(const json::object& message) {
  std::string out;
  const auto* embeds = message.if_contains("embeds");
  if (!embeds || !embeds->is_array()) return out;
  for (const auto& embed : embeds->as_array()) {
    const auto& e = embed.as_object();
    for (const char* key : {"title", "description"}) {
      if (const auto* v = e.if_contains(key); v && v->is_string()) out += std::string(v->as_string()) + "\n";
    }
    if (const auto* fields = e.if_contains("fields"); fields && fields->is_array()) {
      for (const auto& field : fields->as_array()) {
        out += std::string(field.at("name").as_string()) + "\n" + std::string(field.at("value").as_string()) + "\n";
      }
    }
    if (const auto* footer = e.if_contains("footer"); footer && footer->is_object()) {
      if (const auto* text = footer->as_object().if_contains("text"); text && text->is_string())
        out += std::string(text->as_string()) + "\n";
    }
  }
  return out;
}

}  // namespace dbot::test
