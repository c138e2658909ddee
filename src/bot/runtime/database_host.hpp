#pragma once
// Where each instance's database lives: its DATABASE_URL, or otherwise the
// embedded Postgres cluster under its DATA_DIR. Instances that share a data
// directory share one embedded cluster (one server, one schema each), started
// on first use and stopped with stop_all().

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "core/config/instance_config.hpp"

namespace dbot::db {
class EmbeddedPostgres;
}

namespace dbot::bot {

class DatabaseHost {
 public:
  DatabaseHost();
  ~DatabaseHost();  // stops the clusters it started
  DatabaseHost(const DatabaseHost&) = delete;
  DatabaseHost& operator=(const DatabaseHost&) = delete;

  // Blocking when it has to start a cluster: call at start-up only.
  // Throws dbot::Error when the embedded cluster cannot start.
  std::string url_for(const config::InstanceConfig& config);

  void stop_all();

  // "<DATA_DIR>/postgres": where an instance's embedded cluster lives.
  static std::filesystem::path embedded_directory(const config::InstanceConfig& config);

 private:
  std::map<std::filesystem::path, std::unique_ptr<db::EmbeddedPostgres>> clusters_;
};

}  // namespace dbot::bot
