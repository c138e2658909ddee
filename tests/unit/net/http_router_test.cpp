#include "net/http_router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "unit/mcp/run_sync.hpp"

namespace {

using dbot::test::run_sync;

using dbot::net::HttpRequest;
using dbot::net::HttpResponse;
using dbot::net::HttpRouter;

HttpRouter::Handler answering(std::string text) {
  return [text](HttpRequest) -> boost::asio::awaitable<HttpResponse> { co_return HttpResponse::text(200, text); };
}

HttpRequest request(std::string method, std::string target) {
  HttpRequest out;
  out.method = std::move(method);
  out.target = std::move(target);
  return out;
}

TEST(HttpRouter, RoutesByExactPathIgnoringTheQuery) {
  HttpRouter router;
  router.add("/webhook/chargeback", {"POST"}, answering("webhook"));
  router.add("/mcp", answering("mcp"));
  const auto handler = router.handler();
  EXPECT_EQ(run_sync(handler(request("POST", "/webhook/chargeback?x=1"))).body, "webhook");
  EXPECT_EQ(run_sync(handler(request("POST", "/mcp"))).body, "mcp");
  EXPECT_EQ(run_sync(handler(request("POST", "/webhook/chargeback/extra"))).status, 404u);
  EXPECT_EQ(run_sync(handler(request("GET", "/other"))).status, 404u);
}

TEST(HttpRouter, ARouteWithMethodsAnswers405WithAllowForOthers) {
  HttpRouter router;
  router.add("/hook", {"POST", "PUT"}, answering("hook"));
  const auto response = run_sync(router.handler()(request("GET", "/hook")));
  EXPECT_EQ(response.status, 405u);
  EXPECT_EQ(response.headers.get("Allow").value_or(""), "POST, PUT");
}

TEST(HttpRouter, ARouteWithoutMethodsTakesEveryMethod) {
  HttpRouter router;
  router.add("/mcp", answering("mine"));
  EXPECT_EQ(run_sync(router.handler()(request("PATCH", "/mcp"))).body, "mine");
}

TEST(HttpRouter, DuplicateOrRelativePathsAreProgrammingErrors) {
  HttpRouter router;
  router.add("/a", answering("a"));
  EXPECT_THROW(router.add("/a", {"POST"}, answering("again")), std::logic_error);
  EXPECT_THROW(router.add("b", answering("b")), std::logic_error);
  EXPECT_TRUE(router.routes("/a"));
  EXPECT_FALSE(router.routes("/b"));
}

}  // namespace
