#pragma once
// Helpers shared by the simulator's REST and control handlers. Included only
// by src/sim/*.cpp (it pulls in Boost.JSON).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "net/http.hpp"
#include "sim/world.hpp"

namespace dbot::sim::detail {
namespace json = boost::json;

// A Discord API error; handle() turns it into the error JSON.
struct ApiError {
  unsigned status = 400;
  int code = 0;
  std::string message;
  json::object errors;  // for 50035
};

ApiError unknown(int code, std::string what);  // 404 {"message":"Unknown <what>","code":code}
ApiError missing_permissions();                // 403 50013
ApiError missing_access();                     // 403 50001
// 400 50035 with one field error: errors.<field>._errors[0] = {code, message}.
ApiError invalid_form(std::string_view field, std::string_view error_code, std::string message);

std::vector<std::string_view> split_path(std::string_view path);
// An X-Audit-Log-Reason header's text: percent-decoded, at most 512 characters
// (code points, as Discord counts them).
std::string audit_reason_from_header(std::string_view header);
// Whether `segments` match `pattern` ("*" matches any one segment).
bool match(const std::vector<std::string_view>& segments, std::initializer_list<std::string_view> pattern);

Id parse_id(std::string_view text, int unknown_code, const char* what);  // throws unknown(...) when malformed
std::optional<Id> id_field(const json::object& o, std::string_view key);
std::string str_field(const json::object& o, std::string_view key, std::string fallback = {});
std::optional<std::int64_t> int_field(const json::object& o, std::string_view key);
std::optional<std::uint64_t> permissions_field(const json::object& o, std::string_view key);

// The body as a JSON value; throws 50109 when it is not valid JSON. Empty body: empty object.
json::value parse_body(const net::HttpRequest& request);
const json::object& as_object(const json::value& v);

net::HttpResponse json_response(unsigned status, const json::value& v);
net::HttpResponse no_content();
net::HttpResponse error_response(const ApiError& e);

}  // namespace dbot::sim::detail
