#include "mcp/transport/http_endpoint.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "run_sync.hpp"

namespace json = boost::json;
namespace net = dbot::net;
using dbot::mcp::McpHttpEndpoint;
using dbot::test::run_sync;

namespace {

constexpr const char* kToken = "correct-horse-battery-staple-0123456789";

class EchoHandler : public dbot::mcp::McpMethodHandler {
 public:
  json::object server_info() const override { return {{"name", "test"}, {"version", "1"}}; }
  json::object capabilities() const override { return {{"tools", json::object{}}}; }
  boost::asio::awaitable<json::value> handle_request(const std::string& method, const json::object& params,
                                                     const dbot::mcp::RequestContext& context) override {
    if (method == "echo")
      co_return json::object{
          {"params", params}, {"client", context.client.client_id}, {"version", context.protocol_version}};
    if (method == "boom") throw std::runtime_error("secret internal detail");
    throw dbot::mcp::jsonrpc::RpcException(dbot::mcp::jsonrpc::kMethodNotFound, "Method not found: " + method);
  }
  void handle_notification(const std::string& method, const json::object&, const dbot::mcp::RequestContext&) override {
    notifications.push_back(method);
  }
  std::vector<std::string> notifications;
};

class EndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    handler = std::make_shared<EchoHandler>();
    dbot::mcp::McpEndpointOptions options;
    options.allowed_hosts = {"mcp.example.com"};
    options.allowed_origins = {"https://app.example.com"};
    endpoint = std::make_shared<McpHttpEndpoint>(options, std::make_shared<dbot::mcp::StaticTokenAuthenticator>(kToken),
                                                 handler);
  }

  net::HttpRequest post(std::string body, std::string session = {}) {
    net::HttpRequest request;
    request.method = "POST";
    request.target = "/mcp";
    request.headers.set("Host", "127.0.0.1:9090");
    request.headers.set("Authorization", std::string("Bearer ") + kToken);
    request.headers.set("Content-Type", "application/json");
    request.headers.set("Accept", "application/json, text/event-stream");
    if (!session.empty()) {
      request.headers.set("Mcp-Session-Id", session);
      request.headers.set("MCP-Protocol-Version", "2025-11-25");
    }
    request.body = std::move(body);
    return request;
  }

  net::HttpResponse send(net::HttpRequest request) { return run_sync(endpoint->handle(std::move(request))); }

  std::string initialize() {
    auto response = send(post(
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})"));
    EXPECT_EQ(response.status, 200u);
    auto id = response.headers.get("Mcp-Session-Id");
    EXPECT_TRUE(id);
    return id ? std::string(*id) : std::string();
  }

  std::shared_ptr<EchoHandler> handler;
  std::shared_ptr<McpHttpEndpoint> endpoint;
};

TEST_F(EndpointTest, InitializeCreatesARandomSessionAndNegotiates) {
  auto response = send(post(
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{}}})"));
  ASSERT_EQ(response.status, 200u);
  auto body = json::parse(response.body);
  EXPECT_EQ(body.at("result").at("protocolVersion"), json::value("2025-06-18"));
  EXPECT_TRUE(body.at("result").at("capabilities").as_object().contains("tools"));
  auto first = std::string(*response.headers.get("Mcp-Session-Id"));
  EXPECT_EQ(first.size(), 64u);
  for (char c : first) EXPECT_TRUE(c >= 0x21 && c <= 0x7e);
  auto second = initialize();
  EXPECT_NE(first, second);
  EXPECT_EQ(endpoint->session_count(), 2u);
}

TEST_F(EndpointTest, UnknownVersionNegotiatesToLatest) {
  auto response = send(post(
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"1999-01-01","capabilities":{}}})"));
  EXPECT_EQ(json::parse(response.body).at("result").at("protocolVersion"), json::value("2025-11-25"));
}

