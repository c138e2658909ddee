#include "sandbox_ai.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "features/ai/config.hpp"

namespace dbot::app {
namespace json = boost::json;
namespace {

// The text of the newest user turn of a chat-completions request.
std::string last_user_text(const std::string& body) {
  boost::system::error_code ec;
  const auto request = json::parse(body, ec);
  if (ec || !request.is_object()) return {};
  const auto* messages = request.as_object().if_contains("messages");
  if (!messages || !messages->is_array()) return {};
  for (auto it = messages->as_array().rbegin(); it != messages->as_array().rend(); ++it) {
    if (!it->is_object()) continue;
    const auto& message = it->as_object();
    const auto* role = message.if_contains("role");
    if (!role || !role->is_string() || role->as_string() != "user") continue;
    const auto* content = message.if_contains("content");
    if (content && content->is_string()) return std::string(content->as_string());
    if (content && content->is_array()) {
      for (const auto& part : content->as_array()) {
        if (const auto* text = part.is_object() ? part.as_object().if_contains("text") : nullptr;
            text && text->is_string())
          return std::string(text->as_string());
      }
    }
  }
  return {};
}

sim::ai::ScriptedReply answer(const sim::ai::RecordedRequest& request) {
  auto said = last_user_text(request.body);
  if (said.size() > 200) said = said.substr(0, 200) + "...";
  sim::ai::ScriptedReply reply;
  reply.text =
      "I am the sandbox's stand-in model: no real AI runs here, so I answer every question the same way. "
      "You asked: \"" +
      said + "\". Configure a provider in config.toml ([ai.providers.*], docs/ai.md) to talk to a real model.";
  return reply;
}

}  // namespace

std::unique_ptr<sim::ai::FakeAiProvider> start_sandbox_ai(boost::asio::any_io_executor executor) {
  auto provider = std::make_unique<sim::ai::FakeAiProvider>(std::move(executor));
  provider->set_responder(answer);
  provider->start();
  return provider;
}

void route_ai_to(config::InstanceConfig& config, const std::string& openai_url) {
  auto ai = config.required_section<features::ai::AiConfig>();
  features::ai::ProviderDef stand_in;
  stand_in.name = kSandboxAiProvider;
  stand_in.url = openai_url;
  stand_in.model = "stand-in";
  stand_in.api_key = "sandbox";  // the stand-in checks nothing; a real key never goes here
  stand_in.supports_vision = true;
  ai.providers[stand_in.name] = stand_in;
  ai.routing.chat = stand_in.name;
  ai.routing.vision = stand_in.name;
  ai.routing.reasoner.reset();
  ai.on_censored.clear();
  ai.on_error.clear();
  config.set_section(features::ai::config_section(), std::move(ai));
}

}  // namespace dbot::app
