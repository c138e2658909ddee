// libFuzzer target for the MCP JSON-RPC parser and the SSE body reader.
// Build: fuzz/mcp_build.sh (clang, -fsanitize=fuzzer,address,undefined), or
// CMake with -DDBOT_BUILD_FUZZ=ON and CXX=clang++ (see fuzz/mcp_fuzz.cmake).
// Run:   build-fuzz/mcp_jsonrpc_fuzz -max_total_time=60 fuzz/mcp_corpus

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "mcp/transport/jsonrpc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace rpc = dbot::mcp::jsonrpc;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto outcome = rpc::parse(text);
  // Exactly one of message / error, always.
  if (outcome.message.has_value() == outcome.error.has_value()) std::abort();
  if (outcome.error) {
    auto reply = rpc::serialize_error(outcome.error_id, *outcome.error);
    if (!rpc::parse(reply).message) std::abort();  // our own errors must parse back
  } else if (auto* request = std::get_if<rpc::Request>(&*outcome.message)) {
    auto again = rpc::parse(rpc::serialize_request(request->id, request->method, request->params));
    if (!again.message) std::abort();
  }
  (void)rpc::message_from_body(text, "text/event-stream");
  return 0;
}
