#pragma once
// SQL expressions for the advisory-lock keys, one namespace per purpose so the
// migration lock and the schema lease of one schema never collide. $1 is the
// schema name.

namespace dbot::db::lock_keys {

inline constexpr const char* kMigrationKey = "hashtext('dbot-migrate:' || $1)::bigint";
inline constexpr const char* kLeaseKey = "hashtext('dbot-schema:' || $1)::bigint";

}  // namespace dbot::db::lock_keys
