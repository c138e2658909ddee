#include "e2e/support/fakes/minecraft_plugin_fake.hpp"

#include <map>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "net/http_server.hpp"

namespace dbot::test {
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

// The answers are computed synchronously; a plain function (not a coroutine
// lambda, which g++ 12 miscompiles with by-value parameters) wraps them.
asio::awaitable<net::HttpResponse> ready(net::HttpResponse response) { co_return response; }

}  // namespace

struct MinecraftPluginFake::State {
  std::string secret;
  mutable std::mutex mutex;
  std::map<std::string, std::pair<std::string, std::string>> codes;  // code -> {username, uuid}
  std::vector<std::pair<std::string, std::string>> donators;
  std::optional<std::pair<unsigned, std::string>> donator_failure;
  unsigned ban_status = 200;
  std::vector<Call> calls;

  net::HttpResponse answer(const net::HttpRequest& request) {
    std::lock_guard lock(mutex);
    const std::string authorization(request.headers.get("Authorization").value_or(""));
    calls.push_back({request.method, std::string(request.path()), authorization, request.body});
    if (authorization != "Bearer " + secret) {
      return net::HttpResponse::json(401, R"({"success":false,"error":"Unauthorized"})");
    }
    const auto path = request.path();
    if (request.method == "POST" && path == "/api/verify") return verify(request.body);
    if (request.method == "GET" && path == "/api/donators") {
      if (donator_failure) return net::HttpResponse::json(donator_failure->first, donator_failure->second);
      json::array list;
      for (const auto& [id, tier] : donators) list.push_back(json::object{{"discord_id", id}, {"tier", tier}});
      return net::HttpResponse::json(200, json::serialize(json::object{{"donators", list}}));
    }
    if (request.method == "POST" && path == "/api/ban") {
      return net::HttpResponse::json(ban_status, ban_status < 300 ? R"({"success":true})" : R"({"error":"nope"})");
    }
    return net::HttpResponse::json(404, R"({"error":"Not Found"})");
  }

  net::HttpResponse verify(const std::string& body) {
    json::value parsed;
    boost::system::error_code ec;
    parsed = json::parse(body, ec);
    if (ec || !parsed.is_object() || !parsed.as_object().contains("code") ||
        !parsed.as_object().contains("discord_id")) {
      return net::HttpResponse::json(400, R"({"success":false,"error":"Bad request"})");
    }
    const std::string code(parsed.as_object().at("code").as_string());
    auto it = codes.find(code);
    if (it == codes.end()) {
      return net::HttpResponse::json(400, R"({"success":false,"error":"Invalid or expired code"})");
    }
    const auto [username, uuid] = it->second;
    codes.erase(it);  // codes are single use
    return net::HttpResponse::json(
        200, json::serialize(json::object{{"success", true}, {"username", username}, {"uuid", uuid}}));
  }
};

MinecraftPluginFake::MinecraftPluginFake(std::string secret) : state_(std::make_shared<State>()) {
  state_->secret = std::move(secret);
  net::HttpServer::Options options;
  options.bind_address = "127.0.0.1";
  options.port = 0;
  auto state = state_;
  server_ = std::make_unique<net::HttpServer>(
      io_.get_executor(), options, [state](net::HttpRequest request) { return ready(state->answer(request)); });
  server_->start();
  thread_ = std::thread([this] {
    auto guard = asio::make_work_guard(io_);
    io_.run();
  });
}

MinecraftPluginFake::~MinecraftPluginFake() {
  asio::post(io_, [this] {
    server_->stop();
    io_.stop();
  });
  thread_.join();
}

std::string MinecraftPluginFake::url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

void MinecraftPluginFake::add_code(std::string code, std::string username, std::string uuid) {
  std::lock_guard lock(state_->mutex);
  state_->codes[std::move(code)] = {std::move(username), std::move(uuid)};
}

void MinecraftPluginFake::set_donators(std::vector<std::pair<std::string, std::string>> donators) {
  std::lock_guard lock(state_->mutex);
  state_->donators = std::move(donators);
  state_->donator_failure.reset();
}

void MinecraftPluginFake::fail_donators(unsigned status, std::string body) {
  std::lock_guard lock(state_->mutex);
  state_->donator_failure = std::pair{status, std::move(body)};
}

void MinecraftPluginFake::clear_donator_failure() {
  std::lock_guard lock(state_->mutex);
  state_->donator_failure.reset();
}

void MinecraftPluginFake::set_ban_status(unsigned status) {
  std::lock_guard lock(state_->mutex);
  state_->ban_status = status;
}

std::vector<MinecraftPluginFake::Call> MinecraftPluginFake::calls(const std::string& path) const {
  std::lock_guard lock(state_->mutex);
  std::vector<Call> out;
  for (const auto& call : state_->calls) {
    if (call.path == path) out.push_back(call);
  }
  return out;
}

}  // namespace dbot::test
