#include "features/ai/provider/json_util.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>

namespace dbot::features::ai::wire_json {

namespace json = boost::json;

json::object parse_object(std::string_view text, bool& ok) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  ok = !ec && value.is_object();
  if (!ok) return {};
  return std::move(value.as_object());
}

json::value schema_value(const std::string& tool_name, const std::string& schema_json) {
  bool ok = false;
  json::object schema = parse_object(schema_json, ok);
  if (!ok) {
    spdlog::warn("AI tool '{}' has a parameters schema that is not a JSON object; offering it without parameters",
                 tool_name);
    schema = json::object{{"type", "object"}, {"properties", json::object{}}};
  }
  return schema;
}

std::string error_message(std::string_view body) {
  bool ok = false;
  const json::object root = parse_object(body, ok);
  if (!ok) return {};
  std::string message;
  if (const auto* error = root.if_contains("error")) {
    if (error->is_string()) message = std::string(error->get_string());
    if (const auto* object = error->if_object()) message = string_at(*object, "message");
  }
  if (message.empty()) message = string_at(root, "message");
  constexpr std::size_t kMax = 300;
  if (message.size() > kMax) {
    std::size_t cut = kMax;  // back up to a character boundary
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    message = message.substr(0, cut) + "…";
  }
  return message;
}

}  // namespace dbot::features::ai::wire_json
