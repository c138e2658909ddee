#pragma once
// SHA-256 for migration checksums: OpenSSL's (libcrypto), which the process
// links for TLS anyway.

#include <string>
#include <string_view>

namespace dbot::db {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace dbot::db
