#pragma once
// Helpers for the backup/restore tests: run SQL, fill every table of a
// schema with synthesized rows (tables are discovered, so tables added by
// any feature's migrations are covered), and fingerprint a schema's contents.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "db/connection.hpp"
#include "db/identifiers.hpp"
#include "integration/db/db_test_support.hpp"

namespace dbot::ops::testing {

using db::testing::run;

inline db::Result sql(const std::string& url, const std::string& text) {
  return run([&]() -> boost::asio::awaitable<db::Result> {
    db::ConnectOptions options(url, "");
    auto connection = co_await db::Connection::connect(options);
    co_return co_await connection->query(text);
  }());
}

inline std::vector<std::string> tables_of(const std::string& url, const std::string& schema) {
  auto result = sql(url, fmt::format("SELECT table_name FROM information_schema.tables WHERE table_schema = '{}' "
                                     "AND table_type = 'BASE TABLE' ORDER BY table_name",
                                     schema));
  std::vector<std::string> names;
  for (std::size_t i = 0; i < result.rows(); ++i) names.push_back(result.get<std::string>(i, "table_name"));
  return names;
}

// table -> "row count:md5 of the sorted rows", for every table.
inline std::map<std::string, std::string> fingerprint(const std::string& url, const std::string& schema,
                                                      const std::vector<std::string>& skip = {}) {
  std::map<std::string, std::string> out;
  for (const auto& table : tables_of(url, schema)) {
    if (std::find(skip.begin(), skip.end(), table) != skip.end()) continue;
    auto result = sql(url, fmt::format("SELECT count(*)::text || ':' || COALESCE(md5(string_agg(t::text, '|' ORDER BY "
                                       "t::text)), '-') AS f FROM {}.{} t",
                                       db::quote_identifier(schema), db::quote_identifier(table)));
    out[table] = result.get<std::string>(0, "f");
  }
  return out;
}

// A value of `type` for row `n`, honouring a CHECK (... IN ('a','b')) list.
inline std::optional<std::string> synthesize(const std::string& type, const std::string& udt, const std::string& check,
                                             int n) {
  if (!check.empty()) {
    const auto quote = check.find('\'');
    if (quote != std::string::npos) {
      const auto end = check.find('\'', quote + 1);
      if (end != std::string::npos) return check.substr(quote, end - quote + 1);
    }
  }
  if (type == "smallint" || type == "integer" || type == "bigint") return std::to_string(n);
  if (type == "numeric" || type == "real" || type == "double precision") return fmt::format("{}.25", n);
  if (type == "text" || type == "character varying") return fmt::format("'value {} with ''quotes'' and ünïcode'", n);
  if (type == "character") return "'v'";
  if (type == "boolean") return "true";
  if (type.starts_with("timestamp") || type == "date") return fmt::format("now() - interval '{} days'", n);
  if (type == "jsonb" || type == "json") return fmt::format("'{{\"n\": {}, \"nested\": {{\"ok\": true}}}}'", n);
  if (type == "bytea") return "'\\x00ff10'::bytea";
  if (type == "uuid") return "gen_random_uuid()";
  if (type == "interval") return "interval '90 minutes'";
  if (type == "inet") return "'127.0.0.1'";
  if (type == "ARRAY") return "'{}'";
  if (type == "USER-DEFINED") {
    return fmt::format(
        "(SELECT enumlabel::text FROM pg_enum WHERE enumtypid = '{}'::regtype ORDER BY enumsortorder "
        "LIMIT 1)::{}",
        udt, udt);
  }
  return std::nullopt;
}

// Inserts up to two synthesized rows into every table of `schema` (a few
// passes, so foreign keys to other tables can be satisfied). Returns the
// tables that stayed empty, each with the last error.
inline std::map<std::string, std::string> fill_every_table(const std::string& url, const std::string& schema) {
  std::map<std::string, std::string> empty;
  for (const auto& table : tables_of(url, schema)) {
    auto rows = sql(
        url, fmt::format("SELECT count(*) AS n FROM {}.{}", db::quote_identifier(schema), db::quote_identifier(table)));
    if (rows.get<std::int64_t>(0, "n") == 0) empty[table] = "not tried";
  }
  for (int pass = 0; pass < 3 && !empty.empty(); ++pass) {
    for (auto it = empty.begin(); it != empty.end();) {
      const auto& table = it->first;
      auto columns =
          sql(url,
              fmt::format("SELECT c.column_name, c.data_type, c.udt_name, c.column_default IS NOT NULL AS has_default, "
                          "COALESCE((SELECT string_agg(pg_get_constraintdef(k.oid), ' ') FROM pg_constraint k "
                          "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey) "
                          "WHERE k.conrelid = '{0}.{1}'::regclass AND k.contype = 'c' AND a.attname = c.column_name "
                          "AND pg_get_constraintdef(k.oid) LIKE '%ANY%'), '') AS in_list "
                          "FROM information_schema.columns c WHERE c.table_schema = '{2}' AND c.table_name = '{3}' "
                          "ORDER BY c.ordinal_position",
                          db::quote_identifier(schema), db::quote_identifier(table), schema, table));
      bool inserted = false;
      std::string error;
      for (int n = 1; n <= 2; ++n) {
        std::vector<std::string> names;
        std::vector<std::string> values;
        for (std::size_t i = 0; i < columns.rows(); ++i) {
          if (columns.get<bool>(i, "has_default")) continue;
          auto value = synthesize(columns.get<std::string>(i, "data_type"), columns.get<std::string>(i, "udt_name"),
                                  columns.get<std::string>(i, "in_list"), n);
          if (!value) continue;
          names.push_back(db::quote_identifier(columns.get<std::string>(i, "column_name")));
          values.push_back(*value);
        }
        std::string names_text;
        std::string values_text;
        for (std::size_t i = 0; i < names.size(); ++i) {
          names_text += (i ? ", " : "") + names[i];
          values_text += (i ? ", " : "") + values[i];
        }
        const auto statement = names.empty()
                                   ? fmt::format("INSERT INTO {}.{} DEFAULT VALUES", db::quote_identifier(schema),
                                                 db::quote_identifier(table))
                                   : fmt::format("INSERT INTO {}.{} ({}) VALUES ({})", db::quote_identifier(schema),
                                                 db::quote_identifier(table), names_text, values_text);
        try {
          sql(url, statement);
          inserted = true;
        } catch (const std::exception& e) {
          error = e.what();
        }
      }
      if (inserted) {
        it = empty.erase(it);
      } else {
        it->second = error;
        ++it;
      }
    }
  }
  return empty;
}

}  // namespace dbot::ops::testing
