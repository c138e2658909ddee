#pragma once
// Gateway transport compression. zlib-stream: one deflate context per
// connection, each message ends with a Z_SYNC_FLUSH (00 00 ff ff).
// zstd-stream: one ZSTD_CStream per connection, each message flushed with
// ZSTD_e_flush without ending the frame. The matching decompressors are for
// tests and clients.

#include <memory>
#include <string>
#include <string_view>

namespace dbot::sim {

enum class Compression { none, zlib_stream, zstd_stream };

// "zlib-stream" / "zstd-stream" / anything else: none.
Compression parse_compression(std::string_view name);

class StreamCompressor {
 public:
  virtual ~StreamCompressor() = default;
  virtual std::string compress(std::string_view message) = 0;
};

class StreamDecompressor {
 public:
  virtual ~StreamDecompressor() = default;
  // One websocket message in, the gateway message out. Throws dbot::Error on corrupt input.
  virtual std::string decompress(std::string_view frame) = 0;
};

// nullptr for Compression::none.
std::unique_ptr<StreamCompressor> make_compressor(Compression kind);
std::unique_ptr<StreamDecompressor> make_decompressor(Compression kind);

}  // namespace dbot::sim
