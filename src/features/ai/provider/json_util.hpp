#pragma once
// Small Boost.JSON lookups shared by the wire decoders: missing keys and
// wrong types read as absent, never as an exception.

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace dbot::features::ai::wire_json {

inline const boost::json::object* object_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_object() : nullptr;
}

inline const boost::json::array* array_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_array() : nullptr;
}

inline std::string string_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return {};
  return std::string(v->get_string());
}

inline std::uint32_t count_at(const boost::json::object* o, std::string_view key) {
  if (o == nullptr) return 0;
  const auto* v = o->if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64() && v->get_int64() > 0) return static_cast<std::uint32_t>(v->get_int64());
  if (v->is_uint64()) return static_cast<std::uint32_t>(v->get_uint64());
  return 0;
}

// Parses `text` as a JSON object; null when it is not one.
boost::json::object parse_object(std::string_view text, bool& ok);

// A tool's JSON Schema text as a value; an empty object schema when the
// text is not a JSON object (logged: it is a programming error upstream).
boost::json::value schema_value(const std::string& tool_name, const std::string& schema_json);

// The provider's own words from an error body ({"error":{"message":...}} or
// {"error":"..."}), shortened; empty when there are none.
std::string error_message(std::string_view body);

}  // namespace dbot::features::ai::wire_json
