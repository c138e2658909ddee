#pragma once
// Reading what a bot instance stored: one blocking query against the test
// Postgres (TEST_DATABASE_URL) with search_path set to the instance's schema.

#include <string>

#include "db/result.hpp"

namespace dbot::test {

db::Result query_schema(const std::string& schema, const std::string& sql);

}  // namespace dbot::test
