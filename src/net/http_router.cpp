#include "net/http_router.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace dbot::net {

void HttpRouter::add(std::string path, Handler handler) { add(std::move(path), {}, std::move(handler)); }

void HttpRouter::add(std::string path, std::vector<std::string> methods, Handler handler) {
  if (path.empty() || path.front() != '/') throw std::logic_error("an HTTP route path starts with '/'");
  if (routes(path)) throw std::logic_error("duplicate HTTP route '" + path + "'");
  routes_.push_back({std::move(path), std::move(methods), std::move(handler)});
}

bool HttpRouter::routes(std::string_view path) const {
  return std::any_of(routes_.begin(), routes_.end(), [&](const Route& route) { return route.path == path; });
}

boost::asio::awaitable<HttpResponse> HttpRouter::operator()(HttpRequest request) const {
  const std::string_view path = request.path();
  for (const auto& route : routes_) {
    if (route.path != path) continue;
    const bool allowed = route.methods.empty() ||
                         std::find(route.methods.begin(), route.methods.end(), request.method) != route.methods.end();
    if (!allowed) {
      auto response = HttpResponse::text(405, "Method Not Allowed");
      response.headers.set("Allow", fmt::format("{}", fmt::join(route.methods, ", ")));
      co_return response;
    }
    co_return co_await route.handler(std::move(request));
  }
  co_return HttpResponse::text(404, "Not Found");
}

HttpRouter::Handler HttpRouter::handler() const {
  auto self = std::make_shared<const HttpRouter>(*this);
  return [self](HttpRequest request) { return (*self)(std::move(request)); };
}

}  // namespace dbot::net
