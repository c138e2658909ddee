#pragma once
// Connections: the `connections` command group and the board's buttons.

#include <memory>

#include "bot/feature.hpp"

namespace dbot::features {

std::unique_ptr<bot::Feature> make_connections_feature();

}  // namespace dbot::features
