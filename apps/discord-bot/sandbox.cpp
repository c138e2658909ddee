// discord-bot sandbox [DIR] [--script FILE]
// The offline playground: the Discord simulator and an instance in one
// process, the instance's database in the embedded Postgres cluster, and a
// prompt where you type as a simulated user and see what the bot answers.
// Nothing leaves the machine, so placeholder secrets are accepted.

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "bot/runtime/bot_process.hpp"
#include "commands.hpp"
#include "core/config/load.hpp"
#include "core/env.hpp"
#include "db/embedded_postgres.hpp"
#include "features/all.hpp"
#include "net/http_client.hpp"
#include "sandbox_ai.hpp"
#include "sim/simulator.hpp"

namespace dbot::app {
namespace {
namespace json = boost::json;

struct SandboxOptions {
  std::string dir = "instances/example";
  std::string script;
  std::string data_dir = "data/sandbox";
  bool data_dir_given = false;
};

// Where the sandbox's embedded Postgres lives. As root the server runs as
// `postgres`; when that user can't reach the default (a checkout under
// /root), the playground moves to /var/tmp instead of failing. An explicit
// --data-dir is used as given (and fails with advice if unreachable).
std::filesystem::path sandbox_data_dir(const std::string& wanted, bool given) {
  const auto absolute = std::filesystem::absolute(wanted);
  if (given) return absolute;
  const auto blocked = db::parent_blocking_postgres(absolute);
  if (!blocked) return absolute;
  const std::filesystem::path fallback = "/var/tmp/discord-bot-sandbox";
  std::cerr << "note: the `postgres` user can't enter " << blocked->string() << ", so the sandbox keeps its data in "
            << fallback.string() << " (choose another place with --data-dir)\n";
  return fallback;
}

// The prompt's side of the world: a client of the simulator's control API,
// on its own thread and event loop, like any outside tool would be.
class SimClient {
 public:
  explicit SimClient(std::string base) : base_(std::move(base)) {}

  json::value call(const std::string& method, const std::string& path, const std::string& body = {}) {
    boost::asio::io_context io;
    net::HttpClient client(io.get_executor(), {});
    net::HttpRequest request;
    request.method = method;
    request.target = base_ + path;
    request.body = body;
    if (!body.empty()) request.headers.set("Content-Type", "application/json");
    auto future = boost::asio::co_spawn(io, client.request(std::move(request)), boost::asio::use_future);
    io.run();
    const auto response = future.get();
    if (response.body.empty()) return nullptr;
    return json::parse(response.body);
  }

 private:
  std::string base_;
};

std::string text_of(const json::value& value, std::string_view key) {
  if (!value.is_object()) return {};
  const auto* found = value.as_object().if_contains(key);
  return found && found->is_string() ? std::string(found->as_string()) : std::string{};
}

class Prompt {
 public:
  Prompt(SimClient& sim, json::object ids) : sim_(sim), ids_(std::move(ids)) {
    user_ = "alice";
    channel_ = std::string(ids_.at("channels").at("general").as_string());
    bot_id_ = std::string(ids_.at("users").at("bot").as_string());
    for (const auto& message : messages()) seen_ = std::max(seen_, id_of(message));
  }

  // Handles one typed line; false when the user wants to leave.
  bool handle(const std::string& line, std::ostream& out) {
    if (line == "/quit" || line == "/exit") return false;
    if (line == "/help" || line.empty()) {
      out << "Type a message as " << user_
          << " (e.g. `!m help`). Commands: /as <user> (owner, admin, mod, alice, "
             "bob), /click <n>, /quit\n";
      return true;
    }
    if (line.rfind("/as ", 0) == 0) {
      const auto name = line.substr(4);
      if (!ids_.at("users").as_object().contains(name)) {
        out << "No user named " << name << ".\n";
      } else {
        user_ = name;
        out << "You are now " << user_ << ".\n";
      }
      return true;
    }
    if (line.rfind("/click ", 0) == 0) {
      const auto index = static_cast<std::size_t>(std::atoi(line.c_str() + 7));
      if (index == 0 || index > buttons_.size()) {
        out << "There is no button " << line.substr(7) << ".\n";
        return true;
      }
      const auto& [message_id, custom_id] = buttons_[index - 1];
      sim_.call("POST", "/_sim/interactions",
                json::serialize(json::object{{"message_id", message_id},
                                             {"custom_id", custom_id},
                                             {"user_id", ids_.at("users").at(user_).as_string()}}));
      show_new(out);
      return true;
    }
    sim_.call("POST", "/_sim/messages",
              json::serialize(json::object{{"channel_id", channel_},
                                           {"author_id", ids_.at("users").at(user_).as_string()},
                                           {"content", with_mentions(line)}}));
    show_new(out);
    return true;
  }

