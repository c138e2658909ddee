#pragma once
// The stocks section (`[stocks]`) and the quote provider's key and URL
// (FINNHUB_API_KEY, FINNHUB_API_BASE).

#include <chrono>
#include <optional>
#include <string>

#include "core/config/section.hpp"

namespace dbot::features::stocks {

struct StocksConfig {
  std::chrono::seconds max_quote_age{15};
  std::optional<std::string> finnhub_api_key;  // secret; unset: stock commands say "not configured"
  std::string finnhub_api_base = "https://finnhub.io/api/v1";
};

const config::ConfigSection& config_section();

}  // namespace dbot::features::stocks
