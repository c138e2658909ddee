#pragma once
// The welcome section (`[welcome]`, features.welcome): the channel AI
// welcome messages go to and the prompt they are written from.

#include <string>

#include "core/config/section.hpp"
#include "core/snowflake.hpp"

namespace dbot::features::welcome {

struct Welcome {
  Snowflake channel;
  std::string prompt_file = "welcome_prompt.txt";
  std::string prompt;  // the file's contents, loaded and non-empty
};

// Parsed after features::ai::config_section(), which it consults.
const config::ConfigSection& config_section();

}  // namespace dbot::features::welcome
