#include "sim/detail/api_support.hpp"

#include "core/snowflake.hpp"
#include "net/http.hpp"

namespace dbot::sim::detail {

ApiError unknown(int code, std::string what) { return ApiError{404, code, "Unknown " + what, {}}; }
ApiError missing_permissions() { return ApiError{403, 50013, "Missing Permissions", {}}; }
ApiError missing_access() { return ApiError{403, 50001, "Missing Access", {}}; }

ApiError invalid_form(std::string_view field, std::string_view error_code, std::string message) {
  ApiError e{400, 50035, "Invalid Form Body", {}};
  json::object inner;
  inner["_errors"] = json::array{json::object{{"code", error_code}, {"message", message}}};
  e.errors[field] = std::move(inner);
  return e;
}

std::string audit_reason_from_header(std::string_view header) {
  auto text = net::percent_decode(header);
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (++chars > 512) {
      text.resize(i);
      break;
    }
  }
  return text;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return out;
}

bool match(const std::vector<std::string_view>& segments, std::initializer_list<std::string_view> pattern) {
  if (segments.size() != pattern.size()) return false;
  std::size_t i = 0;
  for (auto p : pattern) {
    if (p != "*" && p != segments[i]) return false;
    ++i;
  }
  return true;
}

Id parse_id(std::string_view text, int unknown_code, const char* what) {
  auto id = Snowflake::parse(text);
  if (!id) throw unknown(unknown_code, what);
  return id->value;
}

std::optional<Id> id_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_string()) {
    auto id = Snowflake::parse(std::string(v->as_string()));
    if (!id) throw invalid_form(key, "NUMBER_TYPE_COERCE", "Value is not snowflake.");
    return id->value;
  }
  if (v->is_uint64()) return v->as_uint64();
  if (v->is_int64() && v->as_int64() > 0) return static_cast<Id>(v->as_int64());
  throw invalid_form(key, "NUMBER_TYPE_COERCE", "Value is not snowflake.");
}

std::string str_field(const json::object& o, std::string_view key, std::string fallback) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_string()) throw invalid_form(key, "STRING_TYPE_CONVERT", "Could not interpret the value as string.");
  return std::string(v->as_string());
}

std::optional<std::int64_t> int_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  if (v->is_string()) {
    try {
      return std::stoll(std::string(v->as_string()));
    } catch (const std::exception&) {
    }
  }
  throw invalid_form(key, "NUMBER_TYPE_COERCE", "Value is not int.");
}

std::optional<std::uint64_t> permissions_field(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  try {
    if (v->is_string()) return std::stoull(std::string(v->as_string()));
    if (v->is_uint64()) return v->as_uint64();
    if (v->is_int64() && v->as_int64() >= 0) return static_cast<std::uint64_t>(v->as_int64());
  } catch (const std::exception&) {
  }
  throw invalid_form(key, "NUMBER_TYPE_COERCE", "Value is not a valid permission bitfield.");
}

json::value parse_body(const net::HttpRequest& request) {
  if (request.body.empty()) return json::object{};
  try {
    return json::parse(request.body);
  } catch (const std::exception&) {
    throw ApiError{400, 50109, "The request body contains invalid JSON.", {}};
  }
}

const json::object& as_object(const json::value& v) {
  if (!v.is_object()) throw ApiError{400, 50035, "Invalid Form Body", {}};
  return v.as_object();
}

net::HttpResponse json_response(unsigned status, const json::value& v) {
  return net::HttpResponse::json(status, json::serialize(v));
}

net::HttpResponse no_content() {
  net::HttpResponse r;
  r.status = 204;
  return r;
}

net::HttpResponse error_response(const ApiError& e) {
  json::object o{{"message", e.message}, {"code", e.code}};
  if (!e.errors.empty()) o["errors"] = e.errors;
  return json_response(e.status, o);
}

}  // namespace dbot::sim::detail