TEST_F(EndpointTest, RequestsNotificationsAndPing) {
  auto session = initialize();
  auto echo = send(post(R"({"jsonrpc":"2.0","id":5,"method":"echo","params":{"x":1}})", session));
  ASSERT_EQ(echo.status, 200u);
  EXPECT_EQ(echo.headers.get("Content-Type").value_or(""), "application/json");
  auto body = json::parse(echo.body);
  EXPECT_EQ(body.at("id"), json::value(5));
  EXPECT_EQ(body.at("result").at("params").at("x"), json::value(1));
  EXPECT_EQ(body.at("result").at("client"), json::value("token"));

  auto note = send(post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", session));
  EXPECT_EQ(note.status, 202u);
  EXPECT_TRUE(note.body.empty());
  ASSERT_EQ(handler->notifications.size(), 1u);

  auto response = send(post(R"({"jsonrpc":"2.0","id":9,"result":{}})", session));
  EXPECT_EQ(response.status, 202u);

  auto ping = send(post(R"({"jsonrpc":"2.0","id":"p","method":"ping"})", session));
  EXPECT_EQ(json::parse(ping.body).at("result"), json::value(json::object{}));

  auto unknown = send(post(R"({"jsonrpc":"2.0","id":2,"method":"nope"})", session));
  EXPECT_EQ(unknown.status, 200u);
  EXPECT_EQ(json::parse(unknown.body).at("error").at("code"), json::value(-32601));

  auto boom = send(post(R"({"jsonrpc":"2.0","id":3,"method":"boom"})", session));
  EXPECT_EQ(json::parse(boom.body).at("error").at("code"), json::value(-32603));
  EXPECT_EQ(boom.body.find("secret internal detail"), std::string::npos);
}

TEST_F(EndpointTest, SseWhenTheClientOnlyAcceptsEventStreams) {
  auto session = initialize();
  auto request = post(R"({"jsonrpc":"2.0","id":5,"method":"echo"})", session);
  request.headers.set("Accept", "text/event-stream");
  auto response = send(std::move(request));
  ASSERT_EQ(response.status, 200u);
  EXPECT_EQ(response.headers.get("Content-Type").value_or(""), "text/event-stream");
  auto message = dbot::mcp::jsonrpc::message_from_body(response.body, "text/event-stream");
  ASSERT_TRUE(message);
  EXPECT_EQ(json::parse(*message).at("id"), json::value(5));
}

TEST_F(EndpointTest, SessionRules) {
  auto no_session = send(post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})"));
  EXPECT_EQ(no_session.status, 400u);
  auto unknown = send(post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})", std::string(64, 'a')));
  EXPECT_EQ(unknown.status, 404u);

  auto session = initialize();
  net::HttpRequest del = post("", session);
  del.method = "DELETE";
  EXPECT_EQ(send(del).status, 204u);
  EXPECT_EQ(send(post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})", session)).status, 404u);
  EXPECT_EQ(send(del).status, 404u);
  net::HttpRequest del_without = post("");
  del_without.method = "DELETE";
  EXPECT_EQ(send(del_without).status, 400u);
}

TEST_F(EndpointTest, SessionsAreBoundToTheClientThatCreatedThem) {
  auto session = initialize();
  // Same id, different client (another endpoint authenticating differently
  // would present another client id): simulate by swapping the authenticator.
  struct Other : dbot::mcp::Authenticator {
    std::optional<dbot::mcp::ClientIdentity> authenticate(const net::HttpRequest&) const override {
      dbot::mcp::ClientIdentity id;
      id.client_id = "someone-else";
      return id;
    }
  };
  McpHttpEndpoint other({}, std::make_shared<Other>(), handler);
  // Unknown on a different endpoint, of course; and on this endpoint the
  // owner check is what keeps another client out.
  EXPECT_EQ(run_sync(other.handle(post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})", session))).status, 404u);
  EXPECT_EQ(send(post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})", session)).status, 200u);
}

TEST_F(EndpointTest, GetIs405) {
  net::HttpRequest get = post("", initialize());
  get.method = "GET";
  get.headers.set("Accept", "text/event-stream");
  auto response = send(get);
  EXPECT_EQ(response.status, 405u);
  EXPECT_TRUE(response.headers.get("Allow"));
  net::HttpRequest put = post("{}");
  put.method = "PUT";
  EXPECT_EQ(send(put).status, 405u);
}

TEST_F(EndpointTest, AuthFailures) {
  auto none = post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
  none.headers.erase("Authorization");
  auto r1 = send(none);
  EXPECT_EQ(r1.status, 401u);
  EXPECT_EQ(r1.headers.get("WWW-Authenticate").value_or("").substr(0, 6), "Bearer");

  auto wrong = post(R"({"jsonrpc":"2.0","id":1,"method":"ping"})");
  wrong.headers.set("Authorization", "Bearer wrong");
  auto r2 = send(wrong);
  EXPECT_EQ(r2.status, 401u);
  EXPECT_NE(r2.headers.get("WWW-Authenticate").value_or("").find("invalid_token"), std::string::npos);
  EXPECT_EQ(r2.body.find(kToken), std::string::npos);

  auto prefix = post("{}");
  prefix.headers.set("Authorization", std::string("Bearer ") + std::string(kToken).substr(0, 10));
  EXPECT_EQ(send(prefix).status, 401u);
  auto longer = post("{}");
  longer.headers.set("Authorization", std::string("Bearer ") + kToken + "x");
  EXPECT_EQ(send(longer).status, 401u);
  auto basic = post("{}");
  basic.headers.set("Authorization", std::string("Basic ") + kToken);
  EXPECT_EQ(send(basic).status, 401u);
  auto lower = post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})");
  lower.headers.set("Authorization", std::string("bearer ") + kToken);
  EXPECT_EQ(send(lower).status, 200u);
}

