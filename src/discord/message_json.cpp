#include "discord/message_json.hpp"

#include <boost/json/array.hpp>

namespace dbot::discord {
namespace json = boost::json;
namespace {

// Clips to Discord's limit with "...", never inside a UTF-8 sequence.
std::string clipped(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

json::object embed_json(const Embed& embed) {
  json::object out;
  if (!embed.title.empty()) out["title"] = clipped(embed.title, 256);
  if (!embed.description.empty()) out["description"] = clipped(embed.description, 4096);
  if (embed.color) out["color"] = *embed.color;
  if (!embed.fields.empty()) {
    json::array fields;
    for (std::size_t i = 0; i < embed.fields.size() && i < 25; ++i) {
      const auto& field = embed.fields[i];
      // An empty name or value is refused by Discord: a zero-width space.
      fields.push_back(json::object{{"name", clipped(field.name.empty() ? "\u200b" : field.name, 256)},
                                    {"value", clipped(field.value.empty() ? "\u200b" : field.value, 1024)},
                                    {"inline", field.inline_field}});
    }
    out["fields"] = std::move(fields);
  }
  if (!embed.footer.empty()) out["footer"] = json::object{{"text", clipped(embed.footer, 2048)}};
  if (!embed.timestamp.empty()) out["timestamp"] = embed.timestamp;
  if (!embed.thumbnail_url.empty()) out["thumbnail"] = json::object{{"url", embed.thumbnail_url}};
  return out;
}

json::object button_json(const Button& button) {
  json::object out{{"type", 2},
                   {"style", static_cast<int>(button.style)},
                   {"label", clipped(button.label, 80)},
                   {"custom_id", button.custom_id},
                   {"disabled", button.disabled}};
  if (!button.emoji.empty()) out["emoji"] = json::object{{"name", button.emoji}};
  return out;
}

}  // namespace

json::array embeds_json(const std::vector<Embed>& embeds) {
  json::array out;
  for (std::size_t i = 0; i < embeds.size() && i < 10; ++i) out.push_back(embed_json(embeds[i]));
  return out;
}

json::array components_json(const std::vector<ActionRow>& rows) {
  json::array out;
  for (std::size_t r = 0; r < rows.size() && r < 5; ++r) {
    json::array buttons;
    for (std::size_t b = 0; b < rows[r].size() && b < 5; ++b) buttons.push_back(button_json(rows[r][b]));
    out.push_back(json::object{{"type", 1}, {"components", std::move(buttons)}});
  }
  return out;
}

json::object allowed_mentions_json(const AllowedMentions& allowed) {
  json::array parse;
  if (allowed.users) parse.push_back("users");
  json::object out{{"parse", std::move(parse)}};
  if (!allowed.users && !allowed.user_ids.empty()) {
    json::array users;
    for (const auto id : allowed.user_ids) users.push_back(json::value(id.str()));
    out["users"] = std::move(users);
  }
  if (allowed.replied_user) out["replied_user"] = true;
  return out;
}

json::object message_create_json(const MessageCreate& m) {
  json::object body;
  if (!m.content.empty()) body["content"] = m.content;
  if (!m.embeds.empty()) body["embeds"] = embeds_json(m.embeds);
  if (!m.components.empty()) body["components"] = components_json(m.components);
  body["allowed_mentions"] = allowed_mentions_json(m.allowed_mentions);
  if (m.reply_to.value) {
    body["message_reference"] =
        json::object{{"message_id", m.reply_to.str()}, {"fail_if_not_exists", m.fail_if_reply_missing}};
  }
  if (m.flags) body["flags"] = m.flags;
  return body;
}

json::object message_edit_json(const MessageEdit& e) {
  json::object body;
  if (e.content) body["content"] = *e.content;
  if (e.embeds) body["embeds"] = embeds_json(*e.embeds);
  if (e.components) body["components"] = components_json(*e.components);
  body["allowed_mentions"] = allowed_mentions_json(e.allowed_mentions);
  return body;
}

}  // namespace dbot::discord
