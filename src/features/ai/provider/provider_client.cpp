#include "features/ai/provider/provider_client.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "features/ai/provider/anthropic_wire.hpp"
#include "features/ai/provider/json_util.hpp"
#include "features/ai/provider/openai_wire.hpp"
#include "features/ai/provider/sse.hpp"
#include "net/http_client.hpp"

namespace dbot::features::ai {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

asio::awaitable<void> sleep_on_this_executor(milliseconds wait) {
  asio::steady_timer timer(co_await asio::this_coro::executor, wait);
  co_await timer.async_wait(asio::use_awaitable);
}

bool is_event_stream(const net::HttpResponse& head) {
  const auto type = head.headers.get("content-type");
  return head.status / 100 == 2 && type && type->find("text/event-stream") != std::string_view::npos;
}

std::unique_ptr<StreamDecoder> decoder_for(ProviderSpec spec) {
  if (spec == ProviderSpec::anthropic) return std::make_unique<anthropic_wire::StreamAccumulator>();
  return std::make_unique<openai_wire::StreamAccumulator>();
}

bool retryable(ModelFailure failure) {
  return failure == ModelFailure::timeout || failure == ModelFailure::rate_limited ||
         failure == ModelFailure::server_error || failure == ModelFailure::unavailable;
}

std::string seconds_text(milliseconds wait) { return fmt::format("{:.1f}s", static_cast<double>(wait.count()) / 1000); }

}  // namespace

ProviderClient::ProviderClient(Settings settings, std::shared_ptr<net::HttpClient> http, Sleeper sleeper)
    : settings_(std::move(settings)),
      http_(std::move(http)),
      sleeper_(std::move(sleeper)),
      random_(std::random_device{}()) {
  if (!sleeper_) sleeper_ = [](milliseconds wait) { return sleep_on_this_executor(wait); };
}

std::string ProviderClient::redacted(std::string detail) const {
  const auto& key = settings_.provider.api_key;
  if (!key || key->empty()) return detail;
  for (auto at = detail.find(*key); at != std::string::npos; at = detail.find(*key, at)) {
    detail.replace(at, key->size(), "[redacted]");
  }
  return detail;
}

ProviderError ProviderClient::failure(ModelFailure kind, const std::string& what, bool censored) const {
  ProviderError error(
      kind,
      redacted(fmt::format("AI provider '{}' (model {}): {}", settings_.provider.name, settings_.provider.model, what)),
      censored);
  error.retryable = retryable(kind);
  return error;
}

net::HttpRequest ProviderClient::http_request(const ChatRequest& request, bool stream) const {
  const ProviderDef& provider = settings_.provider;
  WireOptions options;
  options.model = provider.model;
  options.max_tokens = provider.max_tokens;
  if (request.max_tokens && (provider.max_tokens == 0 || *request.max_tokens < provider.max_tokens)) {
    options.max_tokens = *request.max_tokens;
  }
  options.send_tools = provider.supports_tools && !provider.is_reasoner;
  options.send_images = provider.supports_vision;
  options.stream = stream;

  net::HttpRequest out;
  out.method = "POST";
  out.target = provider.url;
  out.headers.set("Content-Type", "application/json");
  out.headers.set("Accept", stream ? "text/event-stream" : "application/json");
  for (const auto& [name, value] : provider.headers) out.headers.set(name, value);
  if (provider.spec == ProviderSpec::anthropic && !out.headers.get("anthropic-version")) {
    out.headers.set("anthropic-version", std::string(anthropic_wire::kApiVersion));
  }
  if (provider.api_key && !provider.api_key->empty()) {
    out.headers.set(provider.auth_header, provider.auth_scheme + *provider.api_key);
  }
  out.body = provider.spec == ProviderSpec::anthropic ? anthropic_wire::encode_request(request, options)
                                                      : openai_wire::encode_request(request, options);
  return out;
}

