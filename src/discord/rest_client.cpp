#include "discord/rest_client.hpp"

#include <charconv>
#include <random>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "discord/route.hpp"

namespace dbot::discord {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

std::string user_text(unsigned status, int code, const std::string& message) {
  if (status == 0) return "Discord calls are paused to protect this bot from a ban; the operator has the details.";
  if (message.empty()) return fmt::format("Discord answered with HTTP {}.", status);
  if (code) return fmt::format("Discord refused: {} (code {}).", message, code);
  return fmt::format("Discord refused: {}.", message);
}

std::optional<double> to_double(std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  try {
    std::size_t used = 0;
    const std::string s(*text);
    double v = std::stod(s, &used);
    if (used == 0) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<long> to_long(std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  long v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc()) return std::nullopt;
  return v;
}

RateLimitHeaders read_headers(const net::HttpResponse& r) {
  RateLimitHeaders h;
  h.status = r.status;
  if (auto b = r.headers.get("X-RateLimit-Bucket")) h.bucket = std::string(*b);
  h.limit = to_long(r.headers.get("X-RateLimit-Limit"));
  h.remaining = to_long(r.headers.get("X-RateLimit-Remaining"));
  h.reset_after = to_double(r.headers.get("X-RateLimit-Reset-After"));
  if (auto s = r.headers.get("X-RateLimit-Scope")) h.scope = std::string(*s);
  if (auto g = r.headers.get("X-RateLimit-Global")) h.global = (*g == "true" || *g == "True");
  if (r.status == 429) {
    h.retry_after = to_double(r.headers.get("Retry-After"));
    boost::system::error_code ec;
    auto body = json::parse(r.body, ec);
    if (!ec && body.is_object()) {
      const auto& o = body.as_object();
      if (auto* ra = o.if_contains("retry_after"); ra && ra->is_number()) h.retry_after = ra->to_number<double>();
      if (auto* g = o.if_contains("global"); g && g->is_bool() && g->as_bool()) h.global = true;
    }
  }
  return h;
}

// Adds `nonce` and `enforce_nonce: true` to a message body, so Discord
// creates the message once however often the request is sent: a repeat by
// the same author within a few minutes returns the first message. Returns
// false (body unchanged) when the body is not a JSON object.
bool add_enforced_nonce(std::string& body, const std::string& nonce) {
  boost::system::error_code ec;
  auto parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return false;
  auto& object = parsed.as_object();
  if (!object.contains("nonce")) object["nonce"] = nonce;
  object["enforce_nonce"] = true;
  body = json::serialize(object);
  return true;
}

}  // namespace

DiscordError::DiscordError(unsigned status, int code, std::string discord_message, std::string route)
    : Error(user_text(status, code, discord_message),
            fmt::format("Discord REST {}: HTTP {} code {}: {}", route, status, code, discord_message)),
      status_(status),
      code_(code),
      discord_message_(std::move(discord_message)) {}

std::string encode_audit_reason(std::string_view reason) {
  std::string out;
  std::size_t chars = 0;
  std::size_t i = 0;
  while (i < reason.size() && chars < 512) {
    const auto c = static_cast<unsigned char>(reason[i]);
    // Length of this UTF-8 sequence (invalid lead bytes count as one).
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + len > reason.size()) break;
    for (std::size_t k = 0; k < len; ++k) {
      const auto b = static_cast<unsigned char>(reason[i + k]);
      if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' ||
          b == '.' || b == '~') {
        out += static_cast<char>(b);
      } else {
        out += fmt::format("%{:02X}", b);
      }
    }
    i += len;
    ++chars;
  }
  return out;
}

struct RestClient::Impl {
  asio::any_io_executor executor;
  RestOptions options;
  HttpTransport transport;
  RestRateLimiter limiter;
  std::string base;
  std::mt19937_64 rng{std::random_device{}()};
  std::mutex rng_mutex;

  Impl(asio::any_io_executor ex, RestOptions o, HttpTransport t)
      : executor(std::move(ex)), options(std::move(o)), transport(std::move(t)), limiter(options.limits) {
    base = options.api_base;
    while (!base.empty() && base.back() == '/') base.pop_back();
    base += "/v10";
  }

  asio::awaitable<void> sleep(std::chrono::milliseconds d) {
    asio::steady_timer timer(executor, d);
    co_await timer.async_wait(asio::use_awaitable);
  }

