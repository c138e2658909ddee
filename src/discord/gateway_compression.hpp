#pragma once
// Transport compression of the gateway: `zlib-stream` (one inflate context per
// connection; a message is complete when the buffered input ends with
// 00 00 ff ff) and `zstd-stream` (one decompression stream per connection;
// each WebSocket message is one payload, decompressed until its input is
// consumed).

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace dbot::discord {

enum class GatewayCompression { none, zlib_stream, zstd_stream };

// "zlib-stream", "zstd-stream", "none"; anything else → nullopt-ish: returns false.
bool parse_gateway_compression(std::string_view text, GatewayCompression& out);
std::string_view to_string(GatewayCompression c);

class GatewayDecoder {
 public:
  virtual ~GatewayDecoder() = default;
  // Feeds one WebSocket message. Returns true and fills `out` when a whole
  // gateway payload is available; false while more frames are needed.
  // Throws dbot::Error on corrupt data (the connection must be dropped).
  virtual bool feed(std::string_view frame, std::string& out) = 0;
};

// Bounds against decompression bombs: a payload that inflates past
// max_payload_bytes, or zlib input buffered past max_pending_bytes while
// waiting for 00 00 ff ff, throws dbot::Error (the shard drops the
// connection and resumes). Discord's largest payloads (GUILD_CREATE of a big
// guild) are a few MiB.
struct GatewayDecoderLimits {
  std::size_t max_payload_bytes = 64u << 20;
  std::size_t max_pending_bytes = 16u << 20;
};

std::unique_ptr<GatewayDecoder> make_gateway_decoder(GatewayCompression compression, GatewayDecoderLimits limits = {});

}  // namespace dbot::discord
