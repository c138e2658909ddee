#include "mcp/transport/security.hpp"

#include <cctype>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/error.hpp"

namespace dbot::mcp {

Sha256Digest sha256(std::string_view data) {
  Sha256Digest digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 || length != 32) {
    throw Error("Internal error", "EVP_Digest(SHA-256) failed");
  }
  return digest;
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xF]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  auto digest = sha256(data);
  return to_hex(digest.data(), digest.size());
}

bool secrets_equal(std::string_view presented, std::string_view expected) {
  auto a = sha256(presented);
  auto b = sha256(expected);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool digest_equals(std::string_view presented, const Sha256Digest& expected) {
  auto a = sha256(presented);
  return CRYPTO_memcmp(a.data(), expected.data(), a.size()) == 0;
}

std::string random_token_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
    throw Error("Internal error", "RAND_bytes failed");
  }
  return to_hex(buffer.data(), buffer.size());
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool origin_allowed(std::optional<std::string_view> origin, const std::vector<std::string>& extra_allowed) {
  if (!origin) return true;
  std::string value = ascii_lower(*origin);
  for (const auto& entry : extra_allowed) {
    if (entry == "*" || ascii_lower(entry) == value) return true;
  }
  std::string_view rest = value;
  if (rest.substr(0, 7) == "http://") {
    rest.remove_prefix(7);
  } else if (rest.substr(0, 8) == "https://") {
    rest.remove_prefix(8);
  } else {
    return false;  // "null", file://, chrome-extension://, garbage
  }
  if (rest.empty() || rest.find('/') != std::string_view::npos || rest.find('@') != std::string_view::npos)
    return false;
  std::string host = host_without_port(rest);
  return is_loopback_address(host);
}

}  // namespace dbot::mcp
