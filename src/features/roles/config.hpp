#pragma once
// The role automation sections: `[auto_role]` (features.auto_role) and
// `[join_role]` (features.join_role).

#include <chrono>
#include <cstdint>

#include "core/config/section.hpp"
#include "core/snowflake.hpp"

namespace dbot::features::roles {

struct AutoRoleConfig {
  Snowflake from_role;
  Snowflake to_role;
  std::chrono::seconds min_age = std::chrono::hours(72);
  std::int64_t min_messages = 20;
  bool require_all = false;
};

struct JoinRoleConfig {
  Snowflake role;
};

const config::ConfigSection& auto_role_section();
const config::ConfigSection& join_role_section();

}  // namespace dbot::features::roles
