#pragma once
// How a feature plugs into an instance. A FeatureModule describes it to the
// process: its name, its configuration sections, its rate limits and its
// factory. The Feature it makes declares, in install(), its commands, button
// custom_id prefixes, the gateway events it listens to, its background tasks
// and any HTTP routes it serves (webhooks). Adding a feature is its own
// folder plus one line in features/all.cpp; nothing here or in core changes.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "bot/command/registry.hpp"
#include "core/rate_limiter.hpp"
#include "core/supervisor.hpp"
#include "discord/events.hpp"
#include "net/http.hpp"
#include "net/http_router.hpp"

namespace dbot::discord {
struct Dispatch;
}
namespace dbot::config {
struct ConfigSection;
}

namespace dbot::bot {

class Instance;
class ButtonContext;

using ButtonHandler = std::function<boost::asio::awaitable<void>(ButtonContext&)>;
using EventHandler = std::function<boost::asio::awaitable<void>(const discord::Dispatch&)>;
// A typed listener, stored type-erased: it gets the one parsed model of the
// dispatch, shared by every listener of the event.
using ParsedEventHandler = std::function<boost::asio::awaitable<void>(const discord::ParsedEvent&)>;
template <discord::Event E>
using TypedEventHandler = std::function<boost::asio::awaitable<void>(const discord::event_model_t<E>&)>;
using HttpHandler = std::function<boost::asio::awaitable<net::HttpResponse>(net::HttpRequest)>;

struct ButtonRoute {
  // custom_ids look like "<prefix>:<feature data>"; the prefix picks the route.
  std::string prefix;
  ButtonHandler handler;
  const LimiterDef* rate_limiter = nullptr;  // as for commands
};

class FeatureRegistry {
 public:
  explicit FeatureRegistry(CommandRegistry& commands) : commands_(commands) {}

  void add_command(CommandSpec spec, CommandHandler handler) { commands_.add({std::move(spec), std::move(handler)}); }
  void add_button(std::string prefix, ButtonHandler handler, const LimiterDef* rate_limiter = nullptr);
  // Listeners run after the cache has seen the event, each in its own task,
  // and get the dispatch's model (parsed once for all of them).
  template <discord::Event E>
  void on(TypedEventHandler<E> handler) {
    add_parsed(E, [handler = std::move(handler)](const discord::ParsedEvent& event) {
      return handler(std::get<discord::event_model_t<E>>(event));
    });
  }
  void on_message(TypedEventHandler<discord::Event::message_create> handler) {
    on<discord::Event::message_create>(std::move(handler));
  }
  void on_member_add(TypedEventHandler<discord::Event::guild_member_add> handler) {
    on<discord::Event::guild_member_add>(std::move(handler));
  }
  void on_member_update(TypedEventHandler<discord::Event::guild_member_update> handler) {
    on<discord::Event::guild_member_update>(std::move(handler));
  }
  void on_member_remove(TypedEventHandler<discord::Event::guild_member_remove> handler) {
    on<discord::Event::guild_member_remove>(std::move(handler));
  }
  void on_ban_add(TypedEventHandler<discord::Event::guild_ban_add> handler) {
    on<discord::Event::guild_ban_add>(std::move(handler));
  }
  void on_ban_remove(TypedEventHandler<discord::Event::guild_ban_remove> handler) {
    on<discord::Event::guild_ban_remove>(std::move(handler));
  }
  // The escape hatch: any dispatch by name, with its raw JSON. Throws
  // std::logic_error for a name the event table does not know (a typo),
  // unless `unlisted` says the event is deliberately outside the table.
  void on_raw_event(std::string event, EventHandler handler, bool unlisted = false);
  void add_task(PeriodicTask task) { tasks_.push_back(std::move(task)); }
  // HTTP routes on the instance's listener (MCP_BIND_ADDR:MCP_PORT, owned
  // by the runtime), matched by exact path. No bearer check stands in front:
  // every handler authenticates its caller itself. add_http_route takes one
  // method (others get 405); add_http_endpoint takes every method and answers
  // 405 itself (the MCP endpoint, which checks Host, Origin and the bearer
  // first). Both throw std::logic_error on a duplicate path or a path not
  // starting with '/'.
  void add_http_route(std::string method, std::string path, HttpHandler handler) {
    http_routes_.add(std::move(path), {std::move(method)}, std::move(handler));
  }
  void add_http_endpoint(std::string path, HttpHandler handler) {
    http_routes_.add(std::move(path), std::move(handler));
  }

  const std::vector<ButtonRoute>& buttons() const { return buttons_; }
  const ButtonRoute* button_for(std::string_view custom_id) const;
  std::vector<const EventHandler*> raw_handlers_for(std::string_view event) const;
  std::vector<const ParsedEventHandler*> handlers_for(discord::Event event) const;
  bool wants(discord::Event event) const;
  std::vector<PeriodicTask>& tasks() { return tasks_; }
  const net::HttpRouter& http_routes() const { return http_routes_; }

 private:
  CommandRegistry& commands_;
  std::vector<ButtonRoute> buttons_;
  void add_parsed(discord::Event event, ParsedEventHandler handler) {
    parsed_events_.emplace_back(event, std::move(handler));
  }

  std::vector<std::pair<std::string, EventHandler>> raw_events_;
  std::vector<std::pair<discord::Event, ParsedEventHandler>> parsed_events_;
  std::vector<PeriodicTask> tasks_;
  net::HttpRouter http_routes_;
};

class Feature {
 public:
  virtual ~Feature() = default;
  virtual std::string_view name() const = 0;
  // Called once per instance before it connects to Discord.
  virtual void install(Instance& instance, FeatureRegistry& registry) = 0;
  // Called once when the instance shuts down (close listeners, stop players).
  virtual void stop() {}
};

struct FeatureModule {
  std::string_view name;
  // Its configuration, parsed in this order (features::config_sections()
  // lists every module's, once each).
  std::vector<const config::ConfigSection*> config;
  // The limiters its commands and buttons refer to; the instance's
  // RateLimiterRegistry holds exactly these.
  std::vector<const LimiterDef*> limiters;
  // Makes the feature for one instance; empty for a module that is only
  // configuration so far.
  std::function<std::unique_ptr<Feature>()> make;
};

}  // namespace dbot::bot
