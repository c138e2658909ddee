#pragma once
// Text files an instance directory holds besides .env and config.toml (the
// prompt files features name): read whole, checked to be UTF-8 and
// not blank.

#include <filesystem>
#include <string>

namespace dbot::config {

enum class TextFile { ok, missing, unreadable, not_utf8, empty };

TextFile read_text_file(const std::filesystem::path& path, std::string& out);

// "file not found", "is empty", ...
std::string describe(TextFile status);

// `name` itself when absolute, else `dir / name`.
std::filesystem::path file_beside(const std::filesystem::path& dir, const std::string& name);

}  // namespace dbot::config
