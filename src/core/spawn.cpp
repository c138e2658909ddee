#include "core/spawn.hpp"

#include <spdlog/spdlog.h>

namespace dbot::detail {

void log_escaped(const std::string& what, std::exception_ptr error) noexcept {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", what, e.what());
  } catch (...) {
    spdlog::error("{} failed with an unknown exception", what);
  }
}

}  // namespace dbot::detail
