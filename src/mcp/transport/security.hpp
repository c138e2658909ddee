#pragma once
// Security primitives of the MCP transport: SHA-256, constant-time secret
// comparison, random session ids, and the Host / Origin allowlists that defend
// a local server against DNS rebinding.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/address.hpp"

namespace dbot::mcp {

using Sha256Digest = std::array<unsigned char, 32>;

// Throws dbot::Error when OpenSSL fails (it does not, short of memory).
Sha256Digest sha256(std::string_view data);
std::string to_hex(const unsigned char* bytes, std::size_t size);
std::string sha256_hex(std::string_view data);

// Compares two secrets without revealing where they differ or how long the
// expected one is: both sides are hashed to equal-length digests first.
bool secrets_equal(std::string_view presented, std::string_view expected);
bool digest_equals(std::string_view presented, const Sha256Digest& expected);

// `bytes` bytes from the OpenSSL CSPRNG as lower-case hex (visible ASCII, as
// the MCP transport requires for Mcp-Session-Id).
std::string random_token_hex(std::size_t bytes = 32);

std::string ascii_lower(std::string_view text);

// The Host allowlist lives in core (doctor asks it of compose files too).
using dbot::host_allowed;
using dbot::host_without_port;

// The Origin allowlist: an absent Origin is fine (non-browser clients); a
// present one must be a loopback http(s) origin or listed exactly
// ("https://example.com" or "https://example.com:8443").
bool origin_allowed(std::optional<std::string_view> origin, const std::vector<std::string>& extra_allowed);

}  // namespace dbot::mcp
