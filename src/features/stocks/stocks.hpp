#pragma once
// Virtual stock trading: the `stock` command group and the reset buttons.

#include <memory>

#include "bot/feature.hpp"

namespace dbot::features {

std::unique_ptr<bot::Feature> make_stocks_feature();

}  // namespace dbot::features