 private:
  static std::uint64_t id_of(const json::value& message) { return std::stoull(text_of(message, "id")); }

  // "@bob" and "#mod-log" become Discord's <@id> and <#id>, so people can be
  // named at the prompt as in a Discord client.
  std::string with_mentions(const std::string& line) const {
    std::string out;
    for (std::size_t i = 0; i < line.size();) {
      const char sigil = line[i];
      const bool start_of_word = i == 0 || line[i - 1] == ' ';
      if ((sigil == '@' || sigil == '#') && start_of_word) {
        auto end = line.find(' ', i);
        if (end == std::string::npos) end = line.size();
        const auto name = line.substr(i + 1, end - i - 1);
        const auto* group = ids_.if_contains(sigil == '@' ? "users" : "channels");
        const auto* id = group ? group->as_object().if_contains(name) : nullptr;
        if (id && id->is_string()) {
          out += (sigil == '@' ? "<@" : "<#") + std::string(id->as_string()) + ">";
          i = end;
          continue;
        }
      }
      out += line[i++];
    }
    return out;
  }

  json::array messages() { return sim_.call("GET", "/_sim/channels/" + channel_ + "/messages").as_array(); }

  // Waits for the bot to go quiet (no new message for a moment), then prints
  // what it said since the last look.
  void show_new(std::ostream& out) {
    // Quiet means no new message and no edit for 1.5 s: streamed AI answers
    // arrive as edits of one message, at most one per second.
    std::string last_seen_state;
    std::size_t last_count = 0;
    auto quiet_since = std::chrono::steady_clock::now();
    const auto deadline = quiet_since + std::chrono::seconds(10);
    json::array fresh;
    while (std::chrono::steady_clock::now() < deadline) {
      fresh.clear();
      for (const auto& message : messages()) {
        if (id_of(message) > seen_ && text_of(message.at("author"), "id") == bot_id_) fresh.push_back(message);
      }
      if (auto state = json::serialize(fresh); state != last_seen_state) {
        last_seen_state = std::move(state);
        last_count = fresh.size();
        quiet_since = std::chrono::steady_clock::now();
      } else if (std::chrono::steady_clock::now() - quiet_since > std::chrono::milliseconds(last_count ? 1500 : 3000)) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (const auto& message : fresh) {
      seen_ = std::max(seen_, id_of(message));
      render(message.as_object(), out);
    }
    if (fresh.empty()) out << "(no answer)\n";
  }

  void render(const json::object& message, std::ostream& out) {
    out << "[bot] " << text_of(message, "content") << "\n";
    if (const auto* embeds = message.if_contains("embeds"); embeds && embeds->is_array()) {
      for (const auto& embed : embeds->as_array()) {
        if (auto title = text_of(embed, "title"); !title.empty()) out << "  ┌ " << title << "\n";
        if (auto description = text_of(embed, "description"); !description.empty()) {
          out << "  │ " << description << "\n";
        }
        if (const auto* fields = embed.as_object().if_contains("fields"); fields && fields->is_array()) {
          for (const auto& field : fields->as_array()) {
            out << "  │ " << text_of(field, "name") << "\n";
            std::string value = text_of(field, "value");
            for (std::size_t start = 0; start < value.size();) {
              const auto end = value.find('\n', start);
              out << "  │   " << value.substr(start, end - start) << "\n";
              if (end == std::string::npos) break;
              start = end + 1;
            }
          }
        }
        if (auto footer = text_of(embed.as_object().if_contains("footer") ? embed.at("footer") : json::value{}, "text");
            !footer.empty()) {
          out << "  └ " << footer << "\n";
        }
      }
    }
    if (const auto* rows = message.if_contains("components"); rows && rows->is_array()) {
      for (const auto& row : rows->as_array()) {
        const auto* components = row.as_object().if_contains("components");
        if (!components) continue;
        for (const auto& button : components->as_array()) {
          buttons_.emplace_back(text_of(message, "id"), text_of(button, "custom_id"));
          out << "  [" << buttons_.size() << "] " << text_of(button, "label") << "\n";
        }
      }
    }
  }

  SimClient& sim_;
  json::object ids_;
  std::string user_;
  std::string channel_;
  std::string bot_id_;
  std::uint64_t seen_ = 0;
  std::vector<std::pair<std::string, std::string>> buttons_;  // (message id, custom_id), numbered from 1
};

// A port that was free a moment ago, so a second sandbox or a running bot
// never collides with this one's health listener.
std::uint16_t free_loopback_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

int run_sandbox(const SandboxOptions& options) {
  sim::Simulator* simulator_ptr = nullptr;
  bot::BotProcess process(
      {.register_slash_commands = true, .modules = features::all_modules(), .on_shutdown = [&simulator_ptr] {
         if (simulator_ptr) simulator_ptr->stop();
       }});
  sim::Simulator simulator(process.io().get_executor(), sim::Simulator::Options{});
  simulator_ptr = &simulator;
  simulator.start();
  SimClient client(simulator.http_url());
  const auto ai_stand_in = start_sandbox_ai(process.io().get_executor());

  // The instance talks to the simulator; its placeholders are fine here.
  // The event loop is not running yet: ask the simulator's service directly.
  net::HttpRequest state_request;
  state_request.target = "/_sim/state";
  const auto state = json::parse(simulator.service().handle(state_request).body);
  auto environment = process_environment();
  environment["DISCORD_TOKEN"] = "sim-bot-token";
  environment["CLIENT_ID"] = text_of(state, "application_id");
  environment["GUILD_ID"] = std::string(state.at("ids").at("guilds").at("Sandbox").as_string());
  environment["DISCORD_API_BASE"] = simulator.api_url();
  environment["DATA_DIR"] = sandbox_data_dir(options.data_dir, options.data_dir_given).string();
  environment["DB_SCHEMA"] = "sandbox";
  environment["MCP_BIND_ADDR"] = "127.0.0.1";
  // The MCP server and the health listener each get a port of their own.
  const auto health_port = free_loopback_port();
  auto mcp_port = free_loopback_port();
  while (mcp_port == health_port) mcp_port = free_loopback_port();
  environment["HEALTH_PORT"] = std::to_string(health_port);
  environment["MCP_PORT"] = std::to_string(mcp_port);
  environment.erase("DATABASE_URL");
  auto loaded = config::load_instance(options.dir, {.allow_placeholders = true,
                                                    .fall_back_to_env_example = true,
                                                    .environment = environment,
                                                    .sections = features::config_sections()});
  for (const auto& diagnostic : loaded.diagnostics) {
    if (diagnostic.severity == config::Severity::error)
      std::cerr << config::format_diagnostic(diagnostic, options.dir) << "\n";
  }
  if (!loaded.config) return 1;

  route_ai_to(*loaded.config, ai_stand_in->openai_url());

  std::vector<config::InstanceConfig> configs;
  configs.push_back(std::move(*loaded.config));
  int exit = 0;
  std::atomic<bool> finished{false};
  std::thread runner([&] {
    exit = process.run(std::move(configs));
    finished = true;
  });

  // Wait until the bot is in the simulator, then hand over to the prompt.
  bool connected = false;
  for (int i = 0; i < 600 && !connected && !finished; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    try {
      const auto current = client.call("GET", "/_sim/state");
      for (const auto& session : current.at("sessions").as_array()) {
        if (session.at("connected").as_bool()) connected = true;
      }
    } catch (const std::exception&) {
      // Not serving yet (or already stopped): the loop condition decides.
    }
  }
  if (!connected) {
    std::cerr << "The bot did not connect to the simulator; see the log above.\n";
    process.request_stop();
    runner.join();
    return 1;
  }
  Prompt prompt(client, state.at("ids").as_object());
  std::cout << "Sandbox ready: guild \"Sandbox\", channel #general. You are alice. Type /help for the prompt's "
               "commands.\nAI answers come from a loopback stand-in model (scripted text, no real AI) on 127.0.0.1:"
            << ai_stand_in->port() << ".\n";
  if (!options.script.empty()) {
    std::ifstream script(options.script);
    std::string line;
    while (std::getline(script, line)) {
      std::cout << "> " << line << "\n";
      if (!prompt.handle(line, std::cout)) break;
    }
  } else {
    std::string line;
    while (std::cout << "> " << std::flush, std::getline(std::cin, line)) {
      if (!prompt.handle(line, std::cout)) break;
    }
  }
  process.request_stop();
  runner.join();
  return exit;
}

}  // namespace

void register_sandbox(CLI::App& app) {
  auto options = std::make_shared<SandboxOptions>();
  auto* sub = app.add_subcommand("sandbox", "Offline playground: simulator, embedded Postgres, an instance, a prompt");
  sub->add_option("DIR", options->dir, "Instance directory (default instances/example)")->check(CLI::ExistingDirectory);
  sub->add_option("--script", options->script, "Run the lines of FILE and print the transcript")
      ->check(CLI::ExistingFile);
  sub->add_option("--data-dir", options->data_dir, "Where the embedded Postgres lives (default data/sandbox)")
      ->each([options](const std::string&) { options->data_dir_given = true; });
  sub->callback([options] { exit_code() = run_sandbox(*options); });
}

}  // namespace dbot::app
