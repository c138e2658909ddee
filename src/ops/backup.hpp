#pragma once
// `discord-bot backup` and `restore`: a compressed pg_dump of one instance
// schema, retention, and restores (in place, or into a throwaway schema to
// prove a dump is usable). Blocking: these run as one-shot commands.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ops/backup_files.hpp"

namespace dbot::ops {

struct BackupTarget {
  std::string url;            // the instance's database (secret: may hold a password)
  std::string schema;         // the instance schema
  std::filesystem::path dir;  // where dumps go
  unsigned keep_days = 30;
};

struct BackupResult {
  std::filesystem::path file;
  std::int64_t size_bytes = 0;
  std::vector<std::filesystem::path> pruned;  // removed by retention
  bool recorded = false;                      // written to ops_backups
};

// Dumps the schema (pg_dump custom format, compressed) to a new file in
// target.dir (created 0700; the file is 0600), then removes dumps older than
// keep_days (never the newest), and records the outcome, failed or not, in
// the schema's ops_backups table. Throws dbot::Error on failure.
BackupResult run_backup(const BackupTarget& target, std::string_view label = {});

struct VerifyResult {
  std::string scratch_schema;  // where it was restored (dropped again)
  int tables = 0;
  std::int64_t rows = 0;
  std::vector<std::string> migrations_applied;  // newer than the dump
  bool recorded = false;
};

// Restores `file` into a throwaway schema, applies the bundled migrations to
// it, reads every row of every table it has (found in information_schema, so
// tables added by any feature are covered), and drops the schema. The live
// schema is never changed; the outcome is recorded in its ops_backups table.
VerifyResult verify_backup(const std::string& url, const std::string& schema, const std::filesystem::path& file);

struct RestoreResult {
  std::filesystem::path safety_backup;  // the schema as it was, dumped first
  std::vector<std::string> migrations_applied;
  bool recorded = false;
};

// Replaces the live schema with the dump's contents in one transaction (the
// old contents stay if anything fails), after dumping the current schema to
// `safety_dir`. Refuses while a running instance holds the schema.
RestoreResult restore_backup(const BackupTarget& target, const std::filesystem::path& file);

}  // namespace dbot::ops
