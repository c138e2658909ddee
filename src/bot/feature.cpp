#include "bot/feature.hpp"

#include <stdexcept>

namespace dbot::bot {

void FeatureRegistry::add_button(std::string prefix, ButtonHandler handler, const LimiterDef* rate_limiter) {
  if (prefix.empty() || prefix.find(':') != std::string::npos) {
    throw std::logic_error("a button prefix is non-empty and has no ':'");
  }
  for (const auto& route : buttons_) {
    if (route.prefix == prefix) throw std::logic_error("duplicate button prefix '" + prefix + "'");
  }
  buttons_.push_back({std::move(prefix), std::move(handler), rate_limiter});
}

void FeatureRegistry::on_raw_event(std::string event, EventHandler handler, bool unlisted) {
  if (!unlisted && discord::event_named(event) == discord::Event::unknown) {
    throw std::logic_error("'" + event + "' is not a gateway event this client knows");
  }
  raw_events_.emplace_back(std::move(event), std::move(handler));
}

const ButtonRoute* FeatureRegistry::button_for(std::string_view custom_id) const {
  const auto prefix = custom_id.substr(0, custom_id.find(':'));
  for (const auto& route : buttons_) {
    if (route.prefix == prefix) return &route;
  }
  return nullptr;
}

std::vector<const EventHandler*> FeatureRegistry::raw_handlers_for(std::string_view event) const {
  std::vector<const EventHandler*> out;
  for (const auto& [name, handler] : raw_events_) {
    if (name == event) out.push_back(&handler);
  }
  return out;
}

std::vector<const ParsedEventHandler*> FeatureRegistry::handlers_for(discord::Event event) const {
  std::vector<const ParsedEventHandler*> out;
  for (const auto& [listened, handler] : parsed_events_) {
    if (listened == event) out.push_back(&handler);
  }
  return out;
}

bool FeatureRegistry::wants(discord::Event event) const {
  for (const auto& [listened, handler] : parsed_events_) {
    if (listened == event) return true;
  }
  return false;
}

}  // namespace dbot::bot
