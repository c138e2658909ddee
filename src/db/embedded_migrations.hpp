#pragma once
// The SQL migrations compiled into the binary (generated from migrations/*.sql
// by cmake/GenerateMigrations.cmake), in file-name order.

#include <string_view>
#include <vector>

namespace dbot::db {

struct EmbeddedMigration {
  std::string_view name;  // file name, e.g. "0001_init.sql"
  std::string_view sql;   // the file's exact bytes
};

const std::vector<EmbeddedMigration>& embedded_migrations();

}  // namespace dbot::db
