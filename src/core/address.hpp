#pragma once
// Address helpers used by the config validation and every listener.

#include <optional>
#include <string>
#include <string_view>

namespace dbot {

// True when `address` (IPv4, IPv6 with or without brackets, or "localhost")
// is a loopback address: 127.0.0.0/8, ::1, ::ffff:127.x.y.z, localhost.
// Unparsable text is not loopback.
bool is_loopback_address(std::string_view address);

// True when `address` parses as an IPv4/IPv6 literal or is "localhost".
bool is_valid_bind_address(std::string_view address);

}  // namespace dbot
