#pragma once
// The moderation section (`[moderation]`): how often tempbans are checked.

#include <chrono>

#include "core/config/section.hpp"

namespace dbot::features::moderation {

struct ModerationConfig {
  std::chrono::seconds tempban_check_interval{30};
};

const config::ConfigSection& config_section();

}  // namespace dbot::features::moderation
