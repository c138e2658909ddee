#pragma once
// The chargeback webhook's request checks, free of I/O so each is
// unit-tested: the bearer secret (compared in constant time), the body cap,
// the payload, the timestamp window and the replay key.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/snowflake.hpp"

namespace dbot::features::minecraft {

inline constexpr std::size_t kChargebackMaxBody = 16 * 1024;
inline constexpr std::chrono::seconds kChargebackWindow{300};

struct ChargebackEvent {
  std::string uuid;
  std::string username;
  std::optional<Snowflake> discord_id;
  std::string tier;
  std::string timestamp;  // as sent, shown in the alert
  std::int64_t unix_seconds = 0;
  std::optional<std::string> id;  // the plugin's event id, when it sends one
};

// True when `authorization` is exactly "Bearer <secret>". The comparison
// takes the same time wherever the strings differ and whatever their length.
bool bearer_matches(std::optional<std::string_view> authorization, std::string_view secret);

// Seconds since the epoch from Unix seconds, Unix milliseconds or an
// RFC 3339 date-time ("2026-11-27T13:00:00Z", "...+01:00", fractions allowed).
std::optional<std::int64_t> parse_event_time(std::string_view text);

// The payload, or a sentence saying what is wrong with it.
std::variant<ChargebackEvent, std::string> parse_chargeback(std::string_view body);

// Whether the event's time is within kChargebackWindow of `now_unix`.
bool within_window(const ChargebackEvent& event, std::int64_t now_unix);

// What makes two deliveries the same event: the plugin's id when present,
// otherwise a hash of the whole body.
std::string replay_key(const ChargebackEvent& event, std::string_view body);

}  // namespace dbot::features::minecraft
