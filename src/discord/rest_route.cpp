#include "discord/rest_route.hpp"

#include <vector>

namespace dbot::discord {

namespace {

bool is_id(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::vector<std::string_view> split_path(std::string_view path) {
  if (auto q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

Route make_route(std::string_view method, std::string_view path) {
  Route route;
  const auto seg = split_path(path);
  std::string key(method);
  key += ' ';
  std::size_t i = 0;
  if (seg.size() >= 2 && (seg[0] == "channels" || seg[0] == "guilds") && is_id(seg[1])) {
    route.major = std::string(seg[0]) + "/" + std::string(seg[1]);
    key += "/" + std::string(seg[0]) + "/{major}";
    i = 2;
  } else if (seg.size() >= 2 && seg[0] == "webhooks" && is_id(seg[1])) {
    route.major = "webhooks/" + std::string(seg[1]);
    key += "/webhooks/{major}";
    i = 2;
    if (seg.size() >= 3) {
      route.major += "/" + std::string(seg[2]);
      key += "/{token}";
      i = 3;
      // Follow-ups to an interaction go through the application's webhook.
      route.global_exempt = true;
    }
  } else if (seg.size() >= 3 && seg[0] == "interactions") {
    key += "/interactions/{id}/{token}";
    i = 3;
    route.global_exempt = true;
  }
  for (; i < seg.size(); ++i) {
    key += '/';
    if (i >= 1 && seg[i - 1] == "reactions") {
      key += "{emoji}";
    } else if (is_id(seg[i])) {
      key += "{id}";
    } else {
      key += seg[i];
    }
  }
  route.template_key = std::move(key);
  return route;
}

}  // namespace dbot::discord