asio::awaitable<ChatResult> ProviderClient::attempt(const ChatRequest& request, const StreamSink* sink,
                                                    milliseconds timeout, bool& streamed) {
  const ProviderDef& provider = settings_.provider;
  const bool stream = provider.stream && sink != nullptr && sink->on_text;
  auto decoder = decoder_for(provider.spec);
  SseParser parser;
  bool event_stream = false;
  bool stopped = false;
  const auto stop_now = [sink] { return sink != nullptr && sink->stop_requested && sink->stop_requested(); };
  const auto take_events = [&](std::string_view bytes) {
    for (const auto& event : parser.feed(bytes)) {
      const std::string delta = decoder->take(event);
      if (!delta.empty()) {
        streamed = true;
        sink->on_text(delta);
      }
      if (stop_now()) return false;
    }
    return !stop_now();
  };

  net::HttpResponse response;
  std::optional<ProviderError> error;
  try {
    if (stream) {
      net::HttpClient::BodyStream body;
      body.on_head = [&event_stream](const net::HttpResponse& head) {
        // An error status (or a server that ignored `stream`) sends one JSON body.
        event_stream = is_event_stream(head);
        return event_stream;
      };
      body.on_body = [&](std::string_view piece) {
        if (take_events(piece)) return true;
        stopped = true;
        return false;
      };
      response = co_await http_->request_stream(http_request(request, true), timeout, std::move(body));
    } else {
      response = co_await http_->request(http_request(request, false), timeout);
    }
  } catch (const net::HttpTimeoutError&) {
    error = failure(ModelFailure::timeout, fmt::format("no complete answer within {}", seconds_text(timeout)));
  } catch (const WireError& e) {
    error = failure(e.failure(), e.what());
  } catch (const std::length_error& e) {
    error = failure(ModelFailure::bad_response, e.what());
  } catch (const Error& e) {
    error = failure(ModelFailure::unavailable, e.operator_detail());
  }
  if (error) {
    error->streamed = streamed;
    throw *error;
  }

  if (response.status / 100 != 2) {
    const std::string said = wire_json::error_message(response.body);
    const std::string what =
        said.empty() ? fmt::format("HTTP {}", response.status) : fmt::format("HTTP {}: {}", response.status, said);
    if (response.body.find(kCensoredSentinel) != std::string::npos) {
      throw failure(ModelFailure::refused, what + " (the censorship sentinel)", true);
    }
    ModelFailure kind = ModelFailure::bad_response;
    if (response.status == 429) {
      kind = ModelFailure::rate_limited;
    } else if (response.status == 408) {
      kind = ModelFailure::timeout;
    } else if (response.status >= 500) {
      kind = ModelFailure::server_error;
    } else if (response.status == 401 || response.status == 403 || response.status == 404) {
      kind = ModelFailure::unavailable;  // a wrong key, URL or model: another provider may do
    }
    ProviderError rejected = failure(kind, what);
    // A 4xx other than 408/429 would fail the same way again.
    rejected.retryable = kind != ModelFailure::bad_response && kind != ModelFailure::unavailable;
    rejected.retry_after = retry_after(response.headers);
    throw rejected;
  }

  try {
    ChatResult result;
    if (stream && event_stream) {
      if (!stopped) take_events("\n\n");  // a last event the server did not terminate
      result = decoder->result();
      if (stopped) {
        result.finish = FinishReason::stopped_by_user;
      } else if (!decoder->done() && result.text.empty() && result.tool_calls.empty()) {
        throw WireError(ModelFailure::bad_response, "the stream ended before any answer");
      }
    } else {
      result = provider.spec == ProviderSpec::anthropic ? anthropic_wire::decode_response(response.body)
                                                        : openai_wire::decode_response(response.body);
    }
    result.provider = provider.name;
    result.model = provider.model;
    co_return result;
  } catch (const WireError& e) {
    error = failure(e.failure(), e.what());
  }
  error->streamed = streamed;
  throw *error;
}

asio::awaitable<ChatResult> ProviderClient::complete(const ChatRequest& request, const StreamSink* sink,
                                                     Clock::time_point deadline) {
  for (std::uint32_t attempt_number = 0;; ++attempt_number) {
    const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (remaining <= milliseconds::zero()) {
      throw failure(ModelFailure::timeout, "the request deadline passed before the attempt");
    }
    std::optional<ProviderError> error;
    bool streamed = false;
    try {
      ChatResult result = co_await attempt(request, sink, std::min(settings_.attempt_timeout, remaining), streamed);
      co_return result;
    } catch (const ProviderError& e) {
      error = e;
    }
    if (!error->retryable || error->streamed || attempt_number >= settings_.retry.retries) throw *error;
    milliseconds wait{};
    {
      std::lock_guard lock(random_mutex_);
      wait = settings_.retry.delay(attempt_number, error->retry_after, random_);
    }
    if (Clock::now() + wait >= deadline) {
      // Waiting would use up the request: let the router try the next provider now.
      throw ProviderError(error->failure(),
                          std::string(error->operator_detail()) + "; the retry wait of " + seconds_text(wait) +
                              " would pass the request deadline",
                          error->censored());
    }
    spdlog::warn("{}; retrying in {} (retry {} of {})", error->operator_detail(), seconds_text(wait),
                 attempt_number + 1, settings_.retry.retries);
    co_await sleeper_(wait);
  }
}

}  // namespace dbot::features::ai