  std::chrono::milliseconds retry_delay(unsigned attempt) {
    const auto ceiling = options.retry_base * (1 << std::min(attempt, 6u));
    std::lock_guard lock(rng_mutex);
    std::uniform_int_distribution<std::int64_t> pick(ceiling.count() / 2, ceiling.count());
    return std::chrono::milliseconds(pick(rng));
  }

  // Discord takes a nonce of up to 25 characters; 19 random digits.
  std::string new_nonce() {
    std::lock_guard lock(rng_mutex);
    std::uniform_int_distribution<std::uint64_t> pick(1'000'000'000'000'000'000ULL, 9'999'999'999'999'999'999ULL);
    return std::to_string(pick(rng));
  }
};

RestClient::RestClient(asio::any_io_executor executor, RestOptions options, HttpTransport transport)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options), std::move(transport))) {}

RestClient::~RestClient() = default;

RestRateLimiter& RestClient::limiter() { return impl_->limiter; }

asio::awaitable<std::string> RestClient::request(Route route, std::string json_body, CallOptions call) {
  auto impl = impl_;
  unsigned failures = 0;
  unsigned limited = 0;
  // A request Discord may already have acted on (no answer, or a 5xx) is
  // sent again only when a repeat cannot do twice what it asks; otherwise a
  // message, DM or webhook post could appear twice.
  bool repeatable = route.repeatable();
  if (route.resend() == Resend::with_nonce) repeatable = add_enforced_nonce(json_body, impl->new_nonce());
  for (;;) {
    for (;;) {
      const auto d = impl->limiter.acquire(route, Clock::now());
      if (d.kind == RestRateLimiter::Decision::Kind::go) break;
      if (d.kind == RestRateLimiter::Decision::Kind::refuse) throw DiscordError(0, 0, "", route.template_key());
      co_await impl->sleep(d.wait);
    }

    net::HttpRequest req;
    req.method = std::string(route.method_text());
    req.target = impl->base + route.path();
    req.headers.set("Authorization", "Bot " + impl->options.token);
    req.headers.set("User-Agent", impl->options.user_agent);
    if (!json_body.empty()) {
      req.headers.set("Content-Type", "application/json");
      req.body = json_body;
    }
    if (!call.reason.empty()) req.headers.set("X-Audit-Log-Reason", encode_audit_reason(call.reason));

    net::HttpResponse resp;
    bool failed = false;
    std::string failure;
    try {
      resp = co_await impl->transport(std::move(req), call.timeout.value_or(impl->options.timeout));
    } catch (const std::exception& e) {
      failed = true;
      failure = e.what();
    }
    if (failed) {
      impl->limiter.abandon(route, Clock::now());
      if (!repeatable) {
        throw Error("Discord did not answer in time; it may or may not have done it.",
                    fmt::format("Discord REST {}: {} (not retried: the request is not idempotent)",
                                route.template_key(), failure));
      }
      if (++failures > impl->options.max_retries) {
        throw Error(
            "Discord did not answer; try again in a moment.",
            fmt::format("Discord REST {}: {} (gave up after {} attempts)", route.template_key(), failure, failures));
      }
      spdlog::warn("Discord REST {}: {}; retrying", route.template_key(), failure);
      co_await impl->sleep(impl->retry_delay(failures));
      continue;
    }

    impl->limiter.complete(route, read_headers(resp), Clock::now());
    if (resp.status >= 200 && resp.status < 300) co_return std::move(resp.body);
    if (resp.status == 429 && ++limited <= impl->options.max_429_retries) continue;  // the limiter waits
    if (resp.status >= 500 && resp.status != 501 && repeatable && ++failures <= impl->options.max_retries) {
      spdlog::warn("Discord REST {}: HTTP {}; retrying", route.template_key(), resp.status);
      co_await impl->sleep(impl->retry_delay(failures));
      continue;
    }
    int code = 0;
    std::string message;
    boost::system::error_code ec;
    auto body = json::parse(resp.body, ec);
    if (!ec && body.is_object()) {
      const auto& o = body.as_object();
      if (auto* c = o.if_contains("code"); c && c->is_int64()) code = static_cast<int>(c->as_int64());
      if (auto* m = o.if_contains("message"); m && m->is_string()) message = std::string(m->as_string());
    }
    if (resp.status == 401) {
      spdlog::error("Discord REST: 401 Unauthorized: the bot token is wrong or was reset (DISCORD_TOKEN).");
    }
    throw DiscordError(resp.status, code, std::move(message), route.template_key());
  }
}

}  // namespace dbot::discord
