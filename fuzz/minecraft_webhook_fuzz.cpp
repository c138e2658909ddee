// libFuzzer target for the chargeback webhook's body checks (payload parser,
// timestamp parser, replay key) and the plugin's donator/verify answers.
// Build and run: fuzz/minecraft_build.sh [seconds]

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/error.hpp"
#include "features/minecraft/chargeback_event.hpp"
#include "features/minecraft/plugin_client.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace mc = dbot::features::minecraft;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = mc::parse_chargeback(text);
  if (const auto* event = std::get_if<mc::ChargebackEvent>(&parsed)) {
    // Accepted events always satisfy the documented limits.
    if (event->uuid.empty() || event->uuid.size() > 64 || event->username.empty() || event->username.size() > 64) {
      std::abort();
    }
    if (mc::replay_key(*event, text).empty()) std::abort();
  } else if (std::get<std::string>(parsed).empty()) {
    std::abort();  // a refusal always says why
  }
  (void)mc::parse_event_time(text);
  try {
    (void)mc::parse_donators_response(text);
  } catch (const dbot::Error&) {
  }
  try {
    (void)mc::parse_verify_response(text);
  } catch (const dbot::Error&) {
  }
  return 0;
}
