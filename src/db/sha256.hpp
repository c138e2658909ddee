#pragma once
// SHA-256 for migration checksums (FIPS 180-4). The db layer links only core
// and libpq, so it carries this small implementation instead of OpenSSL.

#include <string>
#include <string_view>

namespace dbot::db {

// Lower-case hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace dbot::db
