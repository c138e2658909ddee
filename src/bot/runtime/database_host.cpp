#include "bot/runtime/database_host.hpp"

#include <spdlog/spdlog.h>

#include "db/embedded_postgres.hpp"

namespace dbot::bot {

DatabaseHost::DatabaseHost() = default;

DatabaseHost::~DatabaseHost() { stop_all(); }

std::filesystem::path DatabaseHost::embedded_directory(const config::InstanceConfig& config) {
  return std::filesystem::weakly_canonical(std::filesystem::absolute(config.env.data_dir / "postgres"));
}

std::string DatabaseHost::url_for(const config::InstanceConfig& config) {
  if (config.env.database_url) return *config.env.database_url;
  const auto directory = embedded_directory(config);
  auto& cluster = clusters_[directory];
  if (!cluster) {
    spdlog::info("DATABASE_URL is not set: using the embedded Postgres cluster in {}", directory.string());
    cluster = std::make_unique<db::EmbeddedPostgres>(db::EmbeddedPostgresOptions{.directory = directory});
    cluster->start();
  }
  return cluster->url();
}

void DatabaseHost::stop_all() {
  for (auto& [directory, cluster] : clusters_) {
    try {
      cluster->stop();
    } catch (const std::exception& e) {
      spdlog::error("Stopping the embedded Postgres in {} failed: {}", directory.string(), e.what());
    }
  }
  clusters_.clear();
}

}  // namespace dbot::bot
