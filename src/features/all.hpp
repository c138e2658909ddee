#pragma once
// The feature modules every instance runs, MCP server included: the one list
// of features (features/all.cpp). Adding a feature: write it in its own
// folder and add one entry there.

#include <span>
#include <vector>

#include "bot/feature.hpp"

namespace dbot::config {
struct ConfigSection;
}

namespace dbot::features {

std::span<const bot::FeatureModule> all_modules();

// Every module's configuration sections, each once, in module order: what
// load_instance() reads and what the configuration reference documents.
std::vector<const config::ConfigSection*> config_sections();

}  // namespace dbot::features
