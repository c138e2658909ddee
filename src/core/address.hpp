#pragma once
// Address helpers used by the config validation and every listener.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbot {

// True when `address` (IPv4, IPv6 with or without brackets, or "localhost")
// is a loopback address: 127.0.0.0/8, ::1, ::ffff:127.x.y.z, localhost.
// Unparsable text is not loopback.
bool is_loopback_address(std::string_view address);

// True when `address` parses as an IPv4/IPv6 literal or is "localhost".
bool is_valid_bind_address(std::string_view address);

// "host", "host:port", "[v6]", "[v6]:port", "v6" -> the host part, lower-cased.
std::string host_without_port(std::string_view authority);

// The Host allowlist of the MCP listeners: loopback names always; plus the
// configured names (with or without a port; "*" allows any host, for
// operators who know why). Here rather than in the MCP transport so `doctor`
// can ask the same question of a compose file.
bool host_allowed(std::string_view host_header, const std::vector<std::string>& extra_allowed);

}  // namespace dbot
