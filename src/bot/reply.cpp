#include "bot/reply.hpp"

#include <boost/json.hpp>

namespace dbot::bot {
namespace json = boost::json;
namespace {

// Embed limits from Discord's documentation.
std::string clipped(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit - 3;
  // Never cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

json::object embed_object(const Embed& embed) {
  json::object out;
  if (!embed.title.empty()) out["title"] = clipped(embed.title, 256);
  if (!embed.description.empty()) out["description"] = clipped(embed.description, 4096);
  if (embed.color) out["color"] = *embed.color;
  if (!embed.fields.empty()) {
    json::array fields;
    for (std::size_t i = 0; i < embed.fields.size() && i < 25; ++i) {
      const auto& field = embed.fields[i];
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

json::array embeds_array(const std::vector<Embed>& embeds) {
  json::array out;
  for (std::size_t i = 0; i < embeds.size() && i < 10; ++i) out.push_back(embed_object(embeds[i]));
  return out;
}

json::array components_array(const std::vector<std::vector<Button>>& rows) {
  json::array out;
  for (std::size_t r = 0; r < rows.size() && r < 5; ++r) {
    json::array buttons;
    for (std::size_t b = 0; b < rows[r].size() && b < 5; ++b) {
      const auto& button = rows[r][b];
      json::object object{{"type", 2},
                          {"style", static_cast<int>(button.style)},
                          {"label", clipped(button.label, 80)},
                          {"custom_id", button.custom_id},
                          {"disabled", button.disabled}};
      if (!button.emoji.empty()) object["emoji"] = json::object{{"name", button.emoji}};
      buttons.push_back(std::move(object));
    }
    out.push_back(json::object{{"type", 1}, {"components", std::move(buttons)}});
  }
  return out;
}

}  // namespace

std::string embeds_json(const std::vector<Embed>& embeds) {
  return embeds.empty() ? std::string{} : json::serialize(embeds_array(embeds));
}

std::string components_json(const std::vector<std::vector<Button>>& rows) {
  return rows.empty() ? std::string{} : json::serialize(components_array(rows));
}

std::string allowed_mentions_json(const Reply& reply) {
  return reply.allow_user_mentions ? R"({"parse":["users"]})" : R"({"parse":[]})";
}

std::string message_json(const Reply& reply) {
  json::object out;
  out["content"] = reply.content;
  out["embeds"] = embeds_array(reply.embeds);
  out["components"] = components_array(reply.button_rows);
  out["allowed_mentions"] = json::parse(allowed_mentions_json(reply));
  if (reply.ephemeral) out["flags"] = 64;
  return json::serialize(out);
}

std::vector<std::string> split_message(const std::string& text, std::size_t limit) {
  std::vector<std::string> pieces;
  if (text.size() <= limit) {
    pieces.push_back(text);
    return pieces;
  }
  constexpr std::string_view kFence = "```";
  std::string_view rest = text;
  bool in_code = false;  // a code block is open at the start of `rest`
  std::string reopen;    // the fence line that reopens it ("```cpp")
  while (!rest.empty()) {
    const std::string prefix = in_code ? reopen + "\n" : "";
    // Room for the prefix and a closing fence we may have to add.
    const std::size_t budget = limit - prefix.size() - (kFence.size() + 1);
    std::size_t cut = rest.size();
    if (prefix.size() + rest.size() > limit) {
      cut = rest.rfind('\n', budget);
      if (cut == std::string_view::npos || cut < budget / 2) cut = rest.rfind(' ', budget);
      if (cut == std::string_view::npos || cut < budget / 2) cut = budget;
      while (cut > 0 && (static_cast<unsigned char>(rest[cut]) & 0xC0) == 0x80) --cut;
    }
    std::string piece = prefix + std::string(rest.substr(0, cut));
    // Track fences in this piece to know whether it ends inside a block.
    std::size_t pos = prefix.size();
    while ((pos = piece.find(kFence, pos)) != std::string::npos) {
      if (!in_code) {
        const auto eol = piece.find('\n', pos);
        reopen = piece.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
      }
      in_code = !in_code;
      pos += kFence.size();
    }
    if (in_code && cut < rest.size()) piece += "\n" + std::string(kFence);
    pieces.push_back(std::move(piece));
    rest.remove_prefix(cut);
    if (!rest.empty() && (rest.front() == '\n' || rest.front() == ' ')) rest.remove_prefix(1);
  }
  return pieces;
}

}  // namespace dbot::bot
