#include "e2e/support/feature_session.hpp"

#include <gtest/gtest.h>

namespace dbot::test {
namespace json = boost::json;

json::object ask(SimProcess& sim, const std::string& user, const std::string& content, const std::string& channel) {
  const auto message = sim.say(user, channel, content);
  auto reply = sim.wait_for_reply(message);
  EXPECT_TRUE(reply) << "no reply to '" << content << "' from " << user;
  return reply.value_or(json::object{});
}

json::object click(SimProcess& sim, const std::string& message_id, const std::string& custom_id,
                   const std::string& user) {
  const auto created =
      sim.post("/_sim/interactions",
               json::object{{"message_id", message_id}, {"custom_id", custom_id}, {"user_id", sim.id("users", user)}});
  const auto* id = created.if_contains("id");
  if (!id) {
    ADD_FAILURE() << "the simulator refused the click on " << custom_id;
    return {};
  }
  const std::string interaction_id(id->as_string());
  json::object record;
  const bool answered = eventually([&] {
    record = sim.get("/_sim/interactions/" + interaction_id).as_object();
    const auto* responses = record.if_contains("responses");
    return responses && !responses->as_array().empty();
  });
  EXPECT_TRUE(answered) << "the bot did not answer the click on " << custom_id;
  return record;
}

std::string response_content(const json::object& record) {
  const auto* responses = record.if_contains("responses");
  if (!responses || responses->as_array().empty()) return {};
  const auto& body = responses->as_array().front().at("body").as_object();
  const auto* data = body.if_contains("data");
  const auto& source = data && data->is_object() ? data->as_object() : body;
  const auto* content = source.if_contains("content");
  return content && content->is_string() ? std::string(content->as_string()) : std::string{};
}

std::optional<json::object> message_now(SimProcess& sim, const std::string& channel, const std::string& message_id) {
  for (auto& message : sim.messages(channel)) {
    if (message.at("id").as_string() == message_id) return message;
  }
  return std::nullopt;
}

std::vector<std::string> custom_ids(const json::object& message) {
  std::vector<std::string> out;
  const auto* rows = message.if_contains("components");
  if (!rows || !rows->is_array()) return out;
  for (const auto& row : rows->as_array()) {
    const auto* components = row.as_object().if_contains("components");
    if (!components) continue;
    for (const auto& component : components->as_array()) {
      if (const auto* id = component.as_object().if_contains("custom_id")) out.emplace_back(id->as_string());
    }
  }
  return out;
}

std::string id_of(const json::object& message) {
  const auto* id = message.if_contains("id");
  return id && id->is_string() ? std::string(id->as_string()) : std::string{};
}

}  // namespace dbot::test
