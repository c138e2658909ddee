#include "core/config/text_file.hpp"

#include <fstream>
#include <sstream>

namespace dbot::config {
namespace {

// RFC 3629 well-formedness (no overlongs, no surrogates, at most U+10FFFF).
bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned min_second = 0x80;
    unsigned max_second = 0xBF;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      if (byte == 0xE0) min_second = 0xA0;
      if (byte == 0xED) max_second = 0x9F;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      if (byte == 0xF0) min_second = 0x90;
      if (byte == 0xF4) max_second = 0x8F;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < min_second || second > max_second) return false;
    for (std::size_t k = 2; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next < 0x80 || next > 0xBF) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

TextFile read_text_file(const std::filesystem::path& path, std::string& out) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return TextFile::missing;
  std::ifstream in(path, std::ios::binary);
  if (!in) return TextFile::unreadable;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  if (!is_valid_utf8(out)) return TextFile::not_utf8;
  if (out.find_first_not_of(" \t\r\n") == std::string::npos) return TextFile::empty;
  return TextFile::ok;
}

std::string describe(TextFile status) {
  switch (status) {
    case TextFile::missing: return "file not found";
    case TextFile::unreadable: return "cannot be read";
    case TextFile::not_utf8: return "is not valid UTF-8";
    case TextFile::empty: return "is empty";
    case TextFile::ok: break;
  }
  return "ok";
}

std::filesystem::path file_beside(const std::filesystem::path& dir, const std::string& name) {
  const std::filesystem::path file(name);
  return file.is_absolute() ? file : dir / file;
}

}  // namespace dbot::config
