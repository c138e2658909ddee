#include "features/games_common/puzzles.hpp"

#include <spdlog/spdlog.h>

#include "bot/instance.hpp"
#include "core/error.hpp"
#include "db/pool.hpp"
#include "features/games_common/puzzle_config.hpp"
#include "net/http_client.hpp"

namespace dbot::features::games {
namespace asio = boost::asio;

namespace {

constexpr auto kFetchTimeout = std::chrono::seconds(10);

std::string with_date(std::string text, const std::string& date) {
  const auto at = text.find("{date}");
  if (at != std::string::npos) text.replace(at, 6, date);
  return text;
}

}  // namespace

asio::awaitable<std::string> load_puzzle(bot::Instance& instance, const PuzzleKind& kind, Date date,
                                         const std::function<void(const std::string&)>& validate) {
  const auto day = format_date(date);
  auto& pool = instance.db();
  const auto cached =
      co_await pool.execute("SELECT body FROM puzzle_cache WHERE kind = $1 AND puzzle_date = $2::date", kind.name, day);
  if (!cached.empty()) co_return cached.get<std::string>(0, "body");

  net::HttpRequest request;
  request.method = "GET";
  request.target = instance.config().required_section<PuzzleConfig>().api_base + "/" + kind.path + "/" + day + ".json";
  request.headers.set("Accept", "application/json");
  net::HttpResponse response;
  std::optional<std::string> failure;
  try {
    response = co_await instance.http()->request(std::move(request), kFetchTimeout);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (failure) throw Error(kind.fetch_failed + " the puzzle site did not answer. Try again later.", *failure);
  if (response.status < 200 || response.status >= 300) {
    throw Error(with_date(kind.not_found, day),
                kind.name + " puzzle " + day + ": HTTP " + std::to_string(response.status));
  }
  validate(response.body);
  try {
    co_await pool.execute(
        "INSERT INTO puzzle_cache (kind, puzzle_date, body) VALUES ($1, $2::date, $3) ON CONFLICT DO NOTHING",
        kind.name, day, response.body);
  } catch (const std::exception& e) {
    spdlog::warn("Caching the {} puzzle of {} failed: {}", kind.name, day, e.what());
  }
  co_return response.body;
}

}  // namespace dbot::features::games
