#include "discord/route.hpp"

#include <stdexcept>
#include <vector>

#include "net/http.hpp"

namespace dbot::discord {

std::string_view method_name(Method method) {
  switch (method) {
    case Method::get: return "GET";
    case Method::post: return "POST";
    case Method::put: return "PUT";
    case Method::patch: return "PATCH";
    case Method::del: return "DELETE";
  }
  return "GET";
}

RouteArg::RouteArg(std::string_view name_, Snowflake id) : name(name_), value(id.str()) {}
RouteArg::RouteArg(std::string_view name_, std::string_view text) : name(name_), value(net::percent_encode(text)) {}

namespace {

// The major resource a placeholder names, as the limiter's key prefix.
std::string_view major_prefix(std::string_view name) {
  if (name == "channel_id") return "channels/";
  if (name == "guild_id") return "guilds/";
  if (name == "webhook_id") return "webhooks/";
  if (name == "webhook_token") return "/";
  return {};
}

}  // namespace

Route::Route(Endpoint endpoint, std::initializer_list<RouteArg> args)
    : method_(endpoint.method), resend_(endpoint.resend) {
  const std::string_view tpl = endpoint.path_template;
  template_key_ = std::string(method_name(method_)) + " " + std::string(tpl);
  std::vector<bool> used(args.size(), false);
  std::size_t i = 0;
  while (i < tpl.size()) {
    const auto open = tpl.find('{', i);
    if (open == std::string_view::npos) {
      path_.append(tpl.substr(i));
      break;
    }
    path_.append(tpl.substr(i, open - i));
    const auto close = tpl.find('}', open);
    if (close == std::string_view::npos) throw std::logic_error("unterminated placeholder in " + std::string(tpl));
    const std::string_view name = tpl.substr(open + 1, close - open - 1);
    const RouteArg* arg = nullptr;
    std::size_t k = 0;
    for (const auto& a : args) {
      if (a.name == name) {
        arg = &a;
        used[k] = true;
      }
      ++k;
    }
    if (!arg) throw std::logic_error("route " + std::string(tpl) + " lacks " + std::string(name));
    path_.append(arg->value);
    if (auto prefix = major_prefix(name); !prefix.empty()) {
      if (!major_.empty() && name != "webhook_token") major_ += '/';
      major_.append(prefix);
      major_.append(arg->value);
    }
    if (name == "webhook_token" || name == "interaction_token") global_exempt_ = true;
    i = close + 1;
  }
  for (std::size_t k = 0; k < used.size(); ++k) {
    if (!used[k]) {
      throw std::logic_error("route " + std::string(tpl) + " has no " + std::string(args.begin()[k].name));
    }
  }
}

Route& Route::query(std::string_view key, std::string_view value) {
  path_ += has_query_ ? '&' : '?';
  has_query_ = true;
  path_.append(key);
  path_ += '=';
  path_.append(net::percent_encode(value));
  return *this;
}

}  // namespace dbot::discord
