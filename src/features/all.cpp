#include "features/all.hpp"

#include "features/admin/admin.hpp"
#include "features/connections/connections.hpp"
#include "features/minecraft/minecraft.hpp"
#include "features/moderation/moderation.hpp"
#include "features/roles/roles.hpp"
#include "features/stocks/stocks.hpp"
#include "features/wordle/wordle.hpp"

namespace dbot::features {

std::vector<std::unique_ptr<bot::Feature>> all_features() {
  std::vector<std::unique_ptr<bot::Feature>> features;
  features.push_back(make_admin_feature());
  features.push_back(make_moderation_feature());
  features.push_back(make_auto_role_feature());
  features.push_back(make_join_role_feature());
  features.push_back(make_minecraft_feature());
  features.push_back(make_stocks_feature());
  features.push_back(make_wordle_feature());
  features.push_back(make_connections_feature());
  return features;
}

}  // namespace dbot::features
