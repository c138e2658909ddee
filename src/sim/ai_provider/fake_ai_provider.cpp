#include "sim/ai_provider/fake_ai_provider.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include "net/http_server.hpp"
#include "sim/ai_provider/wire_render.hpp"

namespace dbot::sim::ai {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

boost::asio::awaitable<void> write_events(net::StreamWriter& writer, std::vector<std::string> events) {
  for (const auto& event : events) {
    if (!co_await writer.write(event)) co_return;  // the client stopped reading
  }
}

}  // namespace

struct FakeAiProvider::State {
  mutable std::mutex mutex;
  std::deque<ScriptedReply> queue;
  Responder responder;
  ScriptedReply fallback{.text = "This is the loopback AI provider: a scripted stand-in, not a model."};
  std::vector<RecordedRequest> requests;
  unsigned sequence = 0;
  std::unique_ptr<net::HttpServer> server;

  // Records the request and picks its reply.
  std::pair<ScriptedReply, unsigned> take(const RecordedRequest& request) {
    std::unique_lock lock(mutex);
    requests.push_back(request);
    const unsigned number = ++sequence;
    if (!queue.empty()) {
      ScriptedReply reply = std::move(queue.front());
      queue.pop_front();
      return {std::move(reply), number};
    }
    if (responder) {
      Responder ask = responder;
      lock.unlock();
      return {ask(request), number};
    }
    return {fallback, number};
  }
};

FakeAiProvider::FakeAiProvider(asio::any_io_executor executor, std::uint16_t port) : state_(std::make_shared<State>()) {
  net::HttpServer::Options options;
  options.port = port;
  options.max_body_bytes = 16 * 1024 * 1024;  // vision requests carry images
  std::weak_ptr<State> weak = state_;
  auto handler = [weak, executor](net::HttpRequest request) -> asio::awaitable<net::HttpResponse> {
    auto state = weak.lock();
    if (!state) co_return net::HttpResponse::json(503, R"({"error":"shutting down"})");
    const std::string path(request.path());
    RecordedRequest recorded;
    if (path.ends_with("/messages")) {
      recorded.format = WireFormat::anthropic;
    } else if (path.ends_with("/chat/completions")) {
      recorded.format = WireFormat::openai;
    } else {
      co_return net::HttpResponse::json(404, R"({"error":{"message":"unknown endpoint"}})");
    }
    if (request.method != "POST") co_return net::HttpResponse::json(405, R"({"error":{"message":"POST only"}})");
    recorded.path = path;
    recorded.headers = request.headers;
    recorded.body = request.body;
    RenderContext context;
    boost::system::error_code ec;
    const json::value body = json::parse(request.body, ec);
    if (!ec && body.is_object()) {
      const auto& object = body.get_object();
      if (const auto* model = object.if_contains("model"); model && model->is_string()) {
        context.model = std::string(model->get_string());
      }
      if (const auto* stream = object.if_contains("stream"); stream && stream->is_bool()) {
        recorded.stream = stream->get_bool();
      }
      if (const auto* wanted = object.if_contains("stream_options"); wanted && wanted->is_object()) {
        const auto* usage = wanted->get_object().if_contains("include_usage");
        context.include_usage = usage && usage->is_bool() && usage->get_bool();
      }
    }
    auto [reply, number] = state->take(recorded);
    context.sequence = number;
    state.reset();  // do not keep the provider alive across the delay
    if (reply.delay.count() > 0) {
      asio::steady_timer timer(executor, reply.delay);
      co_await timer.async_wait(asio::use_awaitable);
    }
    const bool anthropic = recorded.format == WireFormat::anthropic;
    if (reply.status / 100 != 2) {
      auto response =
          net::HttpResponse::json(reply.status, anthropic ? render_anthropic_error(reply) : render_openai_error(reply));
      if (reply.retry_after) response.headers.set("Retry-After", *reply.retry_after);
      co_return response;
    }
    if (!recorded.stream) {
      co_return net::HttpResponse::json(
          reply.status, anthropic ? render_anthropic_response(reply, context) : render_openai_response(reply, context));
    }
    net::HttpResponse response;
    response.status = reply.status;
    response.headers.set("Content-Type", "text/event-stream");
    response.headers.set("Cache-Control", "no-cache");
    std::vector<std::string> events =
        anthropic ? render_anthropic_stream(reply, context) : render_openai_stream(reply, context);
    response.stream = [events = std::move(events)](net::StreamWriter& writer) { return write_events(writer, events); };
    co_return response;
  };
  state_->server = std::make_unique<net::HttpServer>(std::move(executor), options, std::move(handler));
}

FakeAiProvider::~FakeAiProvider() { stop(); }

void FakeAiProvider::start() { state_->server->start(); }
void FakeAiProvider::stop() { state_->server->stop(); }
std::uint16_t FakeAiProvider::port() const { return state_->server->port(); }

std::string FakeAiProvider::openai_url() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/v1/chat/completions";
}

std::string FakeAiProvider::anthropic_url() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/v1/messages";
}

void FakeAiProvider::enqueue(ScriptedReply reply) {
  std::lock_guard lock(state_->mutex);
  state_->queue.push_back(std::move(reply));
}

void FakeAiProvider::set_responder(Responder responder) {
  std::lock_guard lock(state_->mutex);
  state_->responder = std::move(responder);
}

void FakeAiProvider::set_default(ScriptedReply reply) {
  std::lock_guard lock(state_->mutex);
  state_->fallback = std::move(reply);
}

std::vector<RecordedRequest> FakeAiProvider::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

std::size_t FakeAiProvider::request_count() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests.size();
}

}  // namespace dbot::sim::ai
