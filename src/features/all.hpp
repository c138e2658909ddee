#pragma once
// The features every instance runs. Adding a feature: write it in its own
// folder and add one line to all_features().

#include <memory>
#include <vector>

#include "bot/feature.hpp"

namespace dbot::features {

std::vector<std::unique_ptr<bot::Feature>> all_features();

}  // namespace dbot::features
