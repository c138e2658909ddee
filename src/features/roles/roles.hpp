#pragma once
// Role automation: auto-role promotion (`[auto_role]`, features.auto_role)
// and the join role (`[join_role]`, features.join_role). See docs/roles.md.

#include <memory>

#include "bot/feature.hpp"

namespace dbot::features {

std::unique_ptr<bot::Feature> make_auto_role_feature();
std::unique_ptr<bot::Feature> make_join_role_feature();

}  // namespace dbot::features