TEST_F(EndpointTest, HostAndOriginValidation) {
  auto bad_host = post("{}");
  bad_host.headers.set("Host", "evil.example.net");
  EXPECT_EQ(send(bad_host).status, 403u);
  auto no_host = post("{}");
  no_host.headers.erase("Host");
  EXPECT_EQ(send(no_host).status, 403u);
  for (const char* host : {"localhost:9090", "[::1]:9090", "127.0.0.1", "mcp.example.com", "MCP.example.com:443"}) {
    auto ok = post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})");
    ok.headers.set("Host", host);
    EXPECT_EQ(send(ok).status, 200u) << host;
  }
  for (const char* origin : {"https://evil.example.net", "null", "http://127.0.0.1.evil.net", "file://"}) {
    auto bad = post("{}");
    bad.headers.set("Origin", origin);
    EXPECT_EQ(send(bad).status, 403u) << origin;
  }
  for (const char* origin : {"http://localhost:6274", "http://127.0.0.1", "https://app.example.com"}) {
    auto ok = post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})");
    ok.headers.set("Origin", origin);
    EXPECT_EQ(send(ok).status, 200u) << origin;
  }
  // Host is checked before auth: a bad host gets 403 even without a token.
  auto both = post("{}");
  both.headers.set("Host", "evil.example.net");
  both.headers.erase("Authorization");
  EXPECT_EQ(send(both).status, 403u);
}

TEST_F(EndpointTest, ProtocolVersionHeader) {
  auto session = initialize();
  auto bad = post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})", session);
  bad.headers.set("MCP-Protocol-Version", "2024-01-01");
  EXPECT_EQ(send(bad).status, 400u);
  auto absent = post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})", session);
  absent.headers.erase("MCP-Protocol-Version");
  auto response = send(absent);
  ASSERT_EQ(response.status, 200u);
  EXPECT_EQ(json::parse(response.body).at("result").at("version"), json::value("2025-11-25"));
  auto old = post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})", session);
  old.headers.set("MCP-Protocol-Version", "2025-03-26");
  EXPECT_EQ(json::parse(send(old).body).at("result").at("version"), json::value("2025-03-26"));
}

TEST_F(EndpointTest, BodyCapContentTypeAcceptAndMalformedJson) {
  auto session = initialize();
  auto big =
      post(R"({"jsonrpc":"2.0","id":1,"method":"echo","params":{"x":")" + std::string(70000, 'a') + "\"}}", session);
  EXPECT_EQ(send(big).status, 413u);

  auto text = post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})", session);
  text.headers.set("Content-Type", "text/plain");
  EXPECT_EQ(send(text).status, 415u);

  auto html = post(R"({"jsonrpc":"2.0","id":1,"method":"echo"})", session);
  html.headers.set("Accept", "text/html");
  EXPECT_EQ(send(html).status, 406u);

  auto malformed = send(post(R"({"jsonrpc":"2.0","id":1,"method":)", session));
  EXPECT_EQ(malformed.status, 400u);
  EXPECT_EQ(json::parse(malformed.body).at("error").at("code"), json::value(-32700));

  auto batch = send(post(R"([{"jsonrpc":"2.0","id":1,"method":"echo"}])", session));
  EXPECT_EQ(batch.status, 400u);
  EXPECT_EQ(json::parse(batch.body).at("error").at("code"), json::value(-32600));

  auto params = send(post(R"({"jsonrpc":"2.0","id":4,"method":"echo","params":[1]})", session));
  EXPECT_EQ(params.status, 200u);
  EXPECT_EQ(json::parse(params.body).at("error").at("code"), json::value(-32602));

  auto init_without_version = send(post(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})"));
  EXPECT_EQ(json::parse(init_without_version.body).at("error").at("code"), json::value(-32602));
}

TEST(Security, BearerComparisonAndHostParsing) {
  EXPECT_TRUE(dbot::mcp::secrets_equal("abc", "abc"));
  EXPECT_FALSE(dbot::mcp::secrets_equal("abc", "abd"));
  EXPECT_FALSE(dbot::mcp::secrets_equal("", "abc"));
  EXPECT_EQ(dbot::mcp::host_without_port("[::1]:80"), "::1");
  EXPECT_EQ(dbot::mcp::host_without_port("Example.COM:80"), "example.com");
  EXPECT_EQ(dbot::mcp::host_without_port("::1"), "::1");
  EXPECT_FALSE(dbot::mcp::host_allowed("127.0.0.1.nip.io", {}));
  EXPECT_EQ(dbot::mcp::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
