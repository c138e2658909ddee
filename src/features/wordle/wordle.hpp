#pragma once
// Wordle: the `wordle` command group and guesses typed in the channel.

#include <memory>

#include "bot/feature.hpp"

namespace dbot::features {

std::unique_ptr<bot::Feature> make_wordle_feature();

}  // namespace dbot::features
